import type { Droit } from '../parametres/droit.ts';
import {
  anneeSuivante,
  champAnnee,
  totalAnnees,
  type AnneeExecution,
  type PeriodeAnnee,
} from '../mecanismes/annees-execution.ts';
import type { Comparaison, Dispositif, Expr, OperationArithmetique } from './ast.ts';
import {
  compiler as compilerClosures,
  compterUsages,
  type Ctx,
  type Fn,
  type Programme,
} from './compilation.ts';
import { arrondi, comparer, plusMois, type Valeur } from './valeurs.ts';

/**
 * The fast path as generated code: the rule trees of one law interval written once as plain
 * JavaScript functions (one per rule, direct calls V8 can inline), parameters as constants.
 * What depends only on parameters is folded at generation by the closure compiler
 * (compilation.ts), whose closures also run the mechanisms not generated here (the schedule).
 * Same semantics as valeurs.ts (null absorbing in arithmetic, ignored by minima/maxima): the
 * differential and law tests compare this path with the explained evaluation on every case.
 */
export function genererProgramme(
  d: Dispositif,
  droit: Droit,
  jourParametres: number,
  indexEntrees: ReadonlyMap<string, number>,
): Programme {
  const closures = compilerClosures(d, droit, jourParametres, indexEntrees);
  const g: Generation = {
    d,
    closures,
    indexEntrees,
    indexRegles: new Map([...d.regles.keys()].map((n, i) => [n, i])),
    usages: compterUsages(d),
    constantes: [],
    externes: [],
    fonctions: [],
    generees: new Set(),
    temporaires: 0,
    annees: 0,
  };
  for (const nom of d.regles.keys()) genererRegle(g, nom);
  const corps = [
    ...g.fonctions,
    `return { ${[...g.generees].map((i) => `R${i}`).join(', ')} };`,
  ].join('\n');
  const fabrique = new Function('K', 'X', 'H', corps) as (
    k: readonly Valeur[],
    x: readonly Fn[],
    h: typeof AIDES,
  ) => Record<string, Fn>;
  const fns = fabrique(g.constantes, g.externes, AIDES);
  return {
    nbRegles: closures.nbRegles,
    regle: (nom) => {
      const f = fns[`R${g.indexRegles.get(nom) ?? -1}`];
      if (!f) throw new Error(`règle inconnue ${nom}`);
      return f;
    },
    expression: (x) => closures.expression(x),
  };
}

interface Generation {
  d: Dispositif;
  closures: Programme;
  indexEntrees: ReadonlyMap<string, number>;
  indexRegles: ReadonlyMap<string, number>;
  usages: ReadonlyMap<string, number>;
  /** Values the code reads as K[i] (texts, lists, numbers JSON cannot write). */
  constantes: Valeur[];
  /** Closures the code calls as X[i] (mechanisms not generated). */
  externes: Fn[];
  fonctions: string[];
  generees: Set<number>;
  /** Counters for unique local names. */
  temporaires: number;
  annees: number;
}

/** Helpers the generated code calls (null semantics of valeurs.ts, two operands at a time). */
const AIDES = {
  somme: (a: Valeur, b: Valeur) => (typeof a === 'number' && typeof b === 'number' ? a + b : null),
  difference: (a: Valeur, b: Valeur) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : null,
  produit: (a: Valeur, b: Valeur) =>
    typeof a === 'number' && typeof b === 'number' ? a * b : null,
  quotient: (a: Valeur, b: Valeur) =>
    typeof a === 'number' && typeof b === 'number' ? a / b : null,
  minimum: (a: Valeur, b: Valeur) =>
    typeof a !== 'number'
      ? typeof b === 'number'
        ? b
        : null
      : typeof b === 'number'
        ? Math.min(a, b)
        : a,
  maximum: (a: Valeur, b: Valeur) =>
    typeof a !== 'number'
      ? typeof b === 'number'
        ? b
        : null
      : typeof b === 'number'
        ? Math.max(a, b)
        : a,
  arrondi,
  comparer: (op: Comparaison, a: Valeur, b: Valeur) => comparer(op, a, b),
  plusMois,
  moisCommences: (a: PeriodeAnnee | null) => (a === null ? null : champAnnee(a, 'mois_commences')),
  anneeSuivante,
  totalAnnees: (v: Valeur) => totalAnnees(v as readonly AnneeExecution[] | null),
};

const AIDE_OPERATION: Record<OperationArithmetique, keyof typeof AIDES> = {
  somme: 'somme',
  difference: 'difference',
  produit: 'produit',
  quotient: 'quotient',
  minimum: 'minimum',
  plafond: 'minimum',
  maximum: 'maximum',
  plancher: 'maximum',
};

/** R<i>(c): the rule's value, cached in c.r[i] unless per-year or used once. */
function genererRegle(g: Generation, nom: string): void {
  const i = g.indexRegles.get(nom) as number;
  if (g.generees.has(i)) return;
  g.generees.add(i);
  const r = g.d.regles.get(nom);
  if (!r) throw new Error(`règle inconnue ${nom}`);
  const locales = { n: 0 };
  const corps = expression(g, r.formule, locales);
  const decl = locales.n > 0 ? `let ${Array.from({ length: locales.n }, (_v, k) => `t${k}`)};` : '';
  const cache = !r.parAnnee && (g.usages.get(nom) ?? 0) > 1;
  g.fonctions.push(
    cache
      ? `function R${i}(c) { let v = c.r[${i}]; if (v !== undefined) return v; ${decl} v = ${corps}; c.r[${i}] = v; return v; }`
      : `function R${i}(c) { ${decl} return ${corps}; }`,
  );
}

/** A value written as a literal, or read from K. */
function litteral(g: Generation, v: Valeur): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) return String(v);
  g.constantes.push(v);
  return `K[${g.constantes.length - 1}]`;
}

/** A mechanism left to the closure compiler, called as X[i](c). */
function externe(g: Generation, x: Expr): string {
  g.externes.push(g.closures.expression(x));
  return `X[${g.externes.length - 1}](c)`;
}

type Locales = { n: number };

function expression(g: Generation, x: Expr, l: Locales): string {
  if (x.constant === true) return litteral(g, g.closures.expression(x)(VIDE));
  switch (x.k) {
    case 'entree':
      return `(c.e[${g.indexEntrees.get(x.nom) ?? -1}] ?? null)`;
    case 'regle':
      genererRegle(g, x.nom);
      return `R${g.indexRegles.get(x.nom)}(c)`;
    case 'annee':
      return x.champ === 'mois_commences'
        ? 'H.moisCommences(c.a)'
        : `(c.a === null ? null : c.a.${x.champ})`;
    case 'arithmetique': {
      const aide = AIDE_OPERATION[x.op];
      return x.args.map((y) => expression(g, y, l)).reduce((acc, y) => `H.${aide}(${acc}, ${y})`);
    }
    case 'arrondi':
      return `H.arrondi(${expression(g, x.arg, l)})`;
    case 'non':
      return `(${expression(g, x.arg, l)} !== true)`;
    case 'defini':
      return `(${expression(g, x.arg, l)} !== null)`;
    case 'comparaison':
      return `H.comparer(${JSON.stringify(x.op)}, ${expression(g, x.a, l)}, ${expression(g, x.b, l)})`;
    default:
      return choix(g, x, l);
  }
}

const VIDE: Ctx = { e: [], r: [], a: null };

function choix(g: Generation, x: Expr, l: Locales): string {
  switch (x.k) {
    case 'logique':
      return logique(g, x, l);
    case 'variations': {
      let code = 'null';
      for (const b of [...x.branches].reverse()) {
        const alors = expression(g, b.alors, l);
        code = b.si === null ? alors : `(${expression(g, b.si, l)} === true ? ${alors} : ${code})`;
      }
      return code;
    }
    case 'premier_defini': {
      const t = `t${l.n++}`;
      return x.args
        .map((y) => expression(g, y, l))
        .reduceRight((suite, y) => `((${t} = ${y}) !== null ? ${t} : ${suite})`, 'null');
    }
    case 'grille': {
      const t = `t${l.n++}`;
      const lignes = x.valeurs
        .map((v) => `${t} === ${v.cle} ? ${expression(g, v.valeur, l)} : `)
        .join('');
      return `((${t} = ${expression(g, x.selon, l)}), ${lignes}null)`;
    }
    case 'ajouter_mois':
      return `H.plusMois(${expression(g, x.date, l)}, ${expression(g, x.mois, l)})`;
    case 'annees_execution':
      return anneesExecution(g, x, false);
    case 'total_annees':
      return total(g, x.arg, l);
    default:
      return externe(g, x);
  }
}

function logique(g: Generation, x: Expr & { k: 'logique' }, l: Locales): string {
  const toutes = x.op === 'toutes';
  const termes: string[] = [];
  for (const y of x.args) {
    if (y.constant === true) {
      const v = g.closures.expression(y)(VIDE) === true;
      if (v !== toutes) return String(!toutes);
      continue;
    }
    termes.push(`${expression(g, y, l)} === true`);
  }
  if (termes.length === 0) return String(toutes);
  return `(${termes.join(toutes ? ' && ' : ' || ')})`;
}

/**
 * `annees_execution` as a function A<k>(c) walking the years with one period object; with
 * `somme`, only the total of the amounts is kept.
 */
function anneesExecution(
  g: Generation,
  x: Expr & { k: 'annees_execution' },
  somme: boolean,
): string {
  const k = g.annees++;
  const l: Locales = { n: 0 };
  const debut = expression(g, x.debut, l);
  const fin = expression(g, x.fin, l);
  const montant = expression(g, x.montant, l);
  const decl = l.n > 0 ? `let ${Array.from({ length: l.n }, (_v, i) => `t${i}`)};` : '';
  g.fonctions.push(`const P${k} = { rang: 0, du: 0, au: 0, jours: 0, complete: false };
function A${k}(c) {
  ${decl}
  const debut = ${debut};
  const fin = ${fin};
  if (typeof debut !== 'number' || typeof fin !== 'number') return null;
  const exterieure = c.a;
  const p = P${k};
  p.rang = 0;
  c.a = p;
  ${somme ? 'let t = 0;' : 'const annees = [];'}
  while (H.anneeSuivante(debut, fin, p)) {
    const m = ${montant};
    const montant = typeof m === 'number' ? m : 0;
    ${somme ? 't += montant;' : 'annees.push({ du: p.du, au: p.au, jours: p.jours, montant });'}
  }
  c.a = exterieure;
  return ${somme ? 't' : 'annees'};
}`);
  return `A${k}(c)`;
}

/** `total_annees` straight to the sum, through the rule it names and its conditions. */
function total(g: Generation, x: Expr, l: Locales): string {
  if (x.k === 'annees_execution') return anneesExecution(g, x, true);
  if (x.k === 'regle') {
    const r = g.d.regles.get(x.nom);
    if (r && !r.parAnnee) return total(g, r.formule, l);
  }
  if (x.k === 'variations') {
    let code = 'null';
    for (const b of [...x.branches].reverse()) {
      const alors = total(g, b.alors, l);
      code = b.si === null ? alors : `(${expression(g, b.si, l)} === true ? ${alors} : ${code})`;
    }
    return code;
  }
  return `H.totalAnnees(${expression(g, x, l)})`;
}
