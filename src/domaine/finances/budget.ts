import type { OrigineFonds, SectionFinancement } from './engagement.ts';
import { euros } from './grand-livre.ts';

/** A commitment accepted, or refused with the figures (a value, not an error). */
export type DecisionReservation =
  | { acceptee: true; disponibleAvantCentimes: number; disponibleApresCentimes: number }
  | {
      acceptee: false;
      motif: string;
      disponibleCentimes: number;
      demandeCentimes: number;
      manqueCentimes: number;
    };

/**
 * Whether `demande` cents may be reserved on an account holding `disponible` cents. The caller
 * MUST hold the lock of that account's row (SELECT … FOR UPDATE) from this read to the posting,
 * so that concurrent commitments see each other's reservations.
 */
export function deciderReservation(
  disponibleCentimes: number,
  demandeCentimes: number,
  libelleSource: string,
): DecisionReservation {
  if (demandeCentimes <= disponibleCentimes)
    return {
      acceptee: true,
      disponibleAvantCentimes: disponibleCentimes,
      disponibleApresCentimes: disponibleCentimes - demandeCentimes,
    };
  const manque = demandeCentimes - disponibleCentimes;
  return {
    acceptee: false,
    motif: `fonds insuffisants sur ${libelleSource} : disponible ${euros(disponibleCentimes)}, demandé ${euros(demandeCentimes)}, manque ${euros(manque)}`,
    disponibleCentimes,
    demandeCentimes,
    manqueCentimes: manque,
  };
}

/** One France compétences allocation line (per OPCO, section, origin and budget year). */
export interface Dotation {
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  annee: number;
  montantCentimes: number;
  /** The deliberation or text that sets it (provenance). */
  reference: string;
  dateReference: string;
}
