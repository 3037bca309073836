import type { Noeud } from '../explication.ts';
import type { Reference } from '../parametres/types.ts';

/** The contract whose minimum wage is computed (D6222-26 to D6222-32). Money in cents. */
export interface SituationSalaireApprenti {
  dateNaissance: string;
  dateConclusion: string;
  dateDebut: string;
  dateFin: string;
  /** L6222-1 al. 2: a 15-year-old may start if they completed the first cycle of secondary school. */
  premierCycleSecondaireAcheve?: boolean;
  /** Length of the training cycle, in months, when the contract is shorter or longer (D6222-28-1, D6222-28-2). */
  dureeCycleMois?: number;
  /** Extension of the apprenticeship from a date: after an exam failure (L6222-11, D6222-28) or for a disabled apprentice (R6222-47, R6222-48). */
  prolongation?: { motif: 'echec_examen' | 'handicap'; depuis: string };
  /** D6222-32. */
  licenceProfessionnelle?: boolean;
  /** D6222-30: contract of at most one year for a diploma of the same level, directly related to the previous one. */
  diplomeMemeNiveau?: boolean;
  /** D6222-29: share of the SMIC reached in the last year of a previous successful contract. */
  tauxContratPrecedent?: number;
  /** Conventional minimum wage of the job, per month, in cents (D6222-26 3° and 4°). */
  salaireMinimumConventionnel?: number;
  mayotte?: boolean;
}

export type Tranche = '16_17_ans' | '18_20_ans' | '21_25_ans' | '26_ans_et_plus';

export const TRANCHES: readonly Tranche[] = [
  '16_17_ans',
  '18_20_ans',
  '21_25_ans',
  '26_ans_et_plus',
];

export interface PeriodeSalaire {
  du: string;
  au: string;
  /** Age on the first day of the period. */
  age: number;
  tranche: Tranche;
  /** Year of execution of the contract, counted from its start. */
  anneeExecution: number;
  /** Year whose rate applies after D6222-28, -28-1, -28-2, -32 and R6222-48. */
  anneeRetenue: number;
  /** Share of the base, in percent (e.g. 53). */
  tauxPourcent: number;
  base: 'SMIC' | 'SMC';
  smicHoraireCentimes: number;
  baseMensuelleCentimes: number;
  montantMensuelCentimes: number;
  explication: Noeud;
}

/** A period without its explanation (the compiled path). */
export type PeriodeSalaireRapide = Omit<PeriodeSalaire, 'explication'>;

export interface ResultatSalaireApprenti {
  ageDebut: number;
  periodes: PeriodeSalaire[];
  /** Options given but not applied (the rule does not govern the contract), in French. */
  avertissements: string[];
  explication: Noeud;
  references: Reference[];
}

/** L6222-1: the apprentice is too young at the start of the apprenticeship. */
export interface RefusAge {
  age: number;
  ageMinimum: number;
  references: readonly Reference[];
}
