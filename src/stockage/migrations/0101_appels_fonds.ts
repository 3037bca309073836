import { sql, type Kysely } from 'kysely';

/**
 * Cash calls (R6123-28): the calls an OPCO sends France compétences (with the statement they were
 * decided on) and the funds received, each booked on the ledger (`tresorerie ← fonds_recus`,
 * cause `versement`). A received payment is recorded once per OPCO and France compétences
 * reference. See docs/finances.md « Appels de fonds ».
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fin_appel_fonds (
      id bigint generated always as identity primary key,
      opco text not null,
      section text not null,
      origine text not null,
      annee integer not null,
      date_appel text not null,
      montant bigint not null check (montant > 0),
      plafond bigint not null,
      etat jsonb not null,
      cree_le timestamptz not null default now()
    )`.execute(db);
  await sql`create index fin_appel_fonds_opco on fin_appel_fonds (opco, date_appel)`.execute(db);
  await sql`
    create table fin_versement (
      id bigint generated always as identity primary key,
      opco text not null,
      section text not null,
      origine text not null,
      annee integer not null,
      montant bigint not null check (montant > 0),
      date_versement text not null,
      reference text not null,
      appel_id bigint references fin_appel_fonds (id),
      ecriture_id bigint not null references fin_ecriture (id),
      cree_le timestamptz not null default now(),
      unique (opco, reference)
    )`.execute(db);
}
