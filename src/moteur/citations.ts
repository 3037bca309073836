import { iso, jour } from './dates.ts';
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
  /** The version that governs the situation (LEGIARTI id) and its validity. */
  idVersion: string | null;
  du: string | null;
  au: string | null;
  dateEvaluation: string;
  /** Article page of the platform, at a date where that version is in force. */
  lien: string;
  urlLegifrance: string;
}

/**
 * The version of an article that governs the situation. The version in force on the governing
 * date (for apprenticeship: the conclusion date) — unless the most recent parameter values
 * applied cite an earlier version by its id: a version whose NOTA limits it to contracts concluded from a later
 * date does not govern a contract concluded before (D6332-82 from 2020-11-28 for contracts from
 * 2021-01-01, R6332-25 from 2020-12-31 and from 2025-06-30). Then the previous versions are
 * walked back to the one the values name.
 */
function versionGouvernante(
  article: string,
  date: string,
  ids: ReadonlySet<string> | undefined,
  versions: PortVersionsArticles,
): { v: VersionArticle | null; date: string } {
  const v0 = versions(article, date);
  if (!v0 || !ids || ids.size === 0 || ids.has(v0.idVersion)) return { v: v0, date };
  let v: VersionArticle | null = v0;
  for (let k = 0; k < 20 && v; k++) {
    const veille = iso(jour(v.du) - 1);
    v = versions(article, veille);
    if (v && ids.has(v.idVersion)) return { v, date: veille };
  }
  return { v: v0, date };
}

const encodes = new Map<string, string>();
/** Article numbers in links, encoded once. */
function encode(article: string): string {
  let e = encodes.get(article);
  if (e === undefined) {
    e = encodeURIComponent(article);
    encodes.set(article, e);
  }
  return e;
}

/**
 * Resolves references into citations, one per article (first title kept), at the version that
 * governs the situation (see versionGouvernante); `date` is the evaluation date, reported as is.
 */
export function citer(
  references: Iterable<Reference>,
  date: string,
  versions: PortVersionsArticles,
  dateGouvernante: string = date,
): Citation[] {
  const premieres = new Map<string, Reference>();
  // Per article, the versions named by the most recent parameter values applied.
  const ids = new Map<string, { depuis: string; ids: Set<string> }>();
  for (const r of references) {
    if (!premieres.has(r.article)) premieres.set(r.article, r);
    if (!r.idLegifrance || r.depuis === undefined) continue;
    const d = ids.get(r.article);
    if (!d || r.depuis > d.depuis)
      ids.set(r.article, { depuis: r.depuis, ids: new Set([r.idLegifrance]) });
    else if (r.depuis === d.depuis) d.ids.add(r.idLegifrance);
  }
  const out: Citation[] = [];
  for (const [article, r] of premieres) {
    // A décret or arrêté (r.code) has no page on the platform: its link is the Journal officiel.
    const { v, date: d } = r.code
      ? { v: null, date }
      : versionGouvernante(article, dateGouvernante, ids.get(article)?.ids, versions);
    out.push({
      article,
      titre: r.titre,
      idVersion: v?.idVersion ?? r.idLegifrance ?? null,
      du: v?.du ?? null,
      au: v?.au ?? null,
      dateEvaluation: date,
      lien: r.code ? r.url : `/textes/${encode(article)}?date=${d}`,
      urlLegifrance: v ? `https://www.legifrance.gouv.fr/codes/article_lc/${v.idVersion}` : r.url,
    });
  }
  return out;
}
