import { sql, type Kysely } from 'kysely';

/**
 * NPEC referential of France compétences: one row per (certification, CPNE, version), and the
 * CPNE ↔ IDCC correspondence, each tagged with the import that wrote it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('npec')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('rncp', 'text')
    .addColumn('code_diplome', 'text')
    .addColumn('intitule', 'text', (c) => c.notNull())
    .addColumn('cpne_code', 'text')
    .addColumn('cpne_libelle', 'text', (c) => c.notNull())
    .addColumn('idcc', 'text')
    .addColumn('montant', 'double precision', (c) => c.notNull().check(sql`montant > 0`))
    .addColumn('statut', 'text')
    .addColumn('applicable_depuis', 'text', (c) =>
      c.notNull().check(sql`applicable_depuis ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
    )
    .addColumn('referentiel_version', 'text', (c) => c.notNull())
    .addColumn('fichier', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema
    .createIndex('npec_rncp')
    .on('npec')
    .columns(['rncp', 'applicable_depuis'])
    .execute();
  await db.schema
    .createTable('npec_cpne_idcc')
    .addColumn('cpne_code', 'text', (c) => c.notNull())
    .addColumn('cpne_libelle', 'text', (c) => c.notNull())
    .addColumn('idcc', 'text', (c) => c.notNull().check(sql`idcc ~ '^[0-9]{4}$'`))
    .addColumn('referentiel_version', 'text', (c) => c.notNull())
    .addColumn('fichier', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema.createIndex('npec_cpne_idcc_idcc').on('npec_cpne_idcc').column('idcc').execute();
}
