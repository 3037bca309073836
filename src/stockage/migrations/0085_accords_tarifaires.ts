import { sql, type Kysely } from 'kysely';

/**
 * Accords tarifaires (issue 14): the rates an OPCO negotiated with a training body (SIRET), for
 * one certification or action, per stagiaire or per hour, valid between two dates, for a number
 * of places or hours. Every change is a new version (never an update), with its author; the
 * latest version of an agreement is the one applied by the simulations.
 * Also: cancelling a session of action collective (the registrations stay, marked cancelled).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accord_tarifaire_version')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('accord', 'text', (c) => c.notNull().check(sql`accord ~ '^[a-z0-9_-]{1,60}$'`))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('opco', 'text', (c) => c.notNull())
    .addColumn('organisme_siret', 'text', (c) =>
      c.notNull().check(sql`organisme_siret ~ '^[0-9]{14}$'`),
    )
    .addColumn('certification', 'text', (c) => c.notNull())
    .addColumn('intitule', 'text', (c) => c.notNull())
    .addColumn('unite', 'text', (c) => c.notNull().check(sql`unite in ('stagiaire', 'heure')`))
    .addColumn('prix_centimes', 'integer', (c) => c.notNull().check(sql`prix_centimes >= 0`))
    .addColumn('date_debut', 'text', (c) => c.notNull())
    .addColumn('date_fin', 'text', (c) => c.notNull())
    .addColumn('quantite_max', 'integer')
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('compte_id', 'text')
    .addColumn('cle_id', 'text')
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('accord_tarifaire_version_unique', ['accord', 'version'])
    .execute();
  await sql`create index accord_tarifaire_organisme on accord_tarifaire_version (organisme_siret)`.execute(
    db,
  );
  await db.schema.alterTable('action_collective_session').addColumn('annulee_le', 'text').execute();
  await db.schema
    .alterTable('action_collective_session')
    .addColumn('motif_annulation', 'text')
    .execute();
  await db.schema
    .alterTable('action_collective_inscription')
    .addColumn('annulee', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('action_collective_inscription').dropColumn('annulee').execute();
  await db.schema.alterTable('action_collective_session').dropColumn('motif_annulation').execute();
  await db.schema.alterTable('action_collective_session').dropColumn('annulee_le').execute();
  await db.schema.dropTable('accord_tarifaire_version').execute();
}
