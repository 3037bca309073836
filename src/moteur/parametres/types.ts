/** Law as data: dated parameter values, each with its legal references. */
export type ValeurParametre = number | boolean | string | readonly number[] | null;

export interface Reference {
  /** Article number as in the Code du travail (e.g. « D6332-78 »), or the text cited. */
  article: string;
  titre: string;
  url: string;
  /** Source of a text outside the Code du travail (« Journal officiel » for a décret, an arrêté). */
  code?: string;
  idLegifrance?: string;
  /**
   * For citations only: the date from which the parameter value citing this reference applies
   * (the most recent value applied names the version that governs the situation).
   */
  depuis?: string;
}

export interface ValeurDatee {
  /** Applies from this date (inclusive) until the next value (exclusive). */
  depuis: string;
  depuisJour: number;
  valeur: ValeurParametre;
  references: readonly Reference[];
  notes?: string;
}

export interface Parametre {
  /** Dotted id, the path below droit/parametres (apprentissage.distanciel.plancher). */
  id: string;
  fichier: string;
  description: string;
  unite: string;
  /** A reading of the law that no text settles, with its justification (docs/conventions.md). */
  convention: boolean;
  justification?: string;
  derniereVerification: string;
  /** Sorted by date. */
  valeurs: readonly ValeurDatee[];
}
