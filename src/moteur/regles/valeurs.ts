import { ajouterMois, jour } from '../dates.ts';
import type { Droit } from '../parametres/droit.ts';
import type { ValeurDatee } from '../parametres/types.ts';
import type { AnneeExecution } from '../mecanismes/annees-execution.ts';
import type { Echeance } from '../mecanismes/echeancier.ts';
import type { Comparaison, Dispositif, Entree, OperationArithmetique } from './ast.ts';
import { estMonetaire } from './verification.ts';

/**
 * Runtime values of the rules and the semantics of each mechanism on them, shared by the
 * explained evaluator and the compiled closures (one definition, two speeds). Money in cents,
 * dates as day numbers, null = not applicable (missing input, parameter not in force).
 */
export type Valeur =
  | number
  | boolean
  | string
  | null
  | readonly number[]
  | readonly AnneeExecution[]
  | readonly Echeance[];

export const num = (v: Valeur): number | null => (typeof v === 'number' ? v : null);

/** Arithmetic: null is absorbing, except for minima/maxima which ignore non-applicable terms. */
export function arithmetique(op: OperationArithmetique, vs: readonly Valeur[]): number | null {
  if (op === 'minimum' || op === 'plafond' || op === 'maximum' || op === 'plancher') {
    let r: number | null = null;
    const min = op === 'minimum' || op === 'plafond';
    for (const v of vs) {
      if (typeof v !== 'number') continue;
      r = r === null ? v : min ? Math.min(r, v) : Math.max(r, v);
    }
    return r;
  }
  let r = num(vs[0] ?? null);
  for (let i = 1; i < vs.length && r !== null; i++) {
    const v = num(vs[i] ?? null);
    if (v === null) return null;
    if (op === 'somme') r += v;
    else if (op === 'difference') r -= v;
    else if (op === 'produit') r *= v;
    else r /= v;
  }
  return r;
}

export function comparer(op: Comparaison, a: Valeur, b: Valeur): boolean {
  if (a === null || b === null) return false;
  switch (op) {
    case 'egal':
      return a === b;
    case 'inferieur':
      return (a as number) < (b as number);
    case 'inferieur_ou_egal':
      return (a as number) <= (b as number);
    case 'superieur':
      return (a as number) > (b as number);
    default:
      return (a as number) >= (b as number);
  }
}

export const arrondi = (v: Valeur): number | null => (typeof v === 'number' ? Math.round(v) : null);

export function plusMois(date: Valeur, mois: Valeur): number | null {
  return typeof date === 'number' && typeof mois === 'number' ? ajouterMois(date, mois) : null;
}

/** A parameter value as the rules see it: euros converted to cents. */
export function valeurParametre(unite: string, v: ValeurDatee | undefined): Valeur {
  if (!v) return null;
  const x = v.valeur;
  if (estMonetaire(unite) && typeof x === 'number') return Math.round(x * 100);
  return x;
}

export function lireParametreAu(droit: Droit, id: string, jourN: number) {
  const t = droit.trouver(id, jourN);
  return { trouve: t, valeur: valeurParametre(droit.parametre(id).unite, t?.valeur) };
}

function convertir(en: Entree, brut: unknown): Valeur {
  switch (en.type) {
    case 'present':
      return brut !== undefined && brut !== null;
    case 'booleen':
      return typeof brut === 'boolean' ? brut : (en.defaut ?? false);
    case 'date':
      return typeof brut === 'string' ? jour(brut) : null;
    case 'euros': {
      const x = typeof brut === 'number' ? brut : en.defaut;
      return typeof x === 'number' ? Math.round(x * 100) : null;
    }
    default:
      return typeof brut === 'number' ? brut : typeof en.defaut === 'number' ? en.defaut : null;
  }
}

/** Property paths are plain identifiers (checked here again: they become generated code). */
const CHEMIN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * One generated function reading every input path of the scheme with plain property accesses
 * (o.fraisAnnexes?.nuitees): keyed lookups with variable keys cost more than the rule itself.
 */
function lecteurBrut(chemins: readonly string[]): (o: object) => unknown[] {
  for (const c of chemins) if (!CHEMIN.test(c)) throw new Error(`chemin d'entrée invalide ${c}`);
  const corps = `return [${chemins.map((c) => `o.${c.split('.').join('?.')}`).join(', ')}];`;
  return new Function('o', corps) as (o: object) => unknown[];
}

/** Reads a situation into the scheme's inputs, in declaration order (compiled once). */
export function lecteurEntrees(d: Dispositif): {
  index: ReadonlyMap<string, number>;
  lire: (situation: object) => Valeur[];
} {
  const entrees = [...d.entrees.values()];
  const brut = lecteurBrut(entrees.map((en) => en.chemin));
  return {
    index: new Map(entrees.map((en, i) => [en.nom, i])),
    lire(situation) {
      const out = brut(situation) as Valeur[];
      for (let i = 0; i < entrees.length; i++) out[i] = convertir(entrees[i] as Entree, out[i]);
      return out;
    },
  };
}
