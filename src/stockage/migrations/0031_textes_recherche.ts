import { sql, type Kysely } from 'kysely';

/**
 * Full-text search of articles (ADR-2026-12-02-recherche-textes): the `unaccent` extension, a
 * French text search configuration that strips accents before stemming (`opco_fr`), and one row
 * per article (its latest version that has a text) with its precomputed `tsvector`, GIN-indexed.
 * The table is rebuilt by every import of the texts (src/stockage/textes.depot.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const schemaUnaccent = await installerUnaccent(db);
  await sql`create text search configuration opco_fr (copy = pg_catalog.french)`.execute(db);
  await sql`alter text search configuration opco_fr
    alter mapping for hword, hword_part, word
    with ${sql.id(schemaUnaccent, 'unaccent')}, french_stem`.execute(db);

  const date = sql`~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;
  await db.schema
    .createTable('texte_recherche')
    .addColumn('article', 'text', (c) => c.primaryKey())
    .addColumn('id_legiarti', 'text', (c) => c.notNull())
    .addColumn('etat', 'text', (c) => c.notNull())
    .addColumn('du', 'text', (c) => c.notNull().check(sql`du ${date}`))
    .addColumn('au', 'text', (c) => c.check(sql`au ${date}`))
    .addColumn('texte', 'text', (c) => c.notNull())
    .addColumn('document', sql`tsvector`, (c) => c.notNull())
    // Natural order of the numbers (L before R before D, numeric parts zero-padded), so that
    // the database sorts and cuts the results: see comparerNumerosArticles.
    .addColumn('ordre', sql`text[] collate "C"`, (c) => c.notNull())
    .execute();
  await sql`create index texte_recherche_document on texte_recherche using gin (document)`.execute(
    db,
  );
  await sql`create index texte_recherche_article_prefixe on texte_recherche (article text_pattern_ops)`.execute(
    db,
  );
  // Texts imported before this migration.
  await sql`insert into texte_recherche (article, id_legiarti, etat, du, au, texte, document, ordre)
    select distinct on (article) article, id_legiarti, etat, du, au, texte,
      to_tsvector('opco_fr', texte),
      array[case left(article, 1) when 'L' then '1' when 'R' then '2' when 'D' then '3' else '4' end]
      || array(select case when p ~ '^[0-9]+$' then lpad(p, 12, '0') else p end
        from unnest(regexp_split_to_array(substr(article, 2), '[- ]')) with ordinality as t(p, i)
        order by i)
    from texte_version where texte is not null
    order by article, du desc, id_legiarti desc`.execute(db);
}

/**
 * `unaccent` is installed once per database, in `public`: on a shared PostgreSQL whose test
 * runs each use a schema of their own (dropped with cascade), an extension created in one of
 * them would vanish with it. Returns the schema that holds the extension's dictionary.
 */
async function installerUnaccent(db: Kysely<unknown>): Promise<string> {
  const schemaDe = async () => {
    const r = await sql<{ schema: string }>`
      select n.nspname as schema from pg_extension e
      join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db);
    return r.rows[0]?.schema ?? null;
  };
  const deja = await schemaDe();
  if (deja) return deja;
  // Migrations run in a transaction: a savepoint lets us look again after a failure.
  await sql`savepoint installer_unaccent`.execute(db);
  try {
    await sql`create extension if not exists unaccent with schema public`.execute(db);
  } catch (e) {
    // Two processes migrating at once: the other one may have created it meanwhile.
    await sql`rollback to savepoint installer_unaccent`.execute(db);
    const apres = await schemaDe();
    if (apres) return apres;
    throw e;
  }
  return (await schemaDe()) ?? 'public';
}
