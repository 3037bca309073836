import type { Droit } from '../parametres/droit.ts';
import {
  anneeSuivante,
  champAnnee,
  totalAnnees,
  type AnneeExecution,
  type PeriodeAnnee,
} from '../mecanismes/annees-execution.ts';
import { construireEcheancier } from '../mecanismes/echeancier.ts';
import type {
  ChampAnnee,
  Comparaison,
  Dispositif,
  Expr,
  OperationArithmetique,
  ParametreEcheancier,
} from './ast.ts';
import { compilerEnregistre } from './enregistres.ts';
import { parametresEcheancier } from './evaluation-mecanismes.ts';
import {
  arithmetique,
  arrondi,
  comparer,
  lireParametreAu,
  plusMois,
  type Valeur,
} from './valeurs.ts';

/**
 * The fast path: the same rule trees turned once into closures, for the parameter values of one
 * interval between two law changes (parameters become constants). No explanation is built.
 * Same mechanism semantics as the explained evaluator (valeurs.ts).
 */
export interface Ctx {
  e: Valeur[];
  /** Rule values of this evaluation (undefined = not yet computed). */
  r: (Valeur | undefined)[];
  a: PeriodeAnnee | null;
  /** Per-period rule values of the current period, when a mechanism keeps them (periodes). */
  ra?: (Valeur | undefined)[] | undefined;
}
export type Fn = (c: Ctx) => Valeur;

export interface Programme {
  nbRegles: number;
  regle(nom: string): Fn;
  /** Any node of the rules' trees as a closure (constant nodes folded). */
  expression(x: Expr): Fn;
}

export function compiler(
  d: Dispositif,
  droit: Droit,
  jourParametres: number,
  indexEntrees: ReadonlyMap<string, number>,
): Programme {
  const indexRegles = new Map([...d.regles.keys()].map((n, i) => [n, i]));
  const compilees = new Map<string, Fn>();
  const constantes = new WeakMap<Fn, Valeur>();
  const env: Env = {
    d,
    droit,
    jourParametres,
    indexEntrees,
    indexRegles,
    compilees,
    constantes,
    usages: compterUsages(d),
  };
  return {
    nbRegles: indexRegles.size,
    regle: (nom) => regle(env, nom),
    expression: (x) => compilerExpr(env, x),
  };
}

/** How many times each rule is referenced by the formulas (a rule used once needs no cache). */
export function compterUsages(d: Dispositif): Map<string, number> {
  const usages = new Map<string, number>();
  const visiter = (v: unknown): void => {
    if (Array.isArray(v)) for (const y of v) visiter(y);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.k === 'regle' && typeof o.nom === 'string')
        usages.set(o.nom, (usages.get(o.nom) ?? 0) + 1);
      // (`cible` is the rule a reference names, resolved by the evaluator: not a sub-formula.)
      for (const [k, y] of Object.entries(o)) if (k !== 'cible') visiter(y);
    }
  };
  for (const r of d.regles.values()) visiter(r.formule);
  return usages;
}

interface Env {
  d: Dispositif;
  droit: Droit;
  jourParametres: number;
  indexEntrees: ReadonlyMap<string, number>;
  indexRegles: ReadonlyMap<string, number>;
  compilees: Map<string, Fn>;
  usages: ReadonlyMap<string, number>;
  /** Closures whose value is known at compile time (parameters, and what depends only on them). */
  constantes: WeakMap<Fn, Valeur>;
}

function constante(env: Env, v: Valeur): Fn {
  const f: Fn = () => v;
  env.constantes.set(f, v);
  return f;
}

const VIDE: Ctx = { e: [], r: [], a: null };

/** Folds a mechanism whose operands are all constant: parameters are constant per interval. */
function plier(env: Env, f: Fn, operandes: readonly Fn[]): Fn {
  for (const o of operandes) if (!env.constantes.has(o)) return f;
  return constante(env, f(VIDE));
}

/** A per-year rule, once per period where the mechanism keeps a cache (c.ra), else per use. */
function parPeriode(i: number, corps: Fn): Fn {
  return (c) => {
    const m = c.ra;
    if (m === undefined) return corps(c);
    const v = m[i];
    if (v !== undefined) return v;
    const x = corps(c);
    m[i] = x;
    return x;
  };
}

/** A rule is computed once per evaluation (per-year rules: once per use, in their year). */
function regle(env: Env, nom: string): Fn {
  const deja = env.compilees.get(nom);
  if (deja) return deja;
  const r = env.d.regles.get(nom);
  const i = env.indexRegles.get(nom);
  if (!r || i === undefined) throw new Error(`règle inconnue ${nom}`);
  const corps = compilerExpr(env, r.formule);
  const f: Fn = env.constantes.has(corps)
    ? corps
    : r.parAnnee
      ? parPeriode(i, corps)
      : (c) => {
          const v = c.r[i];
          if (v !== undefined) return v;
          const x = corps(c);
          c.r[i] = x;
          return x;
        };
  env.compilees.set(nom, f);
  return f;
}

function compilerExpr(env: Env, x: Expr): Fn {
  switch (x.k) {
    case 'constante':
      return constante(env, x.valeur);
    case 'entree': {
      const i = env.indexEntrees.get(x.nom) ?? -1;
      return (c) => c.e[i] ?? null;
    }
    case 'parametre':
      return constante(env, lireParametreAu(env.droit, x.id, env.jourParametres).valeur);
    case 'regle': {
      // Used once and not per-year: its body is called in place, without the cache.
      if ((env.usages.get(x.nom) ?? 0) > 1 || env.d.regles.get(x.nom)?.parAnnee)
        return regle(env, x.nom);
      const r = env.d.regles.get(x.nom);
      return r ? compilerExpr(env, r.formule) : regle(env, x.nom);
    }
    case 'annee':
      return champ(x.champ);
    default:
      return compilerMecanisme(env, x);
  }
}

/** A field of the current year of execution, read without a keyed lookup. */
function champ(ch: ChampAnnee): Fn {
  switch (ch) {
    case 'rang':
      return (c) => (c.a === null ? null : c.a.rang);
    case 'jours':
      return (c) => (c.a === null ? null : c.a.jours);
    case 'complete':
      return (c) => (c.a === null ? null : c.a.complete);
    default:
      return (c) => (c.a === null ? null : champAnnee(c.a, ch));
  }
}

function binaire(op: Expr & { k: 'arithmetique' }, fa: Fn, fb: Fn): Fn {
  switch (op.op) {
    case 'somme':
    case 'difference':
    case 'produit':
    case 'quotient': {
      const o = op.op;
      return (c) => {
        const a = fa(c);
        if (typeof a !== 'number') return null;
        const b = fb(c);
        if (typeof b !== 'number') return null;
        return o === 'somme' ? a + b : o === 'difference' ? a - b : o === 'produit' ? a * b : a / b;
      };
    }
    case 'minimum':
    case 'plafond':
      return (c) => {
        const a = fa(c);
        const b = fb(c);
        if (typeof a !== 'number') return typeof b === 'number' ? b : null;
        return typeof b === 'number' ? Math.min(a, b) : a;
      };
    default:
      return (c) => {
        const a = fa(c);
        const b = fb(c);
        if (typeof a !== 'number') return typeof b === 'number' ? b : null;
        return typeof b === 'number' ? Math.max(a, b) : a;
      };
  }
}

/** More than two operands: the values go through one reused buffer, not a new array per call. */
function naire(op: OperationArithmetique, fs: readonly Fn[]): Fn {
  const tampon: Valeur[] = new Array(fs.length);
  return (c) => {
    for (let i = 0; i < fs.length; i++) tampon[i] = (fs[i] as Fn)(c);
    return arithmetique(op, tampon);
  };
}

/** A comparison chosen once, at compile time (same semantics as `comparer`). */
function comparaison(op: Comparaison, fa: Fn, fb: Fn): Fn {
  if (op === 'egal')
    return (c) => {
      const a = fa(c);
      const b = fb(c);
      return a !== null && b !== null && a === b;
    };
  return (c) => {
    const a = fa(c);
    const b = fb(c);
    if (typeof a !== 'number' || typeof b !== 'number') return comparer(op, a, b);
    return op === 'inferieur'
      ? a < b
      : op === 'inferieur_ou_egal'
        ? a <= b
        : op === 'superieur'
          ? a > b
          : a >= b;
  };
}

function compilerMecanisme(env: Env, x: Expr): Fn {
  switch (x.k) {
    case 'arithmetique': {
      const fs = x.args.map((y) => compilerExpr(env, y));
      const [fa, fb] = fs;
      const op = x.op;
      const f: Fn = fs.length === 2 && fa && fb ? binaire(x, fa, fb) : naire(op, fs);
      return plier(env, f, fs);
    }
    case 'arrondi': {
      const g = compilerExpr(env, x.arg);
      return plier(env, (c) => arrondi(g(c)), [g]);
    }
    case 'logique': {
      const fs = x.args.map((y) => compilerExpr(env, y));
      // Constant operands decide or drop out.
      const restants = fs.filter((g) => !env.constantes.has(g));
      const consts = fs.filter((g) => env.constantes.has(g)).map((g) => env.constantes.get(g));
      if (x.op === 'toutes') {
        if (consts.some((v) => v !== true)) return constante(env, false);
        if (restants.length === 0) return constante(env, true);
        return (c) => {
          for (const g of restants) if (g(c) !== true) return false;
          return true;
        };
      }
      if (consts.some((v) => v === true)) return constante(env, true);
      if (restants.length === 0) return constante(env, false);
      return (c) => {
        for (const g of restants) if (g(c) === true) return true;
        return false;
      };
    }
    case 'non': {
      const g = compilerExpr(env, x.arg);
      return plier(env, (c) => g(c) !== true, [g]);
    }
    case 'defini': {
      const g = compilerExpr(env, x.arg);
      return plier(env, (c) => g(c) !== null, [g]);
    }
    case 'comparaison': {
      const fa = compilerExpr(env, x.a);
      const fb = compilerExpr(env, x.b);
      const op = x.op;
      return plier(env, comparaison(op, fa, fb), [fa, fb]);
    }
    default:
      return compilerChoix(env, x);
  }
}

/** Branches whose condition is constant are decided at compile time. */
function compilerVariations(env: Env, x: Expr & { k: 'variations' }): Fn {
  const bs: { si: Fn | null; alors: Fn }[] = [];
  for (const b of x.branches) {
    const si = b.si ? compilerExpr(env, b.si) : null;
    if (si && env.constantes.has(si)) {
      if (env.constantes.get(si) !== true) continue;
      bs.push({ si: null, alors: compilerExpr(env, b.alors) });
      break;
    }
    bs.push({ si, alors: compilerExpr(env, b.alors) });
    if (si === null) break;
  }
  const [premiere] = bs;
  if (!premiere) return constante(env, null);
  if (premiere.si === null) return premiere.alors;
  return (c) => {
    for (const b of bs) if (b.si === null || b.si(c) === true) return b.alors(c);
    return null;
  };
}

function compilerChoix(env: Env, x: Expr): Fn {
  switch (x.k) {
    case 'variations':
      return compilerVariations(env, x);
    case 'premier_defini': {
      const fs = x.args.map((y) => compilerExpr(env, y));
      return plier(
        env,
        (c) => {
          for (const g of fs) {
            const v = g(c);
            if (v !== null) return v;
          }
          return null;
        },
        fs,
      );
    }
    case 'grille': {
      const selon = compilerExpr(env, x.selon);
      const table = new Map(x.valeurs.map((l) => [l.cle, compilerExpr(env, l.valeur)]));
      return (c) => {
        const s = selon(c);
        const g = typeof s === 'number' ? table.get(s) : undefined;
        return g ? g(c) : null;
      };
    }
    case 'ajouter_mois': {
      const fd = compilerExpr(env, x.date);
      const fm = compilerExpr(env, x.mois);
      return plier(env, (c) => plusMois(fd(c), fm(c)), [fd, fm]);
    }
    default:
      return compilerAlgorithmes(env, x);
  }
}

/**
 * Mechanism `annees_execution` compiled: each year's amount evaluated in its year. With a list,
 * the years are returned; with `somme`, only their total is kept (no object per year).
 */
function anneesExecution(fd: Fn, ff: Fn, fm: Fn, somme: 'somme' | null): Fn {
  const p: PeriodeAnnee = { rang: 0, du: 0, au: 0, jours: 0, complete: false };
  return (c) => {
    const debut = fd(c);
    const fin = ff(c);
    if (typeof debut !== 'number' || typeof fin !== 'number') return null;
    const exterieure = c.a;
    const annees: AnneeExecution[] | null = somme === null ? [] : null;
    let t = 0;
    p.rang = 0;
    c.a = p;
    while (anneeSuivante(debut, fin, p)) {
      const m = fm(c);
      const montant = typeof m === 'number' ? m : 0;
      if (annees) annees.push({ du: p.du, au: p.au, jours: p.jours, montant });
      else t += montant;
    }
    c.a = exterieure;
    return annees ?? t;
  };
}

/**
 * `total_annees` compiled straight to the sum: through the rule it names and its conditions
 * down to the `annees_execution` mechanism, which then adds the amounts without listing them.
 */
function total(env: Env, x: Expr): Fn {
  const cx = (y: Expr): Fn => compilerExpr(env, y);
  if (x.k === 'annees_execution')
    return anneesExecution(cx(x.debut), cx(x.fin), cx(x.montant), 'somme');
  if (x.k === 'regle') {
    const r = env.d.regles.get(x.nom);
    if (r && !r.parAnnee) return total(env, r.formule);
  }
  if (x.k === 'variations') {
    const bs = x.branches.map((b) => ({ si: b.si ? cx(b.si) : null, alors: total(env, b.alors) }));
    return (c) => {
      for (const b of bs) if (b.si === null || b.si(c) === true) return b.alors(c);
      return null;
    };
  }
  const f = cx(x);
  return (c) => totalAnnees(f(c) as readonly AnneeExecution[] | null);
}

function compilerAlgorithmes(env: Env, x: Expr): Fn {
  const cx = (y: Expr): Fn => compilerExpr(env, y);
  switch (x.k) {
    case 'annees_execution':
      return anneesExecution(cx(x.debut), cx(x.fin), cx(x.montant), null);
    case 'total_annees':
      return total(env, x.arg);
    case 'echeancier': {
      const fs = Object.entries(x.params).map(
        ([k, y]) => [k as ParametreEcheancier, cx(y)] as const,
      );
      return (c) => {
        const p = {} as Record<ParametreEcheancier, Valeur>;
        for (const [k, f] of fs) p[k] = f(c);
        return construireEcheancier(parametresEcheancier(p));
      };
    }
    default:
      return compilerEnregistre(x, cx, env.droit, (f, ops) => plier(env, f, ops));
  }
}
