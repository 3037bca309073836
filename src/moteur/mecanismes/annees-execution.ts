import { ajouterMois, moisCommences } from '../dates.ts';
import type { ChampAnnee } from '../regles/ast.ts';

/** One year of execution of a contract, as the per-year rules see it (`annee.<champ>`). */
export interface PeriodeAnnee {
  rang: number;
  du: number;
  au: number;
  jours: number;
  complete: boolean;
}

/** A year of execution with the amount its rule gave (cents). */
export interface AnneeExecution {
  du: number;
  au: number;
  jours: number;
  montant: number;
}

/**
 * Mechanism `annees_execution` (the algorithmic part, written once): splits a funded period into
 * years of execution. Year k runs from the k-th anniversary of the start (inclusive; 29 February
 * → 28 February) to the day before the next one, and stops at `fin`. A year is complete when it
 * reaches the day before its next anniversary. Day numbers in, day numbers out.
 */
export function decouperAnnees(debut: number, fin: number): PeriodeAnnee[] {
  const annees: PeriodeAnnee[] = [];
  parcourirAnnees(debut, fin, (p) => annees.push({ ...p }));
  return annees;
}

/** Same cut, one reused period object handed to `f` per year. */
export function parcourirAnnees(debut: number, fin: number, f: (p: PeriodeAnnee) => void): void {
  const p: PeriodeAnnee = { rang: 0, du: debut, au: debut, jours: 0, complete: false };
  while (anneeSuivante(debut, fin, p)) f(p);
}

/**
 * Moves `p` to the next year of execution of [debut, fin] (from `rang` 0: the first year);
 * false when the period is over. The compiled path walks the years with it, allocating nothing.
 */
export function anneeSuivante(debut: number, fin: number, p: PeriodeAnnee): boolean {
  const du = p.rang === 0 ? debut : p.au + 1;
  if (du > fin) return false;
  const rang = p.rang + 1;
  const prochain = ajouterMois(debut, 12 * rang);
  p.rang = rang;
  p.du = du;
  p.au = Math.min(prochain - 1, fin);
  p.jours = p.au - du + 1;
  p.complete = p.au === prochain - 1;
  return true;
}

/** A field of a year; months started are counted only when a rule reads them. */
export function champAnnee(a: PeriodeAnnee, champ: ChampAnnee): number | boolean {
  return champ === 'mois_commences' ? moisCommences(a.du, a.au) : a[champ];
}

export function totalAnnees(annees: readonly AnneeExecution[] | null): number | null {
  if (annees === null) return null;
  let t = 0;
  for (const a of annees) t += a.montant;
  return t;
}
