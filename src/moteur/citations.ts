import type { Reference } from './parametres/types.ts';

/** A version of an article, as the article-version store answers (port, see issue 5). */
export interface VersionArticle {
  idVersion: string;
  du: string;
  /** Exclusive end; null when still in force. */
  au: string | null;
}

/** Port: the version of an article in force on a date, or null when unknown. */
export type PortVersionsArticles = (article: string, date: string) => VersionArticle | null;

export interface Citation {
  article: string;
  titre: string;
  /** The version in force on the evaluation date (LEGIARTI id) and its validity. */
  idVersion: string | null;
  du: string | null;
  au: string | null;
  dateEvaluation: string;
  /** Article page of the platform at that date. */
  lien: string;
  urlLegifrance: string;
}

/** Resolves references into citations at the evaluation date, one per article (first title kept). */
export function citer(
  references: Iterable<Reference>,
  date: string,
  versions: PortVersionsArticles,
): Citation[] {
  const parArticle = new Map<string, Citation>();
  for (const r of references) {
    if (parArticle.has(r.article)) continue;
    // A décret or arrêté (r.code) has no page on the platform: its link is the Journal officiel.
    const v = r.code ? null : versions(r.article, date);
    parArticle.set(r.article, {
      article: r.article,
      titre: r.titre,
      idVersion: v?.idVersion ?? r.idLegifrance ?? null,
      du: v?.du ?? null,
      au: v?.au ?? null,
      dateEvaluation: date,
      lien: r.code ? r.url : `/textes/${encodeURIComponent(r.article)}?date=${date}`,
      urlLegifrance: v ? `https://www.legifrance.gouv.fr/codes/article_lc/${v.idVersion}` : r.url,
    });
  }
  return [...parArticle.values()];
}
