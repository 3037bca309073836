import type { Reference } from './parametres/types.ts';

/** One node of the evaluated explanation tree (one per rule, parameter, input or computation). */
export interface Noeud {
  nature: 'regle' | 'parametre' | 'entree' | 'calcul';
  code: string;
  libelle: string;
  valeur: number | string | boolean | null;
  unite?: string;
  formule?: string;
  /** Parameters: date from which the value applies, and its legal references. */
  depuis?: string;
  references?: readonly Reference[];
  convention?: boolean;
  enfants?: Noeud[];
}
