import { sql, type Kysely } from 'kysely';

/**
 * Accounts, organisations, memberships, sessions, one-time tokens, API keys and the audit trail.
 * Secrets (session ids, tokens, API keys) are stored as SHA-256 of a 256-bit random value,
 * passwords as argon2id. The audit table is append-only: a trigger refuses UPDATE, DELETE and
 * TRUNCATE on both engines; on PostgreSQL, when the application role `opco_app` exists, it is
 * also granted SELECT and INSERT only (see docs/comptes.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('siren', 'text')
    .addColumn('sirets', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('siret', 'text')
    .addColumn('uai', 'text')
    .addColumn('code_opco', 'text')
    .addColumn('idcc', 'text')
    .addColumn('cpne', 'text')
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('compte')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('courriel', 'text', (c) => c.notNull().unique())
    .addColumn('nom', 'text')
    .addColumn('mot_de_passe', 'text')
    .addColumn('doit_changer_mot_de_passe', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('administrateur_plateforme', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('actif', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('oidc_sujet', 'text', (c) => c.unique())
    .addColumn('echecs_connexion', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bloque_jusqua', 'timestamptz')
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('adhesion')
    .addColumn('compte_id', 'text', (c) => c.notNull().references('compte.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisation.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('adhesion_pk', ['compte_id', 'organisation_id', 'role'])
    .execute();
  await db.schema
    .createIndex('adhesion_organisation')
    .on('adhesion')
    .column('organisation_id')
    .execute();
  await db.schema
    .createTable('session')
    .addColumn('empreinte', 'text', (c) => c.primaryKey())
    .addColumn('compte_id', 'text', (c) => c.notNull().references('compte.id').onDelete('cascade'))
    .addColumn('jeton_csrf', 'text', (c) => c.notNull())
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull())
    .addColumn('derniere_activite', 'timestamptz', (c) => c.notNull())
    .addColumn('expire_le', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_compte').on('session').column('compte_id').execute();
  await db.schema
    .createTable('jeton_unique')
    .addColumn('empreinte', 'text', (c) => c.primaryKey())
    .addColumn('compte_id', 'text', (c) => c.notNull().references('compte.id').onDelete('cascade'))
    .addColumn('usage', 'text', (c) => c.notNull())
    .addColumn('expire_le', 'timestamptz', (c) => c.notNull())
    .addColumn('utilise_le', 'timestamptz')
    .execute();
  await db.schema
    .createTable('cle_api')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisation.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('libelle', 'text', (c) => c.notNull())
    .addColumn('prefixe', 'text', (c) => c.notNull())
    .addColumn('empreinte', 'text', (c) => c.notNull().unique())
    .addColumn('cree_par', 'text', (c) => c.references('compte.id').onDelete('set null'))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoquee_le', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit')
    .addColumn('rang', 'bigint', (c) => c.primaryKey())
    .addColumn('horodatage', 'text', (c) => c.notNull())
    .addColumn('compte_id', 'text')
    .addColumn('cle_id', 'text')
    .addColumn('organisation_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('ressource', 'text', (c) => c.notNull())
    .addColumn('avant', 'text')
    .addColumn('apres', 'text')
    .addColumn('precedent', 'text', (c) => c.notNull())
    .addColumn('empreinte', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_organisation').on('audit').column('organisation_id').execute();
  // The head row serialises appends: writers lock it (SELECT … FOR UPDATE) before reading the
  // last hash, so two processes on one PostgreSQL keep one chain.
  await db.schema
    .createTable('audit_tete')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('rang', 'bigint', (c) => c.notNull())
    .addColumn('empreinte', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_tete (id, rang, empreinte) values (1, 0, ${'0'.repeat(64)})`.execute(
    db,
  );
  await sql`
    create function audit_immuable() returns trigger language plpgsql as $$
    begin
      raise exception 'le journal d''audit est en ajout seul (% refusé)', tg_op;
    end $$`.execute(db);
  await sql`create trigger audit_sans_modification before update or delete on audit
    for each row execute function audit_immuable()`.execute(db);
  await sql`create trigger audit_sans_troncature before truncate on audit
    for each statement execute function audit_immuable()`.execute(db);
  await sql`
    do $$ begin
      if exists (select 1 from pg_roles where rolname = 'opco_app') then
        execute 'revoke update, delete, truncate on audit from opco_app';
        execute 'grant select, insert on audit to opco_app';
      end if;
    end $$`.execute(db);
}
