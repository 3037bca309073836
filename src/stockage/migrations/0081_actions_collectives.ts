import { sql, type Kysely } from 'kysely';

/**
 * Actions collectives (issue 14): the sessions an OPCO buys and publishes (places, negotiated
 * price, funding rate, eligible branches and size) and the companies' registrations. A
 * registration is taken under the session row's lock: never more stagiaires than places.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_collective_session')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('intitule', 'text', (c) =>
      c.notNull().check(sql`length(intitule) between 1 and 300`),
    )
    .addColumn('date_debut', 'text', (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull().check(sql`places >= 0`))
    .addColumn('prix_centimes', 'integer', (c) => c.notNull().check(sql`prix_centimes >= 0`))
    .addColumn('taux_financement', 'double precision', (c) =>
      c.notNull().check(sql`taux_financement between 0 and 1`),
    )
    .addColumn('idcc_eligibles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('effectif_max', 'integer')
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('action_collective_inscription')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('session_id', 'integer', (c) =>
      c.notNull().references('action_collective_session.id'),
    )
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('stagiaires', 'integer', (c) => c.notNull().check(sql`stagiaires >= 1`))
    .addColumn('montant_centimes', 'integer', (c) => c.notNull())
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index action_collective_inscription_session on action_collective_inscription (session_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('action_collective_inscription').execute();
  await db.schema.dropTable('action_collective_session').execute();
}
