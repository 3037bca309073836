import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PortVersionsArticles, VersionArticle } from '../moteur/index.ts';

export const FICHIER_ARTICLES = 'code-du-travail-formation-articles.json';

const fichierSchema = z.object({
  articles: z.array(
    z.object({
      num: z.string(),
      versions: z.array(
        z.object({ id: z.string(), etat: z.string(), dateDebut: z.string(), dateFin: z.string() }),
      ),
    }),
  ),
});

/** Open-ended validity in the LEGI data. */
const FIN_OUVERTE = '2999-01-01';

/**
 * Adapter of the article-version port from the Code du travail extract (legi-data) of the
 * reference data: `versions[]` gives each version id and its validity [dateDebut, dateFin).
 * Stillborn versions (MODIFIE_MORT_NE) never applied and are skipped. Read once, on the first
 * citation asked (a CLI command that cites nothing never parses the 2 MB file); only the
 * versions are kept, not the file. The article-version store of issue 5 plugs into the same port.
 */
export function portVersionsDepuisJson(dossierDonnees: string | undefined): PortVersionsArticles {
  const fichier = dossierDonnees ? path.join(dossierDonnees, FICHIER_ARTICLES) : null;
  if (!fichier || !existsSync(fichier)) return () => null;
  let parArticle: Map<string, VersionArticle[]> | null = null;
  const charger = (f: string) => {
    const donnees = fichierSchema.parse(JSON.parse(readFileSync(f, 'utf8')));
    const m = new Map<string, VersionArticle[]>();
    for (const a of donnees.articles)
      m.set(
        a.num,
        a.versions
          .filter((v) => v.etat !== 'MODIFIE_MORT_NE' && v.dateDebut < v.dateFin)
          .map((v) => ({
            idVersion: v.id,
            du: v.dateDebut,
            au: v.dateFin === FIN_OUVERTE ? null : v.dateFin,
          })),
      );
    return m;
  };
  return (article, date) => {
    parArticle ??= charger(fichier);
    const versions = parArticle.get(article);
    if (versions)
      for (const v of versions) if (v.du <= date && (v.au === null || date < v.au)) return v;
    return null;
  };
}
