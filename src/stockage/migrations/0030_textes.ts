import { sql, type Kysely } from 'kysely';

/**
 * Legal texts: each imported publication (npm package version) with the articles it carries,
 * and the merged history, one row per article version (LEGIARTI). Dates are 'YYYY-MM-DD' text,
 * `au` exclusive, null = no known end.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const date = sql`~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;
  await db.schema
    .createTable('texte_publication')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull().unique())
    .addColumn('paquet', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('code_id', 'text', (c) => c.notNull())
    .addColumn('date_code', 'text', (c) => c.notNull().check(sql`date_code ${date}`))
    .addColumn('filtre', 'text', (c) => c.notNull())
    .addColumn('empreinte', 'text', (c) => c.notNull())
    .addColumn('nb_articles', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();

  await db.schema
    .createTable('texte_article_publie')
    .addColumn('publication_id', 'integer', (c) =>
      c.notNull().references('texte_publication.id').onDelete('cascade'),
    )
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('cid', 'text', (c) => c.notNull())
    .addColumn('id_legiarti', 'text', (c) => c.notNull())
    .addColumn('etat', 'text', (c) => c.notNull())
    .addColumn('du', 'text', (c) => c.notNull().check(sql`du ${date}`))
    .addColumn('au', 'text', (c) => c.check(sql`au ${date}`))
    .addColumn('texte', 'text', (c) => c.notNull())
    .addColumn('sections', 'jsonb', (c) => c.notNull())
    .addColumn('versions', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('texte_article_publie_pk', ['publication_id', 'cid'])
    .execute();

  await db.schema
    .createTable('texte_version')
    .addColumn('id_legiarti', 'text', (c) => c.primaryKey())
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('cid', 'text', (c) => c.notNull())
    .addColumn('etat', 'text', (c) => c.notNull())
    .addColumn('numero', 'text')
    .addColumn('du', 'text', (c) => c.notNull().check(sql`du ${date}`))
    .addColumn('au', 'text', (c) => c.check(sql`au ${date}`))
    .addColumn('texte', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_texte', 'text')
    .addColumn('remarque', 'text')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema
    .createTable('texte_renvoi')
    .addColumn('ancien', 'text', (c) => c.primaryKey())
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema
    .createIndex('texte_version_article')
    .on('texte_version')
    .column('article')
    .execute();
}
