import { sql, type Kysely, type Transaction } from 'kysely';
import {
  comparerNumerosArticles,
  type ArticlePublie,
  type PublicationTextes,
  type VersionArticle,
} from '../domaine/textes/index.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const LOT = 200;

export interface PublicationAEcrire extends PublicationTextes {
  paquet: string;
  version: string;
  codeId: string;
  filtre: string;
  empreinte: string;
}

export interface PublicationEnregistree {
  id: number;
  source: string;
  paquet: string;
  version: string;
  dateCode: string;
  empreinte: string;
  nbArticles: number;
  importId: number;
}

export async function listerPublications(db: Db): Promise<PublicationEnregistree[]> {
  const lignes = await db
    .selectFrom('texte_publication')
    .selectAll()
    .orderBy('date_code')
    .orderBy('id')
    .execute();
  return lignes.map((l) => ({
    id: l.id,
    source: l.source,
    paquet: l.paquet,
    version: l.version,
    dateCode: l.date_code,
    empreinte: l.empreinte,
    nbArticles: l.nb_articles,
    importId: l.import_id,
  }));
}

/** Replaces one publication (same source) with its articles. */
export async function ecrirePublication(
  trx: Transaction<Database>,
  p: PublicationAEcrire,
  importId: number,
): Promise<void> {
  await trx.deleteFrom('texte_publication').where('source', '=', p.source).execute();
  const { id } = await trx
    .insertInto('texte_publication')
    .values({
      source: p.source,
      paquet: p.paquet,
      version: p.version,
      code_id: p.codeId,
      date_code: p.dateCode,
      filtre: p.filtre,
      empreinte: p.empreinte,
      nb_articles: p.articles.length,
      import_id: importId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < p.articles.length; i += LOT) {
    await trx
      .insertInto('texte_article_publie')
      .values(
        p.articles.slice(i, i + LOT).map((a) => ({
          publication_id: id,
          article: a.article,
          cid: a.cid,
          id_legiarti: a.idLegiarti,
          etat: a.etat,
          du: a.du,
          au: a.au,
          texte: a.texte,
          sections: JSON.stringify(a.sections),
          versions: JSON.stringify(a.versions),
        })),
      )
      .execute();
  }
}

function versEnregistrement(l: {
  article: string;
  cid: string;
  id_legiarti: string;
  etat: string;
  du: string;
  au: string | null;
  texte: string;
  sections: string[];
  versions: ArticlePublie['versions'];
}): ArticlePublie {
  return {
    article: l.article,
    cid: l.cid,
    idLegiarti: l.id_legiarti,
    etat: l.etat,
    du: l.du,
    au: l.au,
    texte: l.texte,
    sections: l.sections,
    versions: l.versions,
  };
}

/** The articles one publication carries, in the order of the code. */
export async function articlesDePublication(
  db: Db,
  source: string,
): Promise<ArticlePublie[] | null> {
  const p = await db
    .selectFrom('texte_publication')
    .select('id')
    .where('source', '=', source)
    .executeTakeFirst();
  if (!p) return null;
  const lignes = await db
    .selectFrom('texte_article_publie')
    .selectAll()
    .where('publication_id', '=', p.id)
    .execute();
  return lignes
    .map(versEnregistrement)
    .sort((a, b) => comparerNumerosArticles(a.article, b.article));
}

/** Every stored publication with its articles (input of the merge). */
export async function lirePublications(db: Db): Promise<PublicationTextes[]> {
  const pubs = await listerPublications(db);
  const resultat: PublicationTextes[] = [];
  for (const p of pubs) {
    const lignes = await db
      .selectFrom('texte_article_publie')
      .selectAll()
      .where('publication_id', '=', p.id)
      .execute();
    resultat.push({
      source: p.source,
      dateCode: p.dateCode,
      articles: lignes.map(versEnregistrement),
    });
  }
  return resultat;
}

/** Replaces the merged history (and the cross-references of renumbered articles) by a new one. */
export async function remplacerVersions(
  trx: Transaction<Database>,
  versions: readonly VersionArticle[],
  renvois: ReadonlyMap<string, string>,
  importId: number,
): Promise<void> {
  await trx.deleteFrom('texte_renvoi').execute();
  if (renvois.size > 0)
    await trx
      .insertInto('texte_renvoi')
      .values([...renvois].map(([ancien, article]) => ({ ancien, article, import_id: importId })))
      .execute();
  await trx.deleteFrom('texte_version').execute();
  for (let i = 0; i < versions.length; i += LOT) {
    await trx
      .insertInto('texte_version')
      .values(
        versions.slice(i, i + LOT).map((v) => ({
          id_legiarti: v.idLegiarti,
          article: v.article,
          cid: v.cid,
          etat: v.etat,
          numero: v.numero,
          du: v.du,
          au: v.au,
          texte: v.texte,
          source: v.source,
          source_texte: v.sourceTexte,
          remarque: v.remarque,
          import_id: importId,
        })),
      )
      .execute();
  }
}

type LigneVersion = Database['texte_version'];

function versVersion(l: Omit<LigneVersion, 'import_id'>): VersionArticle {
  return {
    article: l.article,
    idLegiarti: l.id_legiarti,
    cid: l.cid,
    etat: l.etat,
    numero: l.numero,
    du: l.du,
    au: l.au,
    texte: l.texte,
    source: l.source,
    sourceTexte: l.source_texte,
    remarque: l.remarque,
  };
}

const colonnesVersion = [
  'article',
  'id_legiarti',
  'cid',
  'etat',
  'numero',
  'du',
  'au',
  'texte',
  'source',
  'source_texte',
  'remarque',
] as const;

/** Every known version of an article, oldest first (empty when the article is unknown). */
export async function versionsDeLArticle(db: Db, article: string): Promise<VersionArticle[]> {
  const lignes = await db
    .selectFrom('texte_version')
    .select(colonnesVersion)
    .where('article', '=', article)
    .orderBy('du')
    .orderBy('id_legiarti')
    .execute();
  return lignes.map(versVersion);
}

/** The current number of a renumbered article, or null. */
export async function renvoiDe(db: Db, ancien: string): Promise<string | null> {
  const l = await db
    .selectFrom('texte_renvoi')
    .select('article')
    .where('ancien', '=', ancien)
    .executeTakeFirst();
  return l?.article ?? null;
}

/** Every cross-reference (former number → current number). */
export async function tousLesRenvois(db: Db): Promise<Map<string, string>> {
  const lignes = await db.selectFrom('texte_renvoi').select(['ancien', 'article']).execute();
  return new Map(lignes.map((l) => [l.ancien, l.article]));
}

/** The whole merged corpus without texts, by article (for citation checks). */
export async function corpusSansTextes(db: Db): Promise<Map<string, VersionArticle[]>> {
  const lignes = await db
    .selectFrom('texte_version')
    .select([
      'article',
      'id_legiarti',
      'cid',
      'etat',
      'numero',
      'du',
      'au',
      'source',
      'source_texte',
      'remarque',
    ])
    .orderBy('article')
    .orderBy('du')
    .execute();
  const m = new Map<string, VersionArticle[]>();
  for (const l of lignes) {
    const v = versVersion({ ...l, texte: null });
    const liste = m.get(v.article);
    if (liste) liste.push(v);
    else m.set(v.article, [v]);
  }
  return m;
}

/** The sections (part, book, title, chapter…) of an article in the newest publication carrying it. */
export async function sectionsDeLArticle(db: Db, article: string): Promise<string[]> {
  const l = await db
    .selectFrom('texte_article_publie')
    .innerJoin('texte_publication', 'texte_publication.id', 'texte_article_publie.publication_id')
    .select('texte_article_publie.sections')
    .where('texte_article_publie.article', '=', article)
    .orderBy('texte_publication.date_code', 'desc')
    .limit(1)
    .executeTakeFirst();
  return l?.sections ?? [];
}

export interface ArticleTrouve {
  article: string;
  /** Latest known version with a text. */
  idLegiarti: string;
  du: string;
  au: string | null;
  etat: string;
  extrait: string;
}

function echapperLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Articles whose number starts with `prefixeNumero` (when given) and whose latest known text
 * contains every word of `mots` (case- and accent-insensitive on PostgreSQL and PGlite alike,
 * through lower() and a translate of French accented letters, both cases: lower() may leave them
 * alone under the C locale).
 */
export async function rechercherArticles(
  db: Db,
  critere: { prefixeNumero: string | null; mots: string[] },
  limite: number,
): Promise<{ total: number; articles: ArticleTrouve[] }> {
  const plier = (x: ReturnType<typeof sql>) =>
    sql`translate(lower(${x}), 'àâäéèêëîïôöùûüçÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ', 'aaaeeeeiioouuucaaaeeeeiioouuuc')`;
  let q = db
    .selectFrom('texte_version as v')
    .select(['v.article', 'v.id_legiarti', 'v.du', 'v.au', 'v.etat', 'v.texte'])
    .where('v.texte', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('texte_version as w')
            .select(sql`1`.as('un'))
            .whereRef('w.article', '=', 'v.article')
            .where('w.texte', 'is not', null)
            .whereRef('w.du', '>', 'v.du'),
        ),
      ),
    );
  if (critere.prefixeNumero)
    q = q.where('v.article', 'like', `${echapperLike(critere.prefixeNumero)}%`);
  for (const mot of critere.mots)
    q = q.where(
      plier(sql.ref('v.texte')),
      'like',
      sql<string>`'%' || ${plier(sql`${mot}`)} || '%'`,
    );
  const lignes = await q.execute();
  lignes.sort((a, b) => comparerNumerosArticles(a.article, b.article));
  const vus = new Set<string>();
  const uniques = lignes.filter((l) => (vus.has(l.article) ? false : (vus.add(l.article), true)));
  return {
    total: uniques.length,
    articles: uniques.slice(0, limite).map((l) => ({
      article: l.article,
      idLegiarti: l.id_legiarti,
      du: l.du,
      au: l.au,
      etat: l.etat,
      extrait: extrait(l.texte ?? '', critere.mots),
    })),
  };
}

/** A window of the text around the first occurrence of the longest word searched (the most telling). */
function extrait(texte: string, mots: string[]): string {
  const plie = (x: string) => x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const t = plie(texte);
  const parLongueur = [...mots].sort((a, b) => b.length - a.length);
  const position = parLongueur.map((m) => t.indexOf(plie(m))).find((i) => i >= 0) ?? 0;
  const debut = Math.max(0, position - 80);
  const fin = Math.min(texte.length, debut + 240);
  return `${debut > 0 ? '… ' : ''}${texte.slice(debut, fin)}${fin < texte.length ? ' …' : ''}`;
}
