import type { Reference } from './parametres/types.ts';

/**
 * One node of the evaluated explanation tree (one per rule, parameter, input or computation),
 * built by the evaluation itself (src/moteur/regles/evaluation.ts): the label is the rule's or
 * the parameter's description, or the mechanism's name; no formula is written a second time.
 */
export interface Noeud {
  nature: 'regle' | 'parametre' | 'entree' | 'calcul';
  code: string;
  libelle: string;
  valeur: number | string | boolean | null;
  unite?: string;
  /** Parameters: date from which the value applies, and its legal references. */
  depuis?: string;
  references?: readonly Reference[];
  convention?: boolean;
  /** The value in French for a person (presentation.ts): « 477,07 € », « 27 % », « 01/09/2024 ». */
  texte?: string;
  enfants?: Noeud[];
}
