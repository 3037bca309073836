import { useEffect, type FormEvent, type ReactNode } from 'react';
import type { NoeudJson } from '../../partage/explication.schema.ts';
import type { CitationJson } from './Explication.tsx';
import { Explication, TextesAppliques } from './Explication.tsx';
import { useSimulation } from './useSimulation.ts';

/** Helpers given to a form's fields: the French error of a field and its ARIA attributes. */
export interface OutilsChamps {
  erreur: (champ: string) => ReactNode;
  aria: (champ: string) => Record<string, unknown>;
}

export interface ProprietesPageSimulation<R> {
  url: string;
  titreDocument: string;
  sousTitre: string;
  chapo: ReactNode;
  idAide: string;
  libelleBouton: string;
  titreResultat: string | ((r: R) => string);
  /** The form's fieldsets. */
  champs: (outils: OutilsChamps) => ReactNode;
  /** The request body from the form's data. */
  corps: (f: FormData) => unknown;
  /** What the result shows before its explanation and the texts applied. */
  resultat: (r: R) => ReactNode;
  explication?: (r: R) => NoeudJson | null;
  citations?: (r: R) => CitationJson[];
}

/**
 * The scaffolding shared by the simulation pages (« Simuler un financement »): titles, form
 * with the required-fields note, submit button, live result section with the problem or the
 * result, its explanation tree and the texts applied; focus moves to the result heading.
 */
export function PageSimulation<R>(p: ProprietesPageSimulation<R>) {
  const { resultat, probleme, enCours, titre, simuler, erreurDe, aria } = useSimulation<R>(p.url);
  useEffect(() => {
    document.title = p.titreDocument;
  }, [p.titreDocument]);
  const erreur = (champ: string) => {
    const e = erreurDe(champ);
    return e ? (
      <span id={`erreur-${champ}`} className="erreur-champ">
        {e}
      </span>
    ) : null;
  };
  function soumettre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    void simuler(p.corps(new FormData(ev.currentTarget)));
  }
  const explication = resultat && p.explication ? p.explication(resultat) : null;
  return (
    <>
      <h1>Simuler un financement</h1>
      <h2>{p.sousTitre}</h2>
      <p className="chapo">{p.chapo}</p>
      <form onSubmit={soumettre} noValidate aria-describedby={p.idAide}>
        <p id={p.idAide}>Les champs marqués d'un astérisque (*) sont obligatoires.</p>
        {p.champs({ erreur, aria })}
        <button type="submit" disabled={enCours}>
          {enCours ? 'Calcul en cours…' : p.libelleBouton}
        </button>
      </form>

      <section aria-live="polite" aria-labelledby="titre-resultat" className="resultat">
        {probleme ? (
          <>
            <h2 id="titre-resultat" ref={titre} tabIndex={-1}>
              Le calcul n'a pas pu être fait
            </h2>
            <p className="alerte" role="alert">
              {probleme.detail}
            </p>
          </>
        ) : null}
        {resultat ? (
          <>
            <h2 id="titre-resultat" ref={titre} tabIndex={-1}>
              {typeof p.titreResultat === 'string' ? p.titreResultat : p.titreResultat(resultat)}
            </h2>
            {p.resultat(resultat)}
            {explication ? <Explication noeud={explication} /> : null}
            {p.citations ? <TextesAppliques citations={p.citations(resultat)} /> : null}
          </>
        ) : null}
      </section>
    </>
  );
}

/** Reads a form's values: trimmed text (undefined when empty), French decimal numbers, boxes. */
export function lecteurFormulaire(f: FormData) {
  const texte = (k: string) => {
    const v = String(f.get(k) ?? '').trim();
    return v === '' ? undefined : v;
  };
  const nombre = (k: string) => {
    const v = texte(k);
    return v === undefined ? undefined : Number(v.replace(',', '.'));
  };
  const coche = (k: string) => f.get(k) !== null;
  return { texte, nombre, coche };
}
