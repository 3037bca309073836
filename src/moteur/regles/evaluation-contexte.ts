import { articlesCites, type ArticlesCites } from '../citations.ts';
import { iso } from '../dates.ts';
import type { Noeud } from '../explication.ts';
import type { PeriodeAnnee } from '../mecanismes/annees-execution.ts';
import type { Droit } from '../parametres/droit.ts';
import type { Reference, ValeurDatee } from '../parametres/types.ts';
import type { Dispositif, Expr, TypeValeur } from './ast.ts';
import type { Valeur } from './valeurs.ts';

/**
 * What one explained evaluation carries (evaluation.ts): the evaluated nodes, the context of a
 * situation, and the references met on the way to the citations.
 */

/** How a node shows in its parent (see Evalue.k). */
export type Montre = 'litteral' | 'constant' | undefined;

/**
 * An evaluated node: its value and its explanation node. One class for every node (the
 * closures read its fields monomorphically; the explanation nodes themselves vary in shape).
 */
export class Evalue {
  /**
   * How the node shows in its parent: a literal of the formula is written in the parent's label;
   * a computation on parameters only is replaced by the parameters it reads (pruned).
   */
  k: Montre = undefined;
  /** A rule shown again: its name and value, without its computation (shown the first time). */
  renvoi: Evalue | undefined = undefined;
  /** A literal's text in its parent's label (null: not written, a coded text). */
  litteral: string | null = null;
  constructor(
    public v: Valeur,
    public n: Noeud,
  ) {}
}

/** A node compiled for one law interval: evaluates it in a context. */
export type CodeExplique = (c: ContexteExplique) => Evalue;

export interface ContexteExplique {
  dispositif: Dispositif;
  droit: Droit;
  jourParametres: number;
  entrees: readonly Valeur[];
  indexEntrees: ReadonlyMap<string, number>;
  /** Rules already evaluated, by rule rank (not per-year rules). */
  regles: (Evalue | undefined)[];
  /** Per-year rules already evaluated, by year rank then rule rank (created on first use). */
  reglesParAnnee: (Evalue | undefined)[][];
  /** Input nodes already built, by input rank. */
  noeudsEntrees: (Evalue | undefined)[];
  /**
   * The nodes compiled for this law interval, shared by every evaluation in it (a subtree on
   * parameters only keeps its value, node and references from its first evaluation).
   */
  constantes: Map<Expr, CodeExplique>;
  /** The rules' formulas compiled for this law interval, by rule rank (shared, filled on use). */
  formules: (CodeExplique | undefined)[];
  /** Rules whose references this evaluation already met (a per-year rule is cited once). */
  reglesCitees: boolean[];
  annee: PeriodeAnnee | null;
  /**
   * The lists of references met (rules applied, parameter values read, constant subtrees), in
   * order: one push per list, walked once at the end (articlesCitesDe, referencesDe).
   */
  listes: (readonly Reference[])[];
}

/**
 * The tree of the reference lists an evaluation meets (rules' references, parameter values',
 * a constant subtree's), keyed by list — each list is immutable and shared, so a path names one
 * sequence of references, and what the citations keep of it (articlesCites) is found once per
 * path, not once per evaluation.
 */
class ListesCitees {
  readonly suivantes = new Map<readonly Reference[], ListesCitees>();
  articles: ArticlesCites | undefined = undefined;
  /** The last list followed from here and where it led (most evaluations take the same path). */
  derniere: readonly Reference[] | null = null;
  suivante: ListesCitees | null = null;
}
const LISTES_CITEES = new ListesCitees();
/** Bound on the tree (beyond it, an evaluation's articles are grouped from its list). */
const MAX_LISTES_CITEES = 200_000;
let listesCitees = 0;

const formulesParIntervalle = new WeakMap<
  ContexteExplique['constantes'],
  (CodeExplique | undefined)[]
>();

/** A fresh context for one explained evaluation (caches empty, nothing cited yet). */
export function nouveauContexte(
  base: Pick<
    ContexteExplique,
    'constantes' | 'dispositif' | 'droit' | 'jourParametres' | 'entrees' | 'indexEntrees'
  >,
): ContexteExplique {
  return {
    dispositif: base.dispositif,
    droit: base.droit,
    jourParametres: base.jourParametres,
    entrees: base.entrees,
    indexEntrees: base.indexEntrees,
    regles: [],
    reglesParAnnee: [],
    noeudsEntrees: [],
    constantes: base.constantes,
    formules: formulesDe(base.constantes),
    reglesCitees: [],
    annee: null,
    listes: [],
  };
}

/** The compiled formulas of the interval whose compiled nodes are `constantes`. */
function formulesDe(constantes: ContexteExplique['constantes']): (CodeExplique | undefined)[] {
  let f = formulesParIntervalle.get(constantes);
  if (!f) {
    f = [];
    formulesParIntervalle.set(constantes, f);
  }
  return f;
}

/** Cites a list of references (kept in order; empty lists are not kept). */
export function citerListe(c: ContexteExplique, refs: readonly Reference[]): void {
  if (refs.length > 0) c.listes.push(refs);
}

/** Every reference this evaluation met, in order. */
export function referencesDe(c: ContexteExplique): Reference[] {
  const out: Reference[] = [];
  for (const l of c.listes) for (const r of l) out.push(r);
  return out;
}

/** The node of the tree of lists reached by `listes` (null: beyond the tree's bound). */
function suivreListes(listes: readonly (readonly Reference[])[]): ListesCitees | null {
  let t = LISTES_CITEES;
  for (const refs of listes) {
    if (t.derniere === refs) {
      t = t.suivante as ListesCitees;
      continue;
    }
    let s = t.suivantes.get(refs);
    if (!s) {
      if (listesCitees >= MAX_LISTES_CITEES) return null;
      s = new ListesCitees();
      t.suivantes.set(refs, s);
      listesCitees++;
    }
    t.derniere = refs;
    t.suivante = s;
    t = s;
  }
  return t;
}

/** The articles cited by this evaluation (grouped once per sequence of lists met). */
export function articlesCitesDe(c: ContexteExplique): ArticlesCites {
  const t = suivreListes(c.listes);
  if (t === null) return articlesCites(referencesDe(c));
  return (t.articles ??= articlesCites(referencesDe(c)));
}

const listesDatees = new WeakMap<ValeurDatee, readonly Reference[]>();

/** A parameter value's references with its date (one list per dated value, shared). */
export function referencesDatees(v: ValeurDatee): readonly Reference[] {
  let l = listesDatees.get(v);
  if (!l) {
    l = Object.freeze(v.references.map((r) => ({ ...r, depuis: v.depuis })));
    listesDatees.set(v, l);
  }
  return l;
}

/** Value as shown in the explanation: euros for money, ISO dates, totals for lists of amounts. */
export function affichee(v: Valeur, type: TypeValeur, unite: string | undefined): Noeud['valeur'] {
  if (v === null) return null;
  if (type === 'date' && typeof v === 'number') return iso(v);
  if (typeof v === 'number') return unite === '€' ? v / 100 : v;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (type === 'liste')
    return (v as readonly number[]).map((x) => (unite === 'dates' ? iso(x) : x)).join(' / ');
  if (type === 'periodes') return (v as readonly unknown[]).length;
  let t = 0;
  for (const x of v as readonly { montant: number }[]) t += x.montant;
  return t / 100;
}

export function noeud(
  x: Expr,
  v: Valeur,
  code: string,
  libelle: string,
  enfants?: Noeud[],
  nature: Noeud['nature'] = 'calcul',
): Noeud {
  const valeur = affichee(v, x.type, x.unite);
  return noeudDe(
    nature,
    code,
    libelle,
    valeur,
    x.unite,
    enfants && enfants.length > 0 ? enfants : null,
  );
}

/**
 * An explanation node written as one object literal per set of keys (keys in the order of the
 * explanation): no key added afterwards, which would give every node a store that changes its
 * shape on a site shared by all nodes, and a second backing store.
 */
export function noeudDe(
  nature: Noeud['nature'],
  code: string,
  libelle: string,
  valeur: Noeud['valeur'],
  unite: string | undefined,
  enfants: Noeud[] | null,
): Noeud {
  if (unite)
    return enfants === null
      ? { nature, code, libelle, valeur, unite }
      : { nature, code, libelle, valeur, unite, enfants };
  return enfants === null
    ? { nature, code, libelle, valeur }
    : { nature, code, libelle, valeur, enfants };
}

/** A rule's node (its references always written, its children when it has some). */
export function noeudRegle(
  code: string,
  libelle: string,
  valeur: Noeud['valeur'],
  unite: string | undefined,
  references: readonly Reference[],
  enfants: Noeud[] | null,
): Noeud {
  const nature = 'regle';
  if (unite)
    return enfants === null
      ? { nature, code, libelle, valeur, unite, references }
      : { nature, code, libelle, valeur, unite, references, enfants };
  return enfants === null
    ? { nature, code, libelle, valeur, references }
    : { nature, code, libelle, valeur, references, enfants };
}
