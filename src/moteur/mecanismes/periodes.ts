import type { Valeur } from '../regles/valeurs.ts';
import type { PeriodeAnnee } from './annees-execution.ts';

/**
 * Mechanism `periodes` (the algorithmic part, written once): cuts [debut, fin] at every day
 * where something may change (the cut days given by the rules: anniversaries, birthdays, law
 * changes…), evaluates the per-period fields in each piece (the piece is the rules' `annee`:
 * `annee.du`, `annee.au`), then joins consecutive pieces whose `fusion` fields are equal (the
 * joined period keeps the first piece's other fields).
 */
export interface PeriodeCalculee {
  /** Rank of its first piece (1, 2…). */
  rang: number;
  du: number;
  au: number;
  valeurs: Readonly<Record<string, Valeur>>;
}

/** The first days of the pieces: debut, then each cut day in (debut, fin], sorted, once. */
export function jourDeCoupe(debut: number, fin: number, coupures: readonly Valeur[]): number[] {
  const j: number[] = [];
  for (const c of coupures)
    if (Array.isArray(c)) {
      for (const x of c as readonly number[]) if (x > debut && x <= fin) j.push(x);
    } else if (typeof c === 'number' && c > debut && c <= fin) j.push(c);
  j.sort((a, b) => a - b);
  const out = [debut];
  for (const x of j) if (x !== out[out.length - 1]) out.push(x);
  return out;
}

/** Walks the pieces with one reused period object; `f` returns the piece's fields. */
export function parcourirPeriodes(
  debut: number,
  fin: number,
  coupures: readonly Valeur[],
  fusion: readonly string[],
  f: (p: PeriodeAnnee) => Record<string, Valeur>,
): PeriodeCalculee[] {
  const jours = jourDeCoupe(debut, fin, coupures);
  const out: PeriodeCalculee[] = [];
  const p: PeriodeAnnee = { rang: 0, du: 0, au: 0, jours: 0, complete: false };
  for (let i = 0; i < jours.length; i++) {
    p.rang = i + 1;
    p.du = jours[i] as number;
    p.au = i + 1 < jours.length ? (jours[i + 1] as number) - 1 : fin;
    p.jours = p.au - p.du + 1;
    const valeurs = f(p);
    const d = out.at(-1);
    if (d && fusion.every((k) => d.valeurs[k] === valeurs[k])) d.au = p.au;
    else out.push({ rang: p.rang, du: p.du, au: p.au, valeurs });
  }
  return out;
}
