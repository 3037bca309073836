import { ajouterMois, jour } from '../dates.ts';
import type { Droit } from '../parametres/droit.ts';
import type { ValeurDatee } from '../parametres/types.ts';
import type { AnneeExecution } from '../mecanismes/annees-execution.ts';
import type { Echeance } from '../mecanismes/echeancier.ts';
import type { PeriodeCalculee } from '../mecanismes/periodes.ts';
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
  | readonly Echeance[]
  | readonly PeriodeCalculee[];

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

/** Property paths are plain identifiers (checked here again: they become generated code). */
const CHEMIN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The conversion of one input, as generated code over the raw value `b`. */
function conversion(en: Entree): string {
  const defaut = en.defaut === undefined ? 'null' : JSON.stringify(en.defaut);
  switch (en.type) {
    case 'present':
      return 'b !== undefined && b !== null';
    case 'booleen':
      return `typeof b === 'boolean' ? b : ${en.defaut === undefined ? 'false' : defaut}`;
    case 'date':
      return "typeof b === 'string' ? jour(b) : null";
    case 'euros':
      return `Math.round((typeof b === 'number' ? b : ${defaut === 'null' ? 'NaN' : defaut}) * 100)`;
    default:
      return `typeof b === 'number' ? b : ${defaut}`;
  }
}

/**
 * One generated function reading and converting every input of the scheme with plain property
 * accesses (o.fraisAnnexes?.nuitees): keyed lookups with variable keys and a generic conversion
 * cost more than the rule itself. Same semantics as `convertir` (tested on every law case).
 */
function lecteurGenere(entrees: readonly Entree[]): (o: object, out?: Valeur[]) => Valeur[] {
  const lignes = entrees.map((en, i) => {
    if (!CHEMIN.test(en.chemin)) throw new Error(`chemin d'entrée invalide ${en.chemin}`);
    const acces = `o.${en.chemin.split('.').join('?.')}`;
    const conv = conversion(en);
    const euros = en.type === 'euros' && en.defaut === undefined;
    return `b = ${acces}; out[${i}] = ${euros ? `typeof b === 'number' ? ${conv} : null` : conv};`;
  });
  const corps = `let b;\n${lignes.join('\n')}\nreturn out;`;
  const f = new Function('o', 'out', 'jour', corps) as (
    o: object,
    out: Valeur[],
    j: typeof jour,
  ) => Valeur[];
  const n = entrees.length;
  return (o, out) => f(o, out ?? new Array<Valeur>(n), jour);
}

/** Reads a situation into the scheme's inputs, in declaration order (compiled once). */
export function lecteurEntrees(d: Dispositif): {
  index: ReadonlyMap<string, number>;
  /** Into `out` when given (the fast path reuses one array), else a new array. */
  lire: (situation: object, out?: Valeur[]) => Valeur[];
} {
  const entrees = [...d.entrees.values()];
  return {
    index: new Map(entrees.map((en, i) => [en.nom, i])),
    lire: lecteurGenere(entrees),
  };
}
