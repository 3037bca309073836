/**
 * CONTRACT between dossiers (issue 12) and finances (issue 13): what an `engagé` dossier asks the
 * ledger to book. Amounts are integer cents; dates `YYYY-MM-DD`.
 */

/** Funding section of an OPCO's accounts (R6332-15 ff., France compétences allocation sections). */
export type SectionFinancement =
  'alternance' | 'plan_moins_50' | 'pro_a' | 'cpf' | 'fonctionnement';

/** Origin of funds, never mixed (L6332-1-2). */
export type OrigineFonds = 'mutualises' | 'conventionnels' | 'volontaires';

/** One instalment of a schedule (R6332-25: avance, échéance, solde). */
export interface EcheanceAEngager {
  /** Stable number within the engagement (1, 2, …), used for idempotency. */
  numero: number;
  nature: 'avance' | 'echeance' | 'solde' | 'frais_annexes';
  /** Date from which the instalment may be paid. */
  dateExigibilite: string;
  montantCentimes: number;
  /** True when payment also requires the completion certificate (solde). */
  exigeCertificatRealisation: boolean;
}

/** What an engagé dossier books: the total reserved and the schedule that pays it. */
export interface EngagementAReserver {
  /** Idempotency: one dossier version produces one engagement. */
  dossierId: string;
  versionDossier: number;
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  /** IDCC of the employer's branch, when known. */
  idcc: string | null;
  /** SIRET of the beneficiary paid (the CFA for apprenticeship). */
  siretBeneficiaire: string;
  dateEngagement: string;
  montantTotalCentimes: number;
  echeances: readonly EcheanceAEngager[];
  /**
   * Added by finances (additive, optional): the contract's end date, from which R6332-25 counts
   * the 4 months to invoice the balance. When absent, the latest `solde` instalment's date is used.
   */
  dateFinContrat?: string | null;
  /**
   * Added by finances (additive, optional): the kind of expense, for the péréquation share
   * (R6123-31 2°) and the ESF. When absent, the dossier's form tells it (FA13 → apprentissage,
   * EJ20 → professionnalisation), else « autre ».
   */
  dispositif?: 'apprentissage' | 'professionnalisation' | 'autre';
  /** Traceability: law version and dataset used by the engine. */
  trace: { versionDroit: string; jeuDonnees: string | null };
}
