import type { DemandeFormulaire, TypeDemande } from '../../partage/demandes.schema.ts';
import type { Etat, Instruction, Raison } from '../dossiers/types.ts';
import type { EngagementAReserver } from '../finances/engagement.ts';

export type { DemandeFormulaire, TypeDemande };

/** The engagement of a request: what the ledger books, and where its figures come from. */
export interface EngagementDemande {
  reservation: EngagementAReserver;
  /** Money lines of the scheme's rules (label of the rule, amount in cents). */
  detail: readonly { libelle: string; montantCentimes: number }[];
  /** The OPCO barème applied (plan < 50, SSCT): its id, the date of its version, its edit. */
  bareme: { id: string; depuis: string | null; version: string } | null;
  /** Date the scheme's rules read the law and barème at (the scheme's `date_des_parametres`). */
  dateDesParametres: string;
}

/**
 * Events of a request: the dossier's event types (same names, same states reached through the
 * same table `etatApres`), with the request's form instead of a CERFA.
 */
export type EvenementDemande =
  | { type: 'cree'; date: string; demande: DemandeFormulaire }
  | { type: 'modifie'; date: string; demande: DemandeFormulaire }
  | { type: 'transmis'; date: string }
  | { type: 'complet'; date: string; echeance: string | null; resume: ResumeDemande }
  | { type: 'instruit'; date: string; instruction: Instruction }
  | { type: 'mis_en_attente'; date: string; aVerifier: readonly string[] }
  | {
      type: 'engage';
      date: string;
      engagement: EngagementDemande;
      automatique: boolean;
      motif: string | null;
    }
  | { type: 'refuse'; date: string; raisons: readonly Raison[]; automatique: boolean }
  | { type: 'annule'; date: string; motif: string }
  /** A transmitted request modified before its decision: the form replaced, instructed again. */
  | { type: 'revise'; date: string; demande: DemandeFormulaire; motif: string | null }
  /**
   * A modification after engagement (avenant): the form replaced, the engagement recomputed by
   * the rules in force on the request date, the difference booked on the ledger.
   */
  | {
      type: 'avenant';
      date: string;
      demande: DemandeFormulaire;
      instruction: Instruction;
      engagement: EngagementDemande;
      ecart: EcartEngagement;
      motif: string | null;
    }
  | {
      type: 'solde';
      date: string;
      /**
       * The realised amount (absent in requests settled before it was asked): the engagement
       * reduced to it, the difference released on the ledger.
       */
      realise?: SoldeDemande & { engagement: EngagementDemande };
    };

/** The settlement of a request: realised amount, what was released, who decided and why. */
export interface SoldeDemande {
  montantRealiseCentimes: number;
  libereCentimes: number;
  motif: string | null;
  /** The invoices the settlement rests on (absent in settlements made before invoices). */
  factures?: readonly FactureRetenue[];
}

/** An invoice accepted on a request, as the settlement sees it. */
export interface FactureRetenue {
  id: number;
  numero: string;
  siretEmetteur: string;
  montantHtCentimes: number;
}

/** The difference an avenant makes to the engagement, line by line, and its explanation. */
export interface EcartEngagement {
  avantCentimes: number;
  apresCentimes: number;
  /** après − avant: > 0 booked on the ledger (funds permitting), < 0 released. */
  differenceCentimes: number;
  lignes: readonly { libelle: string; avantCentimes: number; apresCentimes: number }[];
  explication: string;
}

/** Title and dates of the action funded (an action collective's come from its session). */
export interface ResumeDemande {
  intitule: string;
  dateDebut: string;
  dateFin: string;
}

/** The current state of a request: the fold of its events. */
export interface Demande {
  id: string;
  type: TypeDemande;
  opco: string;
  etat: Etat;
  version: number;
  formulaire: DemandeFormulaire;
  resume: ResumeDemande;
  dateDemande: string;
  dateTransmission: string | null;
  /** Last day to notify a reasoned refusal (R6332-24); no silence rule attached. */
  echeance: string | null;
  instruction: Instruction | null;
  aVerifier: readonly string[];
  engagement: EngagementDemande | null;
  decision: {
    sens: 'engage' | 'refuse';
    date: string;
    automatique: boolean;
    raisons: readonly Raison[];
    motif: string | null;
  } | null;
  /** Settled: the realised amount and the released difference (absent before settlement). */
  solde?: (SoldeDemande & { date: string }) | null;
  /** Modifications after transmission: revisions before the decision, avenants after. */
  modifications?: readonly {
    date: string;
    nature: 'revision' | 'avenant';
    motif: string | null;
    ecart: EcartEngagement | null;
  }[];
}

/** A session of an action collective as the instruction sees it (read under its row lock). */
export interface SessionDemande {
  id: number;
  /** Code of the OPCO that publishes the session. */
  opco: string | null;
  intitule: string;
  dateDebut: string;
  placesRestantes: number;
  prixCentimes: number;
  tauxFinancement: number;
  idccEligibles: readonly string[];
  effectifMax: number | null;
  annulee: boolean;
  /** SIRET of the training provider (organisme prestataire) of the session, when given. */
  organismeSiret?: string | null;
}
