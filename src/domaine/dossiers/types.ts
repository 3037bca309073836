import type { EngagementAReserver } from '../finances/engagement.ts';
import type { CerfaEj20 } from '../../partage/cerfa-ej20.schema.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';

export type Formulaire = 'FA13' | 'EJ20';
export type Cerfa = CerfaFa13 | CerfaEj20;

/**
 * States of a dossier (API CFA states of operations.md §3, plus the platform's own
 * `brouillon` and `incomplet`). `engage` covers an engagement maintained by an avenant.
 */
export const etats = [
  'brouillon',
  'transmis',
  'incomplet',
  'en_cours_instruction',
  'engage',
  'refuse',
  'rompu',
  'annule',
  'solde',
] as const;
export type Etat = (typeof etats)[number];

/** An article a check or a decision applies. */
export interface ArticleCite {
  article: string;
  alinea?: string;
  id: string;
  url: string;
}

export type ResultatControleValeur = 'conforme' | 'bloquant' | 'avertissement' | 'a_verifier';

/** One check of the automatic instruction, with the articles it applies. */
export interface ResultatControle {
  code: string;
  libelle: string;
  resultat: ResultatControleValeur;
  /** What was found, in French, with the values compared. */
  message: string;
  /** The CERFA field concerned (path in the form), when one is. */
  champ?: string;
  articles: readonly ArticleCite[];
}

export interface Instruction {
  date: string;
  resultats: readonly ResultatControle[];
  /** bloquant if any check blocks, else a_verifier if any is left to a person, else conforme. */
  conclusion: 'conforme' | 'bloquant' | 'a_verifier';
}

/** A reason of a refusal or of a person's decision. */
export interface Raison {
  code: string;
  message: string;
  articles: readonly ArticleCite[];
}

/** The engagement computed for a dossier version, and where its numbers come from. */
export interface EngagementCalcule {
  reservation: EngagementAReserver;
  /** Plain-language lines of the schedule (from the engine). */
  detail: readonly { date: string | null; montantCentimes: number; motif: string }[];
  npec: { annuelCentimes: number; appliqueCentimes: number; source: string } | null;
}

/** Difference between the engagement before and after an avenant or a rupture. */
export interface Difference {
  avantCentimes: number;
  apresCentimes: number;
  ecartCentimes: number;
  explication: string;
}

export type Evenement =
  | { type: 'cree'; date: string; formulaire: Formulaire; cerfa: Cerfa }
  | { type: 'modifie'; date: string; cerfa: Cerfa }
  | { type: 'transmis'; date: string }
  | { type: 'declare_incomplet'; date: string; manquants: readonly string[] }
  | { type: 'complet'; date: string; echeance: string; silence: 'refus' | 'acceptation' }
  | { type: 'instruit'; date: string; instruction: Instruction }
  | {
      type: 'engage';
      date: string;
      engagement: EngagementCalcule;
      automatique: boolean;
      motif: string | null;
    }
  | { type: 'refuse'; date: string; raisons: readonly Raison[]; automatique: boolean }
  | {
      type: 'decision_implicite';
      date: string;
      sens: 'refus' | 'acceptation';
      articles: readonly ArticleCite[];
    }
  | { type: 'mis_en_attente'; date: string; aVerifier: readonly string[] }
  | {
      type: 'avenant';
      date: string;
      dateEffet: string;
      cerfa: Cerfa;
      engagement: EngagementCalcule | null;
      difference: Difference | null;
    }
  | {
      type: 'rupture';
      date: string;
      dateEffet: string;
      motif: string;
      engagement: EngagementCalcule | null;
      difference: Difference | null;
    }
  | { type: 'annule'; date: string; motif: string }
  | { type: 'solde'; date: string };

export type TypeEvenement = Evenement['type'];

/** The current state of a dossier: a fold of its events (cycle-de-vie.ts `deriver`). */
export interface Dossier {
  id: string;
  formulaire: Formulaire;
  opco: string;
  etat: Etat;
  /** Number of events recorded (the next event's rank is version + 1). */
  version: number;
  cerfa: Cerfa;
  dateTransmission: string | null;
  dateComplet: string | null;
  /** Last day for the OPCO's decision; the implicit decision is born the next day. */
  echeance: string | null;
  silence: 'refus' | 'acceptation' | null;
  manquants: readonly string[];
  instruction: Instruction | null;
  /** Checks left to a person (the gestionnaire's work queue). */
  aVerifier: readonly string[];
  engagement: EngagementCalcule | null;
  decision: {
    sens: 'engage' | 'refuse';
    date: string;
    automatique: boolean;
    implicite: boolean;
    raisons: readonly Raison[];
    motif: string | null;
  } | null;
  rupture: { dateEffet: string; motif: string } | null;
  avenants: number;
}
