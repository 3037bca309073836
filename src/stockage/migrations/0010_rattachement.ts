import { sql, type Kysely } from 'kysely';

/**
 * Rattachement: SIRET-OPCO table per vintage, IDCC → OPCO aggregate per vintage, conventions,
 * NAF codes, CPNE ↔ IDCC. Every row carries the import that wrote it (import_meta).
 * siro_etablissement keeps the rows as published (OPCO labels of France compétences, not codes)
 * and has no index on purpose: it is bulk-loaded with COPY and read whole into
 * the in-memory index (src/domaine/rattachement/index-siro.ts); lookups never scan it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('siro_millesime')
    .addColumn('import_id', 'integer', (c) => c.primaryKey().references('import_meta.id'))
    .addColumn('millesime', 'text', (c) =>
      c.notNull().check(sql`millesime ~ '^[0-9]{4}-[0-9]{2}$'`),
    )
    .addColumn('date_effet', 'date', (c) => c.notNull())
    .addColumn('demo', 'boolean', (c) => c.notNull())
    .addColumn('nb_etablissements', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('siro_etablissement')
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addColumn('siret', 'text', (c) => c.notNull())
    .addColumn('idcc', 'text')
    .addColumn('opco_proprietaire', 'text')
    .addColumn('opco_gestion', 'text')
    .execute();

  await db.schema
    .createTable('idcc_opco')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .addColumn('millesime', 'text', (c) => c.notNull())
    .addColumn('date_effet', 'date', (c) => c.notNull())
    .addColumn('idcc', 'text', (c) => c.notNull().check(sql`idcc ~ '^[0-9]{4}$'`))
    .addColumn('opco_code', 'text', (c) => c.notNull().check(sql`opco_code ~ '^[0-9]{2}$'`))
    .addColumn('nb_siret', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('idcc_opco_pk', ['millesime', 'idcc', 'opco_code'])
    .execute();

  await db.schema
    .createTable('convention')
    .addColumn('idcc', 'text', (c) => c.primaryKey().check(sql`idcc ~ '^[0-9]{4}$'`))
    .addColumn('titre', 'text', (c) => c.notNull())
    .addColumn('titre_court', 'text')
    .addColumn('kali_id', 'text')
    .addColumn('etat', 'text')
    .addColumn('origine', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();

  await db.schema
    .createTable('naf')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('niveau', 'text', (c) => c.notNull())
    .addColumn('libelle', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
}
