import { sql, type Kysely } from 'kysely';

/**
 * Entreprise « attestée à la première utilisation » (docs/comptes.md): the attestation itself
 * (who, which SIRET, the OPCO the finder gave, the declaration word for word, when attested and
 * when the e-mail was confirmed), and a pending flag on memberships (read only until confirmed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('adhesion')
    .addColumn('en_attente', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('attestation_entreprise')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisation.id').onDelete('cascade'),
    )
    .addColumn('compte_id', 'text', (c) => c.notNull().references('compte.id').onDelete('cascade'))
    .addColumn('siret', 'text', (c) => c.notNull())
    .addColumn('code_opco', 'text')
    .addColumn('nom_opco', 'text')
    .addColumn('declaration', 'text', (c) => c.notNull())
    .addColumn('attestee_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmee_le', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('attestation_entreprise_compte')
    .on('attestation_entreprise')
    .column('compte_id')
    .execute();
}
