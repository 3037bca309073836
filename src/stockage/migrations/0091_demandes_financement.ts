import { sql, type Kysely } from 'kysely';

/**
 * Demandes de prise en charge (issue 14 point 3): requests are dossiers of the form `DPC` in the
 * dossiers' tables (same events, same idempotency keys). A registration to an action collective
 * taken by an engaged request names it (one registration per request at most), so that
 * cancelling the request frees its places; the company's yearly plan < 50 consumption is read
 * from its engaged requests by SIRET.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table action_collective_inscription add column demande_id text references dossier (id)`.execute(
    db,
  );
  await sql`create unique index action_collective_inscription_demande
    on action_collective_inscription (demande_id) where demande_id is not null`.execute(db);
  await sql`create index dossier_demandes_entreprise on dossier (siret_employeur, etat)
    where formulaire = 'DPC'`.execute(db);
}
