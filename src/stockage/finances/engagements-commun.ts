import { sql, type Transaction } from 'kysely';
import {
  lireCodeCompte,
  type CleCompte,
  type DecisionReservation,
  type EngagementAReserver,
  type OrigineFonds,
  type SectionFinancement,
} from '../../domaine/finances/index.ts';
import type { Database } from '../schema.ts';
import { auditer, type Auteur } from './interne.ts';

/**
 * What booking an engagement (`engagements.ts`) and adjusting it (`engagements-ajustement.ts`)
 * share: the results, the refusal, the version record and its audit row.
 */

export type ResultatReservation =
  | {
      statut: 'reserve' | 'ajuste';
      dossierId: string;
      version: number;
      source: string;
      deltaCentimes: number;
      disponibleApresCentimes: number;
      ecritures: number[];
    }
  | { statut: 'deja_reserve'; dossierId: string; version: number }
  | {
      statut: 'refuse';
      dossierId: string;
      version: number;
      motifs: string[];
      disponibleCentimes: number | null;
      demandeCentimes: number | null;
      manqueCentimes: number | null;
    };

export interface OptionsReservation {
  /** R6332-25: months after the contract's end to invoice the balance (null: no deadline). */
  delaiSoldeMois: number | null;
  auteur?: Auteur;
}

/** A dossier's booked engagement as stored (fin_dossier). */
export interface DossierReserve {
  version: number;
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  idcc: string | null;
  siret: string;
  source_compte_id: string;
}

/**
 * Records one version of a dossier's engagement (its entries) and puts it on the audit trail,
 * with the version, the entries and the figures given.
 */
export async function consignerVersion(
  trx: Transaction<Database>,
  auteur: Auteur,
  e: EngagementAReserver,
  ecritures: unknown,
  action: 'finances.engagement' | 'finances.ajustement',
  chiffres: Record<string, number>,
): Promise<void> {
  await consignerEngagement(trx, e, ecritures);
  await auditerVersion(trx, auteur, e, ecritures, action, chiffres);
}

/** The version record of a dossier's engagement and its entries (fin_engagement). */
export async function consignerEngagement(
  trx: Transaction<Database>,
  e: EngagementAReserver,
  ecritures: unknown,
): Promise<void> {
  await sql`insert into fin_engagement (dossier_id, version, engagement, ecriture_ids)
    values (${e.dossierId}, ${e.versionDossier}, ${JSON.stringify(e)}, ${JSON.stringify(ecritures)})`.execute(
    trx,
  );
}

/** The audit row of an engagement version: the version, the entries and the figures given. */
export async function auditerVersion(
  trx: Transaction<Database>,
  auteur: Auteur,
  e: EngagementAReserver,
  ecritures: unknown,
  action: 'finances.engagement' | 'finances.ajustement',
  chiffres: Record<string, number>,
): Promise<void> {
  await auditer(trx, auteur, action, `dossier:${e.dossierId}`, {
    version: e.versionDossier,
    ...chiffres,
    ecritures,
  });
}

export function refus(
  e: EngagementAReserver,
  motifs: string[],
  d?: Extract<DecisionReservation, { acceptee: false }>,
): ResultatReservation {
  return {
    statut: 'refuse',
    dossierId: e.dossierId,
    version: e.versionDossier,
    motifs,
    disponibleCentimes: d?.disponibleCentimes ?? null,
    demandeCentimes: d?.demandeCentimes ?? null,
    manqueCentimes: d?.manqueCentimes ?? null,
  };
}

export function dateFinDe(e: EngagementAReserver): string | null {
  if (e.dateFinContrat) return e.dateFinContrat;
  const soldes = e.echeances.filter((x) => x.nature === 'solde').map((x) => x.dateExigibilite);
  return soldes.sort().at(-1) ?? null;
}

/** Thrown inside a transaction to roll it back and answer a refusal (a value) to the caller. */
export class Refus extends Error {
  constructor(readonly resultat: ResultatReservation) {
    super('refus');
  }
}

/** The source account of a booked engagement, read back from its stored code. */
export const lireSource = lireCodeCompte;

export function libelleSource(c: CleCompte): string {
  return c.nature === 'enveloppe'
    ? `l'enveloppe ${c.reference ?? ''}`
    : `les fonds disponibles ${c.section}/${c.origine} ${c.reference ?? ''}`;
}
