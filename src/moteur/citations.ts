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
  ids: readonly string[] | undefined,
  versions: PortVersionsArticles,
): { v: VersionArticle | null; date: string } {
  const v0 = versions(article, date);
  if (!v0 || !ids || ids.length === 0 || ids.includes(v0.idVersion)) return { v: v0, date };
  let v: VersionArticle | null = v0;
  for (let k = 0; k < 20 && v; k++) {
    const veille = iso(jour(v.du) - 1);
    v = versions(article, veille);
    if (v && ids.includes(v.idVersion)) return { v, date: veille };
  }
  return { v: v0, date };
}

const liens = new Map<string, string>();
/** The start of an article's link on the platform (its number encoded), built once. */
function debutLien(article: string): string {
  let e = liens.get(article);
  if (e === undefined) {
    e = `/textes/${encodeURIComponent(article)}?date=`;
    liens.set(article, e);
  }
  return e;
}

const urlsLegifrance = new WeakMap<VersionArticle, string>();
/** A version's Légifrance address, built once per version. */
function urlLegifrance(v: VersionArticle): string {
  let u = urlsLegifrance.get(v);
  if (u === undefined) {
    u = `https://www.legifrance.gouv.fr/codes/article_lc/${v.idVersion}`;
    urlsLegifrance.set(v, u);
  }
  return u;
}

/**
 * An earlier version named by the parameter values, found by walking back from the version in
 * force (rare: a NOTA limiting a version to later contracts): once per article, version in force
 * and versions named — the walk's result does not depend on the day within that version.
 */
const remontees = new WeakMap<
  PortVersionsArticles,
  Map<string, { v: VersionArticle | null; date: string }>
>();

function versionCitee(
  article: string,
  date: string,
  ids: readonly string[] | undefined,
  versions: PortVersionsArticles,
): { v: VersionArticle | null; date: string } {
  const v0 = versions(article, date);
  if (!v0 || !ids || ids.length === 0 || ids.includes(v0.idVersion)) return { v: v0, date };
  let cache = remontees.get(versions);
  if (!cache) {
    cache = new Map();
    remontees.set(versions, cache);
  }
  const cle = `${article}|${v0.idVersion}|${ids.join('|')}`;
  let r = cache.get(cle);
  if (!r) {
    r = versionGouvernante(article, date, ids, versions);
    // Kept only when the walk found a named version (its date is then that version's eve).
    if (r.v === v0) return r;
    cache.set(cle, r);
  }
  return r;
}

/** One article cited: its first reference (title, link) and the versions the values name. */
interface ArticleCite {
  article: string;
  premiere: Reference;
  /** Versions named by the most recent parameter values applied (undefined: none). */
  ids: readonly string[] | undefined;
}

/**
 * What citations keep of a list of references: one entry per article, in order of first
 * mention — the only part of the list the citations depend on (with the dates and the port).
 */
export type ArticlesCites = readonly ArticleCite[];

export function articlesCites(references: Iterable<Reference>): ArticlesCites {
  const premieres = new Map<string, Reference>();
  // Per article, the versions named by the most recent parameter values applied.
  const ids = new Map<string, { depuis: string; ids: string[] }>();
  for (const r of references) {
    if (!premieres.has(r.article)) premieres.set(r.article, r);
    if (!r.idLegifrance || r.depuis === undefined) continue;
    const d = ids.get(r.article);
    if (!d || r.depuis > d.depuis) ids.set(r.article, { depuis: r.depuis, ids: [r.idLegifrance] });
    else if (r.depuis === d.depuis && !d.ids.includes(r.idLegifrance)) d.ids.push(r.idLegifrance);
  }
  return Object.freeze(
    [...premieres].map(([article, premiere]) =>
      Object.freeze({ article, premiere, ids: ids.get(article)?.ids }),
    ),
  );
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
  return citerArticles(articlesCites(references), date, versions, dateGouvernante);
}

/** `citer` on the articles already grouped (an explained evaluation keeps them per list met). */
export function citerArticles(
  articles: ArticlesCites,
  date: string,
  versions: PortVersionsArticles,
  dateGouvernante: string = date,
): Citation[] {
  const out: Citation[] = [];
  for (const { article, premiere: r, ids } of articles) {
    // A décret or arrêté (r.code) has no page on the platform: its link is the Journal officiel.
    if (r.code) {
      out.push({
        article,
        titre: r.titre,
        idVersion: r.idLegifrance ?? null,
        du: null,
        au: null,
        dateEvaluation: date,
        lien: r.url,
        urlLegifrance: r.url,
      });
      continue;
    }
    const { v, date: d } = versionCitee(article, dateGouvernante, ids, versions);
    out.push({
      article,
      titre: r.titre,
      idVersion: v?.idVersion ?? r.idLegifrance ?? null,
      du: v?.du ?? null,
      au: v?.au ?? null,
      dateEvaluation: date,
      lien: debutLien(article) + d,
      urlLegifrance: v ? urlLegifrance(v) : r.url,
    });
  }
  return out;
}
