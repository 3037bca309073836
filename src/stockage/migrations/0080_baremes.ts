import { sql, type Kysely } from 'kysely';

/**
 * Barèmes edited by OPCO (or branch) administrators (issue 14): every change is a new version of
 * the whole barème — never an update — with its author and time; the content is the barème's
 * parameter files (JSON, validated by the same loader as droit/parametres). The latest version
 * of each barème overlays the law files; a simulation reads the dated values in force at its date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bareme_version')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('dispositif', 'text', (c) => c.notNull().check(sql`dispositif ~ '^[a-z0-9_]+$'`))
    .addColumn('bareme', 'text', (c) => c.notNull().check(sql`bareme ~ '^[a-z0-9_]{1,60}$'`))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('compte_id', 'text')
    .addColumn('cle_id', 'text')
    .addColumn('contenu', 'text', (c) => c.notNull())
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('bareme_version_unique', ['dispositif', 'bareme', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bareme_version').execute();
}
