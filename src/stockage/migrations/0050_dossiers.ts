import { sql, type Kysely } from 'kysely';

/**
 * Dossiers (issue 12): the events of each dossier, append-only (a trigger refuses UPDATE,
 * DELETE and TRUNCATE on both engines), and the dossier row, a projection of its events kept
 * in the same transaction (current state, owners for access, deadline for the scheduler).
 * Idempotency keys of deposits map (author, key) to the dossier created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dossier')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('formulaire', 'text', (c) => c.notNull())
    .addColumn('opco', 'text', (c) => c.notNull())
    .addColumn('etat', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('siret_employeur', 'text', (c) => c.notNull())
    .addColumn('siret_cfa', 'text', (c) => c.notNull())
    .addColumn('organisation_entreprise', 'text')
    .addColumn('organisation_cfa', 'text')
    .addColumn('organisation_opco', 'text')
    .addColumn('echeance', 'text')
    .addColumn('a_verifier', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('projection', 'jsonb', (c) => c.notNull())
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('modifie_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  for (const col of ['organisation_entreprise', 'organisation_cfa', 'organisation_opco'])
    await db.schema.createIndex(`dossier_${col}`).on('dossier').column(col).execute();
  await sql`create index dossier_echeance_due on dossier (echeance)
    where etat = 'en_cours_instruction'`.execute(db);
  await sql`create index dossier_file_attente on dossier (organisation_opco, modifie_le)
    where a_verifier`.execute(db);
  await db.schema
    .createTable('dossier_evenement')
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossier.id'))
    .addColumn('rang', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('contenu', 'jsonb', (c) => c.notNull())
    .addColumn('compte_id', 'text')
    .addColumn('cle_id', 'text')
    .addColumn('processus', 'text')
    .addColumn('horodatage', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dossier_evenement_pk', ['dossier_id', 'rang'])
    .execute();
  await sql`
    create function dossier_evenement_immuable() returns trigger language plpgsql as $$
    begin
      raise exception 'les événements d''un dossier sont en ajout seul (% refusé)', tg_op;
    end $$`.execute(db);
  await sql`create trigger dossier_evenement_sans_modification
    before update or delete on dossier_evenement
    for each row execute function dossier_evenement_immuable()`.execute(db);
  await sql`create trigger dossier_evenement_sans_troncature before truncate on dossier_evenement
    for each statement execute function dossier_evenement_immuable()`.execute(db);
  await db.schema
    .createTable('dossier_idempotence')
    .addColumn('auteur', 'text', (c) => c.notNull())
    .addColumn('cle', 'text', (c) => c.notNull())
    .addColumn('empreinte', 'text', (c) => c.notNull())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossier.id'))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dossier_idempotence_pk', ['auteur', 'cle'])
    .execute();
}
