import { sql, type Kysely } from 'kysely';

/**
 * The training provider (organisme prestataire) of a session of action collective: its SIRET
 * (14 digits; the Luhn key is checked by the API), null for sessions published before. An
 * engaged request for the session books its engagement to the provider's SIRET (the payee of
 * the training costs) rather than the company's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table action_collective_session add column organisme_siret text
    check (organisme_siret ~ '^[0-9]{14}$')`.execute(db);
}
