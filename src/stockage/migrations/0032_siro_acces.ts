import { sql, type Kysely } from 'kysely';

/**
 * SIRO compatibility (France compétences' « Quel est mon OPCO ? » API): API keys, partner
 * accounts and partner tokens. Secrets are never stored: a key or a token is kept as the SHA-256
 * of its value (both are 256-bit random strings), a password as an argon2id hash. Revoked keys
 * and partners stay for the record (revoque_le); only one active row per name or login. Tokens
 * live in the database, not in memory, so that several server processes share them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('siro_cle')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('nom', 'text', (c) => c.notNull().check(sql`length(nom) between 1 and 100`))
    .addColumn('empreinte', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`empreinte ~ '^[0-9a-f]{64}$'`),
    )
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoque_le', 'timestamptz')
    .execute();
  await sql`create unique index siro_cle_nom_active on siro_cle (nom) where revoque_le is null`.execute(
    db,
  );

  await db.schema
    .createTable('siro_partenaire')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull().check(sql`length(login) between 1 and 200`))
    .addColumn('hachage', 'text', (c) => c.notNull().check(sql`hachage like '$argon2id$%'`))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoque_le', 'timestamptz')
    .execute();
  await sql`create unique index siro_partenaire_login_actif on siro_partenaire (login) where revoque_le is null`.execute(
    db,
  );

  await db.schema
    .createTable('siro_jeton')
    .addColumn('empreinte', 'text', (c) => c.primaryKey().check(sql`empreinte ~ '^[0-9a-f]{64}$'`))
    .addColumn('partenaire_id', 'integer', (c) =>
      c.notNull().references('siro_partenaire.id').onDelete('cascade'),
    )
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expire_le', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('siro_jeton_expire').on('siro_jeton').column('expire_le').execute();
}
