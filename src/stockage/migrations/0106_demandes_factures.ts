import { sql, type Kysely } from 'kysely';

/**
 * Invoices of a request for funding (issue 14, settlement on invoices): issued by the training
 * body or the company, recorded on the request, the settlement is their sum. One invoice number
 * per issuer (SIRET) across all requests — the unique index refuses a second copy even when two
 * arrive at once. The attached document, when given, is a pièce jointe of the request (0097).
 * Rows are never updated nor deleted (an error is corrected by an avoir on another number).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table demande_facture (
      id serial primary key,
      demande_id text not null references dossier (id),
      numero text not null check (length(numero) between 1 and 60),
      siret_emetteur text not null check (siret_emetteur ~ '^[0-9]{14}$'),
      date_facture text not null check (date_facture ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      montant_ht_centimes bigint not null check (montant_ht_centimes > 0),
      montant_ttc_centimes bigint not null check (montant_ttc_centimes >= montant_ht_centimes),
      piece_id text references dossier_piece (id),
      compte_id text,
      cle_id text,
      recue_le timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index demande_facture_numero on demande_facture (siret_emetteur, numero)`.execute(
    db,
  );
  await sql`create index demande_facture_demande on demande_facture (demande_id, id)`.execute(db);
}
