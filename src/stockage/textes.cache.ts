import type { VersionArticle } from '../domaine/textes/index.ts';
import type { Base } from './db.ts';
import { sectionsDeLArticle, versionsDeLArticle } from './textes.depot.ts';

/** What the article routes read of one article: its versions (oldest first) and its sections. */
export interface ArticleLu {
  readonly versions: readonly VersionArticle[];
  readonly sections: readonly string[];
}

/**
 * How long a cached article is served without checking that no import of texts was made since
 * (another process on the same PostgreSQL). An import made in this process empties the cache at
 * once (`oublierArticles`).
 */
export const DELAI_VERIFICATION_TEXTES_MS = 5000;
/** Articles kept per base (the imported 6th part has ~1 400; the whole code ~11 000). */
export const ARTICLES_EN_CACHE = 2048;

interface Cache {
  /** Id of the last finished import of texts when the cache was filled. */
  version: number;
  verifieA: number;
  articles: Map<string, Promise<ArticleLu>>;
}

const caches = new WeakMap<Base, Cache>();

async function versionTextes(base: Base): Promise<number> {
  const r = await base.db
    .selectFrom('import_meta')
    .select((e) => e.fn.max('id').as('id'))
    .where('source', '=', 'textes')
    .where('statut', '=', 'termine')
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}

async function cacheAJour(base: Base): Promise<Cache> {
  const maintenant = performance.now();
  const c = caches.get(base);
  if (c && maintenant - c.verifieA < DELAI_VERIFICATION_TEXTES_MS) return c;
  const version = await versionTextes(base);
  const courant = caches.get(base);
  if (courant && courant.version === version) {
    courant.verifieA = maintenant;
    return courant;
  }
  const neuf: Cache = { version, verifieA: maintenant, articles: new Map() };
  caches.set(base, neuf);
  return neuf;
}

async function lire(base: Base, article: string): Promise<ArticleLu> {
  const versions = await versionsDeLArticle(base.db, article);
  const sections = versions.length > 0 ? await sectionsDeLArticle(base.db, article) : [];
  for (const v of versions) Object.freeze(v);
  return Object.freeze({ versions: Object.freeze(versions), sections: Object.freeze(sections) });
}

/**
 * The versions and sections of an article (its number already normalised), read once and kept in
 * memory: an article read cost two PGlite queries (~3 ms of processor each, one of them a
 * sequential scan of the published articles) on every request. Unknown articles (no version) are
 * not kept. The cached values are frozen: callers build their answers from them, never change
 * them. Kept per base; emptied when an import of texts has finished since (checked at most every
 * DELAI_VERIFICATION_TEXTES_MS) and by `oublierArticles`.
 */
export async function articleEnCache(base: Base, article: string): Promise<ArticleLu> {
  const c = await cacheAJour(base);
  const deja = c.articles.get(article);
  if (deja) {
    // Most recently used last: the first entry of the Map is the one evicted.
    c.articles.delete(article);
    c.articles.set(article, deja);
    return deja;
  }
  const lu = lire(base, article);
  c.articles.set(article, lu);
  if (c.articles.size > ARTICLES_EN_CACHE) {
    const premier = c.articles.keys().next();
    if (!premier.done) c.articles.delete(premier.value);
  }
  try {
    const a = await lu;
    if (a.versions.length === 0 && c.articles.get(article) === lu) c.articles.delete(article);
    return a;
  } catch (e) {
    if (c.articles.get(article) === lu) c.articles.delete(article);
    throw e;
  }
}

/** Forgets the cached articles of a base (after an import of texts in this process). */
export function oublierArticles(base: Base): void {
  caches.delete(base);
}
