import type { Droit } from '../parametres/droit.ts';
import { jour } from '../dates.ts';
import type { Reference } from '../parametres/types.ts';

/**
 * Apprentice minimum wage (D6222-26): share of the SMIC by age bracket and year of execution,
 * times the monthly SMIC (hourly SMIC × legal monthly hours) in force on the date, in cents.
 */
export function salaireMinimumApprenti(
  droit: Droit,
  entree: { age: number; anneeExecution: number; date: string },
): { taux: number; smicMensuel: number; montant: number; references: Reference[] } {
  const j = jour(entree.date);
  const { age } = entree;
  if (
    age < 16 &&
    droit.trouver('apprentissage.salaire_minimum.age_15_ans_comme_16_17', j)?.valeur.valeur !== true
  )
    throw new RangeError(`pas de tranche de salaire pour ${age} ans au ${entree.date}`);
  // Brackets of D6222-26, from the ages in the law data (18, 21, 26).
  const bornes = droit.trouver('apprentissage.salaire_minimum.bornes_age', j)?.valeur.valeur;
  if (!Array.isArray(bornes)) throw new RangeError(`pas de tranches d'âge au ${entree.date}`);
  const rang = (bornes as readonly number[]).filter((b) => age >= b).length;
  const tranche =
    (['16_17_ans', '18_20_ans', '21_25_ans', '26_ans_et_plus'] as const)[rang] ?? '26_ans_et_plus';
  const grille = droit.trouver(`apprentissage.salaire_minimum.${tranche}`, j);
  const horaire = droit.trouver('smic.horaire', j);
  const heures = droit.trouver('smic.heures_mensuelles', j);
  if (!grille || !horaire || !heures) throw new RangeError(`pas de grille au ${entree.date}`);
  const taux =
    (grille.valeur.valeur as readonly number[])[Math.min(entree.anneeExecution, 3) - 1] ?? 1;
  const smicMensuel = Math.round(
    (horaire.valeur.valeur as number) * (heures.valeur.valeur as number) * 100,
  );
  return {
    taux,
    smicMensuel,
    montant: Math.round(smicMensuel * taux),
    references: [...grille.valeur.references, ...horaire.valeur.references],
  };
}
