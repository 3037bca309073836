import { ajouterAnnees, ajouterMois, civilDepuisJour, jourDepuisCivil } from '../dates.ts';

/** Full years of age on a day (a 29 February birthday falls on 28 February, as ajouterAnnees). */
export function ageAu(naissance: number, jourN: number): number {
  let age = Math.max(0, civilDepuisJour(jourN)[0] - civilDepuisJour(naissance)[0]);
  while (age > 0 && ajouterAnnees(naissance, age) > jourN) age--;
  return age;
}

/** First day of the month that follows the month of a day. */
export function premierJourDuMoisSuivant(jourN: number): number {
  const [a, m] = civilDepuisJour(jourN);
  return m === 12 ? jourDepuisCivil(a + 1, 1, 1) : jourDepuisCivil(a, m + 1, 1);
}

/** Last day of the month before the month of a day. */
export function dernierJourDuMoisPrecedent(jourN: number): number {
  const [a, m] = civilDepuisJour(jourN);
  return jourDepuisCivil(a, m, 1) - 1;
}

/** Year of execution (1, 2, …) on a day, counted from a start: year k begins on the (k−1)th anniversary. */
export function anneeDepuis(debut: number, jourN: number): number {
  let k = 1;
  while (ajouterAnnees(debut, k) <= jourN) k++;
  return k;
}

/** Whole months from a day (inclusive) to another (inclusive), counting only completed months. */
export function dureeEnMois(du: number, au: number): number {
  let n = 0;
  while (ajouterMois(du, n + 1) <= au + 1) n++;
  return n;
}
