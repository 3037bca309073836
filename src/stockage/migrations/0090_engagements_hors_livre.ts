import { sql, type Kysely } from 'kysely';

/**
 * Dossiers ↔ grand livre (docs/adr/ADR-2026-12-02-dossiers-grand-livre.md): the engagements of
 * dossiers that the ledger did NOT book, with the reason — the OPCO has no allocation yet in the
 * section/origin of funds (the ledger is not operated there), or a decision the law imposes
 * (silence worth acceptance) met insufficient funds, or an adjustment the ledger could not make.
 * One row per dossier version, append-only; visible to the OPCO's comptable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fin_engagement_hors_livre (
      dossier_id text not null,
      version integer not null,
      opco text not null,
      section text not null,
      origine text not null,
      evenement text not null,
      montant bigint not null check (montant >= 0),
      motif text not null,
      date_engagement text not null,
      cree_le timestamptz not null default now(),
      primary key (dossier_id, version)
    )`.execute(db);
  await sql`create index fin_engagement_hors_livre_opco on fin_engagement_hors_livre (opco, date_engagement)`.execute(
    db,
  );
}
