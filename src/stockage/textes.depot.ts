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
  await reconstruireRecherche(trx);
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

/**
 * Rebuilds the search table from the merged history: for each article, its latest version that
 * has a text, with its `tsvector` (configuration `opco_fr`: accents folded, French stemming).
 */
async function reconstruireRecherche(trx: Transaction<Database>): Promise<void> {
  await sql`delete from texte_recherche`.execute(trx);
  await sql`insert into texte_recherche (article, id_legiarti, etat, du, au, texte, document, ordre)
    select distinct on (article) article, id_legiarti, etat, du, au, texte,
      to_tsvector('opco_fr', texte),
      array[case left(article, 1) when 'L' then '1' when 'R' then '2' when 'D' then '3' else '4' end]
      || array(select case when p ~ '^[0-9]+$' then lpad(p, 12, '0') else p end
        from unnest(regexp_split_to_array(substr(article, 2), '[- ]')) with ordinality as t(p, i)
        order by i)
    from texte_version where texte is not null
    order by article, du desc, id_legiarti desc`.execute(trx);
}

function echapperLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Lower case, accents and ligatures folded (œ → oe): the form `unaccent` gives a word. */
function plierMot(mot: string): string {
  return mot
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase();
}

interface MotAnalyse {
  mot: string;
  /** The word's stems as `opco_fr` gives them (empty for a stop word). */
  lexemes: string[];
  /** tsquery of the word: its stem, or any lexeme it begins (« apprenti » → apprentissage). */
  requete: string;
}

/** Each searched word through `opco_fr`, in one round trip; stop words come back empty. */
async function analyserMots(db: Db, mots: readonly string[]): Promise<MotAnalyse[]> {
  if (mots.length === 0) return [];
  const colonnes = mots.map(
    (m, i) => sql`plainto_tsquery('opco_fr', ${m})::text as ${sql.id(`m${i}`)}`,
  );
  const r = await sql<Record<string, string>>`select ${sql.join(colonnes)}`.execute(db);
  const ligne = r.rows[0] ?? {};
  return mots.map((mot, i) => {
    const stems = ligne[`m${i}`] ?? '';
    const lexemes = [...stems.matchAll(/'((?:[^']|'')+)'/g)].map((x) =>
      (x[1] ?? '').replace(/''/g, "'"),
    );
    const plie = plierMot(mot);
    const prefixe = /^[a-z0-9]{3,}$/.test(plie) ? ` | '${plie}':*` : '';
    return { mot, lexemes, requete: lexemes.length > 0 ? `( ${stems}${prefixe} )` : '' };
  });
}

/**
 * Articles whose number starts with `prefixeNumero` (when given) and whose latest known text
 * holds every word of `mots`, by PostgreSQL full-text search (ADR-2026-12-02-recherche-textes):
 * accents and case folded, French stems (« hébergements » finds « hébergement »), and a word
 * also matches the words it begins (« apprenti » finds « apprentissage »). Stop words are
 * ignored. Best matches first (ts_rank), then in the order of the code.
 */
export async function rechercherArticles(
  db: Db,
  critere: { prefixeNumero: string | null; mots: string[] },
  limite: number,
): Promise<{ total: number; articles: ArticleTrouve[] }> {
  const analyses = await analyserMots(db, critere.mots);
  const parties = analyses.map((a) => a.requete).filter((r) => r !== '');
  const requete = parties.length > 0 ? parties.join(' & ') : null;
  const conditions = [
    ...(requete ? [sql`document @@ ${requete}::tsquery`] : []),
    ...(critere.prefixeNumero
      ? [sql`article like ${`${echapperLike(critere.prefixeNumero)}%`}`]
      : []),
  ];
  // ts_rank, normalised by the log of the length (1): a long article does not win by size alone.
  const ordre = requete ? sql`ts_rank(document, ${requete}::tsquery, 1) desc, ordre` : sql`ordre`;
  // The database ranks, sorts and cuts; `total` counts every match (window over the filter).
  const r = await sql<{
    article: string;
    id_legiarti: string;
    etat: string;
    du: string;
    au: string | null;
    texte: string;
    total: number;
  }>`select article, id_legiarti, etat, du, au, texte, (count(*) over ())::int as total
    from texte_recherche
    ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    order by ${ordre}
    limit ${limite}`.execute(db);
  return {
    total: r.rows[0]?.total ?? 0,
    articles: r.rows.map((l) => ({
      article: l.article,
      idLegiarti: l.id_legiarti,
      du: l.du,
      au: l.au,
      etat: l.etat,
      extrait: extrait(l.texte, analyses),
    })),
  };
}

/** Letters and the accented forms a folded letter stands for (French texts). */
const VARIANTES: Record<string, string> = {
  a: 'aàâäáã',
  c: 'cç',
  e: 'eéèêë',
  i: 'iîïí',
  n: 'nñ',
  o: 'oôöó',
  u: 'uùûüú',
  y: 'yÿ',
};

/** A pattern matching a folded form in the original text: every accent, œ for « oe », either case. */
function motifPlie(forme: string): string {
  let r = '';
  for (let i = 0; i < forme.length; i++) {
    const c = forme.charAt(i);
    if (c === 'o' && forme.charAt(i + 1) === 'e') {
      r += '(?:œ|[oôöó][eéèêë])';
      i++;
    } else if (VARIANTES[c]) r += `[${VARIANTES[c]}]`;
    else r += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return r;
}

/**
 * A window of the text around the first occurrence of the longest word searched (the most
 * telling), found as typed or by its stem at the start of a word. The text itself is searched
 * (no folded copy): an article may run to tens of kilobytes.
 */
function extrait(texte: string, mots: readonly MotAnalyse[]): string {
  const parLongueur = [...mots].sort((a, b) => b.mot.length - a.mot.length);
  let position = 0;
  for (const m of parLongueur) {
    const formes = [plierMot(m.mot), ...m.lexemes].filter((f) => f !== '');
    if (formes.length === 0) continue;
    const re = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${formes.map(motifPlie).join('|')})`, 'iu');
    const t = re.exec(texte);
    if (t) {
      position = t.index + (/^[\p{L}\p{N}]/u.test(t[0]) ? 0 : 1);
      break;
    }
  }
  const debut = Math.max(0, position - 80);
  const fin = Math.min(texte.length, debut + 240);
  return `${debut > 0 ? '… ' : ''}${texte.slice(debut, fin)}${fin < texte.length ? ' …' : ''}`;
}
