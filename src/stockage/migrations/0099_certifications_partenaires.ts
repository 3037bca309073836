import type { Kysely } from 'kysely';

/**
 * D6224-2 6°, R6113-16: the bodies each certifier habilitates to prepare its certification, as
 * France compétences publishes them in the RNCP open data (« export_fiches_CSV_Partenaires »,
 * one line per fiche × partner). Each import replaces the table (the export is complete).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('certification_partenaire')
    .addColumn('code_rncp', 'text', (c) => c.notNull())
    .addColumn('siret', 'text')
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('habilitation', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema
    .createIndex('certification_partenaire_code')
    .on('certification_partenaire')
    .column('code_rncp')
    .execute();
}
