import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ZodType } from 'zod';
import '../../../partage/zod-fr.ts';
import { listesCerfa, type NomListe } from '../../../partage/listes-cerfa.ts';
import { messageChamp } from '../../../partage/libelles.ts';
import { naviguer } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import {
  appelDossiers,
  ErreurDossier,
  libelleCourt,
  type DossierComplet,
  type ResultatControleDto,
} from './client.ts';
import { Controles } from './Controles.tsx';

/**
 * A CERFA deposit form, section by section: French labels naming the CERFA fields, the draft
 * kept in this browser on every change (and on the platform on request), field errors under
 * their field (aria-describedby) with a summary and the focus on the first one, and, once the
 * form is complete, the instruction's checks under their section with the article they apply.
 */

export type Genre = 'texte' | 'date' | 'nombre' | 'case' | 'liste' | 'courriel';
export interface Champ {
  chemin: string;
  genre: Genre;
  liste?: NomListe;
  obligatoire?: boolean;
  aide?: string;
}
export interface Section {
  titre: string;
  /** Path prefixes whose checks and errors are shown under this section. */
  prefixes: readonly string[];
  champs: readonly Champ[];
  /** Fields shown in sub-groups of `taille` (« Période 1 », « Période 2 »… of the pay). */
  groupes?: { taille: number; libelle: string };
}

export const t = (chemin: string, obligatoire = true): Champ => ({
  chemin,
  genre: 'texte',
  obligatoire,
});
export const d = (chemin: string, obligatoire = true): Champ => ({
  chemin,
  genre: 'date',
  obligatoire,
});
export const n = (chemin: string, obligatoire = true): Champ => ({
  chemin,
  genre: 'nombre',
  obligatoire,
});
export const c = (chemin: string): Champ => ({ chemin, genre: 'case' });
export const l = (chemin: string, liste: NomListe, obligatoire = true): Champ => ({
  chemin,
  genre: 'liste',
  liste,
  obligatoire,
});
export const courriel = (chemin: string): Champ => ({
  chemin,
  genre: 'courriel',
  obligatoire: true,
});

export type Valeurs = Record<string, string | boolean>;

/** The request body from the flat values: empty fields are left out, numbers parsed. */
export function corpsDe(
  formulaire: string,
  champs: readonly Champ[],
  v: Valeurs,
): Record<string, unknown> {
  const racine: Record<string, unknown> = { formulaire };
  for (const ch of champs) {
    const brut = v[ch.chemin];
    let val: unknown;
    if (ch.genre === 'case') val = brut === true;
    else {
      const s = typeof brut === 'string' ? brut.trim() : '';
      if (s === '') continue;
      val = ch.genre === 'nombre' ? Number(s.replace(',', '.')) : s;
    }
    const parts = ch.chemin.split('.');
    let o: Record<string | number, unknown> = racine;
    parts.forEach((p, i) => {
      const cle: string | number = /^\d+$/.test(p) ? Number(p) : p;
      if (i === parts.length - 1) o[cle] = val;
      else {
        if (o[cle] === undefined) o[cle] = /^\d+$/.test(parts[i + 1] ?? '') ? [] : {};
        o = o[cle] as Record<string | number, unknown>;
      }
    });
  }
  return racine;
}

/** Flat « a.b.0.c » values from a nested body (to prefill a form from a dossier's CERFA). */
export function valeursDe(o: unknown, prefixe = '', r: Valeurs = {}): Valeurs {
  if (Array.isArray(o)) o.forEach((x, i) => valeursDe(x, `${prefixe}.${i}`, r));
  else if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) valeursDe(v, prefixe ? `${prefixe}.${k}` : k, r);
  else if (typeof o === 'boolean') r[prefixe] = o;
  else if (o !== undefined && o !== null) r[prefixe] = String(o);
  return r;
}

export const idChamp = (chemin: string) => `champ-${chemin.replaceAll('.', '-')}`;

/** One labelled field, its error linked by aria-describedby. */
export function ChampCerfa({
  champ: ch,
  valeur,
  erreur,
  maj,
}: {
  champ: Champ;
  valeur: string | boolean | undefined;
  erreur: string | undefined;
  maj: (v: string | boolean) => void;
}) {
  const id = idChamp(ch.chemin);
  const decrit = [erreur ? `${id}-erreur` : null, ch.aide ? `${id}-aide` : null]
    .filter(Boolean)
    .join(' ');
  const aria = {
    ...(erreur ? { 'aria-invalid': true as const } : {}),
    ...(decrit ? { 'aria-describedby': decrit } : {}),
    ...(ch.obligatoire && ch.genre !== 'case' ? { 'aria-required': true as const } : {}),
  };
  const libelle = `${libelleCourt(ch.chemin.replace(/\.\d+\./, '.'))}${ch.obligatoire ? ' *' : ''}`;
  return (
    <p>
      {ch.genre === 'case' ? (
        <>
          <input
            id={id}
            type="checkbox"
            checked={valeur === true}
            onChange={(e) => maj(e.target.checked)}
            {...aria}
          />
          <label htmlFor={id}>{libelle}</label>
        </>
      ) : (
        <>
          <label htmlFor={id}>{libelle}</label>
          {ch.genre === 'liste' && ch.liste ? (
            <select
              id={id}
              value={typeof valeur === 'string' ? valeur : ''}
              onChange={(e) => maj(e.target.value)}
              {...aria}
            >
              <option value="">—</option>
              {Object.entries(listesCerfa[ch.liste].codes).map(([k, v]) => (
                <option key={k} value={k}>
                  {k} — {v}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={id}
              type={ch.genre === 'date' ? 'date' : ch.genre === 'courriel' ? 'email' : 'text'}
              inputMode={ch.genre === 'nombre' ? 'decimal' : undefined}
              value={typeof valeur === 'string' ? valeur : ''}
              onChange={(e) => maj(e.target.value)}
              {...aria}
            />
          )}
        </>
      )}
      {ch.aide && (
        <span id={`${id}-aide`} className="aide-champ">
          {ch.aide}
        </span>
      )}
      {erreur && (
        <span id={`${id}-erreur`} className="erreur-champ">
          {erreur}
        </span>
      )}
    </p>
  );
}

/** The deposit form of one CERFA: the page of the EJ20 (and every later form) renders it. */
export function FormulaireCerfa({
  formulaire,
  titre,
  chapo,
  sections,
  schema,
  cleBrouillon,
  ajuster,
  libellePieces = 'Pièces attendues',
}: {
  formulaire: 'FA13' | 'EJ20';
  titre: string;
  chapo: ReactNode;
  sections: readonly Section[];
  schema: ZodType;
  cleBrouillon: string;
  /** Last touch to the request body of this form (e.g. repeated groups left partly empty). */
  ajuster?: (corps: Record<string, unknown>) => Record<string, unknown>;
  /** Lead-in of the list of documents still expected. */
  libellePieces?: string;
}) {
  const moi = useMoi();
  const tousLesChamps = useMemo(() => sections.flatMap((s) => s.champs), [sections]);
  const [valeurs, setValeurs] = useState<Valeurs>(() => {
    try {
      return JSON.parse(localStorage.getItem(cleBrouillon) ?? '{}') as Valeurs;
    } catch {
      return {};
    }
  });
  const [controles, setControles] = useState<ResultatControleDto[]>([]);
  const [manquants, setManquants] = useState<string[]>([]);
  const [probleme, setProbleme] = useState<string | null>(null);
  const [erreursServeur, setErreursServeur] = useState<{ champ: string; message: string }[]>([]);
  const [tente, setTente] = useState(false);
  const [statut, setStatut] = useState('');
  const [focus, setFocus] = useState(0);
  const cle = useRef(crypto.randomUUID());
  const resume = useRef<HTMLDivElement>(null);
  useEffect(() => {
    document.title = `${titre} — Plateforme OPCO`;
  }, [titre]);

  useEffect(() => {
    localStorage.setItem(cleBrouillon, JSON.stringify(valeurs));
  }, [valeurs, cleBrouillon]);

  const corps = useMemo(() => {
    const brut = corpsDe(formulaire, tousLesChamps, valeurs);
    return ajuster ? ajuster(brut) : brut;
  }, [formulaire, tousLesChamps, valeurs, ajuster]);
  const validation = useMemo(() => schema.safeParse(corps), [schema, corps]);

  useEffect(() => {
    if (!validation.success || !moi) return;
    const minuteur = setTimeout(() => {
      appelDossiers<{ resultats: ResultatControleDto[]; manquants: string[] }>(
        'POST',
        '/api/v1/dossiers/verification',
        moi.jetonCsrf,
        corps,
      )
        .then((r) => {
          setControles(r.resultats);
          setManquants(r.manquants);
        })
        .catch(() => setControles([]));
    }, 600);
    return () => clearTimeout(minuteur);
  }, [corps, validation.success, moi]);

  const chemins = new Set(tousLesChamps.map((x) => x.chemin));
  /** Local errors, on a known field, in form order; before a first submit only touched fields. */
  const erreursLocales = validation.success
    ? []
    : validation.error.issues
        .map((i) => ({ champ: i.path.join('.'), message: i.message }))
        .filter((e) => chemins.has(e.champ) && (tente || valeurs[e.champ] !== undefined));
  const erreurDe = (chemin: string) =>
    erreursServeur.find((e) => e.champ === chemin)?.message ??
    erreursLocales.find((e) => e.champ === chemin)?.message;
  const listeErreurs = tousLesChamps
    .map((ch) => ({ champ: ch.chemin, message: erreurDe(ch.chemin) }))
    .filter((e): e is { champ: string; message: string } => e.message !== undefined);

  // Focus on the first field in error after a refused submit (asked by `focus`).
  useEffect(() => {
    if (focus === 0) return;
    const premier = tousLesChamps.find((ch) => erreurDe(ch.chemin) !== undefined);
    if (premier) document.getElementById(idChamp(premier.chemin))?.focus();
    else resume.current?.focus();
    // Only on a new request: erreurDe changes with every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);

  async function envoyer(brouillon: boolean) {
    setProbleme(null);
    setErreursServeur([]);
    setTente(true);
    if (!validation.success) {
      setStatut('');
      setProbleme('Le formulaire comporte des erreurs : corrigez les champs signalés.');
      setFocus((x) => x + 1);
      return;
    }
    setStatut(brouillon ? 'Enregistrement du brouillon…' : 'Transmission…');
    try {
      const r = await appelDossiers<DossierComplet>(
        'POST',
        `/api/v1/dossiers${brouillon ? '?brouillon=true' : ''}`,
        moi?.jetonCsrf,
        corps,
        { 'idempotency-key': `${cle.current}-${brouillon ? 'b' : 't'}` },
      );
      localStorage.removeItem(cleBrouillon);
      naviguer(`/dossiers/${r.id}`);
    } catch (e) {
      setStatut('');
      if (e instanceof ErreurDossier) {
        setErreursServeur([...e.champs]);
        setProbleme(
          e.champs.length > 0
            ? e.champs.map((x) => messageChamp(x.champ, x.message)).join(' ; ')
            : e.message,
        );
      } else setProbleme('La demande a échoué.');
      setFocus((x) => x + 1);
    }
  }

  function soumettre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    void envoyer(false);
  }

  if (moi === null)
    return (
      <p>
        <a href="/connexion">Connectez-vous</a> pour déposer un contrat.
      </p>
    );

  return (
    <>
      <h1>{titre}</h1>
      <p className="chapo">{chapo}</p>
      <form onSubmit={soumettre} noValidate aria-describedby="aide-depot">
        <p id="aide-depot">Les champs marqués d'un astérisque (*) sont obligatoires.</p>
        <div ref={resume} tabIndex={-1}>
          {probleme && (
            <div className="alerte" role="alert">
              <p>{probleme}</p>
              {tente && listeErreurs.length > 0 && (
                <ul aria-label="Champs à corriger">
                  {listeErreurs.map((e) => (
                    <li key={e.champ}>
                      <a href={`#${idChamp(e.champ)}`}>{messageChamp(e.champ, e.message)}</a>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
        {sections.map((s) => (
          <fieldset key={s.titre}>
            <legend>{s.titre}</legend>
            {(s.groupes
              ? Array.from({ length: Math.ceil(s.champs.length / s.groupes.taille) }, (_, i) => ({
                  legende: `${s.groupes?.libelle ?? ''} ${i + 1}`,
                  champs: s.champs.slice(
                    i * (s.groupes?.taille ?? 1),
                    (i + 1) * (s.groupes?.taille ?? 1),
                  ),
                }))
              : [{ legende: null, champs: s.champs }]
            ).map((g) => {
              const champs = g.champs.map((ch) => (
                <ChampCerfa
                  key={ch.chemin}
                  champ={ch}
                  valeur={valeurs[ch.chemin]}
                  erreur={erreurDe(ch.chemin)}
                  maj={(v) => setValeurs((x) => ({ ...x, [ch.chemin]: v }))}
                />
              ));
              return g.legende === null ? (
                champs
              ) : (
                <fieldset key={g.legende} className="periode">
                  <legend>{g.legende}</legend>
                  {champs}
                </fieldset>
              );
            })}
            <Controles
              titre={`Contrôles : ${s.titre}`}
              resultats={controles.filter(
                (r) =>
                  r.resultat !== 'conforme' &&
                  s.prefixes.some((p) => (r.champ ?? '').startsWith(p)),
              )}
            />
          </fieldset>
        ))}
        {manquants.length > 0 && (
          <p className="information">
            {libellePieces} : {manquants.join(', ')}.
          </p>
        )}
        {controles.length > 0 && (
          <details>
            <summary>Tous les contrôles ({controles.length})</summary>
            <Controles resultats={controles} />
          </details>
        )}
        <p role="status" aria-live="polite">
          {statut}
        </p>
        <p>
          <button type="button" onClick={() => void envoyer(true)}>
            Enregistrer le brouillon sur la plateforme
          </button>{' '}
          <button type="submit">Transmettre à l'OPCO</button>
        </p>
      </form>
    </>
  );
}
