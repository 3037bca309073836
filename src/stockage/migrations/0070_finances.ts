import { sql, type Kysely } from 'kysely';

/**
 * Money (issue 13): a double-entry ledger (accounts, append-only entries and lines, checked
 * balanced at commit by a deferred constraint trigger), France compétences allocations,
 * envelopes, engagements and their instalments, CFA invoices, payment runs and payments.
 * Entries and lines refuse UPDATE, DELETE and TRUNCATE on both engines (like `audit`);
 * corrections are reversing entries. See docs/finances.md and the ADR of 2026-12-02.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fin_compte (
      id text primary key,
      opco text not null,
      section text not null,
      origine text not null,
      branche text,
      nature text not null,
      reference text,
      solde bigint not null default 0,
      cree_le timestamptz not null default now()
    )`.execute(db);
  await sql`create index fin_compte_opco on fin_compte (opco, section, origine, nature)`.execute(
    db,
  );
  await sql`
    create table fin_ecriture (
      id bigint generated always as identity primary key,
      opco text not null,
      section text not null,
      origine text not null,
      date_comptable text not null,
      libelle text not null,
      cause_type text not null,
      cause_reference text not null,
      contrepasse bigint references fin_ecriture (id),
      cree_le timestamptz not null default now()
    )`.execute(db);
  await sql`create index fin_ecriture_cause on fin_ecriture (cause_type, cause_reference)`.execute(
    db,
  );
  await sql`
    create table fin_ligne (
      ecriture_id bigint not null references fin_ecriture (id),
      rang integer not null,
      compte_id text not null references fin_compte (id),
      sens char(1) not null check (sens in ('D', 'C')),
      montant bigint not null check (montant > 0),
      primary key (ecriture_id, rang)
    )`.execute(db);
  await sql`create index fin_ligne_compte on fin_ligne (compte_id)`.execute(db);

  for (const t of ['fin_ecriture', 'fin_ligne']) {
    await sql
      .raw(
        `create function ${t}_immuable() returns trigger language plpgsql as $$
         begin raise exception 'le grand livre est en ajout seul (% refusé sur ${t}) : corriger par contre-passation', tg_op; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${t}_sans_modification before update or delete on ${t}
         for each row execute function ${t}_immuable()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${t}_sans_troncature before truncate on ${t}
         for each statement execute function ${t}_immuable()`,
      )
      .execute(db);
  }
  // Balanced: every entry's lines are inserted by ONE statement; after it, each entry touched
  // must have debits = credits, at least two lines, and every account of the entry's own OPCO,
  // section and origin of funds (never mixed). Statement-level with a transition table, so a
  // 1 000-line entry is checked once, not once per line.
  await sql`
    create function fin_ecriture_equilibree() returns trigger language plpgsql as $$
    declare x record;
    begin
      for x in
        select l.ecriture_id,
               sum(case when l.sens = 'D' then l.montant else 0 end) as d,
               sum(case when l.sens = 'C' then l.montant else 0 end) as c,
               count(*) as n,
               count(*) filter (where k.opco <> e.opco or k.section <> e.section
                                  or k.origine <> e.origine) as etrangers
          from fin_ligne l
          join fin_ecriture e on e.id = l.ecriture_id
          join fin_compte k on k.id = l.compte_id
         where l.ecriture_id in (select distinct ecriture_id from nouvelles)
         group by l.ecriture_id
      loop
        if x.d <> x.c or x.n < 2 then
          raise exception 'écriture % déséquilibrée : débit %, crédit %, % ligne(s)', x.ecriture_id, x.d, x.c, x.n;
        end if;
        if x.etrangers > 0 then
          raise exception 'écriture % : fonds mêlés (compte d''un autre OPCO, section ou origine)', x.ecriture_id;
        end if;
      end loop;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger fin_ligne_equilibre after insert on fin_ligne
    referencing new table as nouvelles for each statement
    execute function fin_ecriture_equilibree()`.execute(db);

  await sql`
    create table fin_dotation (
      id bigint generated always as identity primary key,
      opco text not null,
      section text not null,
      origine text not null,
      annee integer not null,
      montant bigint not null check (montant > 0),
      reference text not null,
      date_reference text not null,
      fichier text not null,
      empreinte_fichier text not null,
      ecriture_id bigint not null references fin_ecriture (id),
      importe_le timestamptz not null default now(),
      unique (opco, section, origine, annee, reference)
    )`.execute(db);
  await sql`
    create table fin_enveloppe (
      id text primary key,
      opco text not null,
      section text not null,
      origine text not null,
      annee integer not null,
      branche text,
      dispositif text,
      libelle text not null,
      compte_id text not null references fin_compte (id),
      cree_le timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table fin_dossier (
      dossier_id text primary key,
      version integer not null,
      opco text not null,
      section text not null,
      origine text not null,
      idcc text,
      siret text not null,
      source_compte_id text not null references fin_compte (id),
      montant_total bigint not null,
      date_fin_contrat text,
      date_limite_solde text,
      certificat_recu_le text,
      maj_le timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table fin_engagement (
      dossier_id text not null,
      version integer not null,
      engagement jsonb not null,
      ecriture_ids jsonb not null,
      cree_le timestamptz not null default now(),
      primary key (dossier_id, version)
    )`.execute(db);
  await sql`
    create table fin_echeance (
      dossier_id text not null references fin_dossier (dossier_id),
      numero integer not null,
      nature text not null,
      date_exigibilite text not null,
      montant bigint not null,
      exige_certificat boolean not null,
      facture bigint not null default 0,
      facture_ligne text,
      statut text not null check (statut in ('prevue', 'facturee', 'a_payer', 'payee', 'annulee')),
      primary key (dossier_id, numero)
    )`.execute(db);
  // What a payment run scans: only the instalments waiting for payment.
  await sql`create index fin_echeance_a_payer on fin_echeance (dossier_id, numero)
    where statut = 'a_payer'`.execute(db);
  await sql`
    create table fin_facture (
      id bigint generated always as identity primary key,
      opco text not null,
      siret_cfa text not null,
      reference_cfa text not null,
      date_facture text not null,
      montant bigint not null,
      statut text not null check (statut in ('acceptee', 'partielle', 'refusee')),
      lignes jsonb not null,
      canal text not null,
      recue_le timestamptz not null default now()
    )`.execute(db);
  // A CFA reference is received once: duplicates are refused (stored as refused for the record).
  await sql`create unique index fin_facture_unique on fin_facture (siret_cfa, reference_cfa)
    where statut <> 'refusee'`.execute(db);
  await sql`
    create table fin_coordonnees (
      titulaire text primary key,
      nom text not null,
      iban text not null,
      bic text not null,
      maj_le timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table fin_lot (
      id text primary key,
      opco text not null,
      date_execution text not null,
      statut text not null check (statut in ('en_cours', 'termine')),
      nombre_paiements integer not null default 0,
      montant bigint not null default 0,
      fichier text,
      empreinte_fichier text,
      cree_le timestamptz not null default now(),
      termine_le timestamptz
    )`.execute(db);
  await sql`
    create table fin_paiement (
      id bigint generated always as identity primary key,
      lot_id text not null references fin_lot (id),
      dossier_id text not null,
      numero integer not null,
      siret text not null,
      montant bigint not null check (montant > 0),
      ecriture_id bigint not null references fin_ecriture (id),
      statut text not null check (statut in ('emis', 'rejete')),
      motif_rejet text,
      cree_le timestamptz not null default now()
    )`.execute(db);
  // The last guard of « never paid twice »: one live payment per instalment, whatever the code.
  await sql`create unique index fin_paiement_unique on fin_paiement (dossier_id, numero)
    where statut = 'emis'`.execute(db);
  await sql`create index fin_paiement_lot on fin_paiement (lot_id)`.execute(db);
  await sql`
    do $$ begin
      if exists (select 1 from pg_roles where rolname = 'opco_app') then
        execute 'revoke update, delete, truncate on fin_ecriture, fin_ligne from opco_app';
        execute 'grant select, insert on fin_ecriture, fin_ligne to opco_app';
      end if;
    end $$`.execute(db);
}
