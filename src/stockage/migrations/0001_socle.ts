import { sql, type Kysely } from 'kysely';

/** Foundation: provenance of imports and the list of OPCOs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_meta')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('fichier', 'text', (c) => c.notNull())
    .addColumn('millesime', 'text')
    .addColumn('somme_controle', 'text', (c) => c.notNull())
    .addColumn('lignes_lues', 'integer', (c) => c.notNull())
    .addColumn('lignes_ecrites', 'integer', (c) => c.notNull())
    .addColumn('statut', 'text', (c) => c.notNull().check(sql`statut in ('termine', 'echoue')`))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('importe_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('import_meta_source_somme')
    .on('import_meta')
    .columns(['source', 'somme_controle'])
    .execute();

  await db.schema
    .createTable('opco')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{2}$'`))
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('siren', 'text', (c) => c.notNull().check(sql`siren ~ '^[0-9]{9}$'`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('libelle_usuel', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
}
