import type { Kysely } from 'kysely';

/**
 * Reference data carried by the repository (issue 8):
 * - opco.code_infere / note_code: whether France compétences confirmed the two-digit code
 *   (Uniformation's 04 is inferred), with the reason;
 * - convention_nom_usuel: usual names of conventions (« Syntec », « HCR », « BTP »…) with the
 *   source attesting each one, searched with the titles.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('opco')
    .addColumn('code_infere', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('opco').addColumn('note_code', 'text').execute();
  await db.schema
    .createTable('convention_nom_usuel')
    .addColumn('idcc', 'text', (c) => c.notNull())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .addPrimaryKeyConstraint('convention_nom_usuel_pk', ['idcc', 'nom'])
    .execute();
}
