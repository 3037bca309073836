import { type Generated, type Kysely, type Transaction } from 'kysely';
import type { FactureRetenue } from '../domaine/demandes/index.ts';
import type { Auteur } from './cycle.depot.ts';
import type { TablesPieces } from './pieces.depot.ts';
import type { Database } from './schema.ts';

/** Invoices of requests for funding (migration 0106_demandes_factures). */
export type TablesFacturesDemande = {
  demande_facture: {
    id: Generated<number>;
    demande_id: string;
    numero: string;
    siret_emetteur: string;
    date_facture: string;
    montant_ht_centimes: number | string;
    montant_ttc_centimes: number | string;
    piece_id: string | null;
    compte_id: string | null;
    cle_id: string | null;
    recue_le: Generated<string | Date>;
  };
};

type Db = Kysely<Database> | Transaction<Database>;
const t = (db: Db) => (db as Kysely<Database>).withTables<TablesFacturesDemande & TablesPieces>();

export interface FactureDemande extends FactureRetenue {
  demandeId: string;
  dateFacture: string;
  montantTtcCentimes: number;
  pieceId: string | null;
  recueLe: string;
}

export type NouvelleFactureDemande = Omit<FactureDemande, 'id' | 'recueLe'>;

/** The invoices of a request, in the order received. */
export async function facturesDemande(db: Db, demandeId: string): Promise<FactureDemande[]> {
  const l = await t(db)
    .selectFrom('demande_facture')
    .selectAll()
    .where('demande_id', '=', demandeId)
    .orderBy('id')
    .execute();
  return l.map((r) => ({
    id: r.id,
    demandeId: r.demande_id,
    numero: r.numero,
    siretEmetteur: r.siret_emetteur,
    dateFacture: r.date_facture,
    montantHtCentimes: Number(r.montant_ht_centimes),
    montantTtcCentimes: Number(r.montant_ttc_centimes),
    pieceId: r.piece_id,
    recueLe: new Date(r.recue_le).toISOString(),
  }));
}

/** An invoice with this number from this issuer on any request, or null. */
export async function factureExistante(
  db: Db,
  siretEmetteur: string,
  numero: string,
): Promise<{ id: number; demandeId: string } | null> {
  const r = await t(db)
    .selectFrom('demande_facture')
    .select(['id', 'demande_id'])
    .where('siret_emetteur', '=', siretEmetteur)
    .where('numero', '=', numero)
    .executeTakeFirst();
  return r ? { id: r.id, demandeId: r.demande_id } : null;
}

/** Does this pièce jointe belong to this request? */
export async function pieceDeLaDemande(db: Db, demandeId: string, pieceId: string) {
  const r = await t(db)
    .selectFrom('dossier_piece')
    .select('id')
    .where('id', '=', pieceId)
    .where('dossier_id', '=', demandeId)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Records an invoice (caller holds the request's lock). A second copy of one issuer's number
 * breaks the unique index (SQLSTATE 23505): the caller answers it as a duplicate.
 */
export async function ajouterFactureDemande(
  trx: Transaction<Database>,
  f: NouvelleFactureDemande,
  auteur: Auteur,
): Promise<number> {
  const r = await t(trx)
    .insertInto('demande_facture')
    .values({
      demande_id: f.demandeId,
      numero: f.numero,
      siret_emetteur: f.siretEmetteur,
      date_facture: f.dateFacture,
      montant_ht_centimes: f.montantHtCentimes,
      montant_ttc_centimes: f.montantTtcCentimes,
      piece_id: f.pieceId,
      compte_id: auteur.compteId,
      cle_id: auteur.cleId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
