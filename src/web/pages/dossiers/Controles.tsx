import { libellesResultat, type ResultatControleDto } from './client.ts';

/** The results of the checks, each with its articles linked to Légifrance. */
export function Controles({
  resultats,
  titre,
}: {
  resultats: readonly ResultatControleDto[];
  titre?: string;
}) {
  if (resultats.length === 0) return null;
  return (
    <ul className="controles" aria-label={titre ?? 'Contrôles'}>
      {resultats.map((r, i) => (
        <li key={`${r.code}-${i}`} className={`controle controle-${r.resultat}`}>
          <strong>{libellesResultat[r.resultat]}</strong> — {r.libelle} : {r.message}{' '}
          <span className="articles">
            (
            {r.articles.map((a, k) => (
              <span key={`${a.article}-${k}`}>
                {k > 0 ? ', ' : ''}
                <a href={a.url} target="_blank" rel="noreferrer">
                  {a.article}
                  {a.alinea ? ` ${a.alinea}` : ''}
                </a>
              </span>
            ))}
            )
          </span>
        </li>
      ))}
    </ul>
  );
}
