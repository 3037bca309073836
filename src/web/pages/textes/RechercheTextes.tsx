import { useEffect, useState, type FormEvent } from 'react';
import type { ResultatRecherche } from '../../../partage/textes.ts';
import { Lien, naviguer } from '../../routeur.tsx';
import { nombre, periode } from '../../format.ts';
import { cheminArticle, etatEnMots, useJson, useParametres } from './outils.ts';

/** /textes: search of articles by number and words. */
export function RechercheTextes() {
  const q = useParametres().get('q') ?? '';
  const {
    donnees: resultat,
    erreur,
    enCours,
  } = useJson<ResultatRecherche>(
    q.trim() === '' ? null : `/api/v1/textes?q=${encodeURIComponent(q)}`,
  );
  useEffect(() => {
    document.title = 'Textes et règles — Plateforme OPCO';
  }, []);

  return (
    <>
      <h1>Textes et règles</h1>
      <p className="chapo">
        Les articles du Code du travail sur la formation professionnelle (sixième partie), tels
        qu'ils étaient à toute date, avec l'historique de leurs versions et les paramètres et règles
        de la plateforme qui les citent.
      </p>
      <FormulaireRecherche key={q} initiale={q} />
      <div aria-live="polite" role="status" className="etat-recherche">
        {enCours
          ? 'Recherche en cours…'
          : resultat
            ? `${nombre(resultat.total)} article${resultat.total > 1 ? 's' : ''} trouvé${resultat.total > 1 ? 's' : ''} pour « ${resultat.q} ».`
            : ''}
      </div>
      {erreur && (
        <p className="alerte" role="alert">
          {erreur}
        </p>
      )}
      {resultat && resultat.articles.length > 0 && (
        <ol className="resultats-textes">
          {resultat.articles.map((a) => (
            <li key={a.article}>
              <h2>
                <Lien href={cheminArticle(a.article)}>Article {a.article}</Lien>
              </h2>
              <p className="meta">
                Dernière version connue {periode(a.du, a.au)} — {etatEnMots(a.etat)}
              </p>
              <p>{a.extrait}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function FormulaireRecherche({ initiale }: { initiale: string }) {
  const [saisie, setSaisie] = useState(initiale);
  const chercher = (e: FormEvent) => {
    e.preventDefault();
    naviguer(`/textes?q=${encodeURIComponent(saisie.trim())}`);
  };
  return (
    <form role="search" onSubmit={chercher} className="recherche-textes">
      <label htmlFor="q">Numéro d'article ou mots du texte</label>
      <p id="aide-q" className="aide">
        Par exemple « L6332-14 », « D6332 hébergement » ou « prise en charge apprentissage ».
      </p>
      <input
        id="q"
        name="q"
        type="search"
        value={saisie}
        onChange={(e) => setSaisie(e.target.value)}
        aria-describedby="aide-q"
        required
      />{' '}
      <button type="submit">Rechercher</button>
    </form>
  );
}
