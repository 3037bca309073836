import { jour, type Droit } from '../../moteur/index.ts';

/**
 * R6332-25 (from 2025-07-01): months after the contract's end within which the invoice and the
 * completion certificate must reach the OPCO, or the balance is not due. Read from the law data
 * (droit/parametres/apprentissage/echeancier/delai_transmission_solde_mois.yaml) at the
 * engagement's date; null before the rule existed.
 */
export const PARAMETRE_DELAI_SOLDE = 'apprentissage.echeancier.delai_transmission_solde_mois';

export function delaiSoldeMois(droit: Droit, date: string): number | null {
  const v = droit.trouver(PARAMETRE_DELAI_SOLDE, jour(date))?.valeur.valeur;
  return typeof v === 'number' ? v : null;
}
