import type { Noeud } from '../explication.ts';
import type { Expr, TypeValeur } from './ast.ts';
import { affichee, Evalue, noeudDe } from './evaluation-contexte.ts';
import type { Valeur } from './valeurs.ts';

/**
 * The explanation node of a computation (a mechanism): its generic name, its value and its
 * evaluated operands — pruned: a literal operand is written in the label, an operand computed
 * from parameters only is replaced by those parameters (each with its value, date, references).
 */

/** What a compiled computation node knows before any evaluation (one shape for all nodes). */
export class Statique {
  readonly type: TypeValeur;
  readonly unite: string | undefined;
  /** Labels by the literals met (`null`: none), built once each. */
  private readonly libelles = new Map<string | null, string>();
  private readonly sansLitteraux: string;
  /** The last literals asked and their label (a node meets the same literals every time). */
  private dernier: string | null = null;
  private dernierLibelle = '';
  readonly code: string;
  /** The label does not name the literals read (a choice: they are shown by its branches). */
  readonly sansLibelleLitteral: boolean;
  constructor(
    readonly x: Expr,
    code?: string,
  ) {
    this.code = code ?? ('op' in x ? x.op : x.k);
    this.type = x.type;
    this.unite = x.unite;
    this.sansLitteraux = libelleAvec(x, this.code, null);
    this.sansLibelleLitteral = x.k === 'variations' || x.k === 'premier_defini' || x.k === 'grille';
  }
  libelle(litteraux: string | null): string {
    if (litteraux === null) return this.sansLitteraux;
    if (litteraux === this.dernier) return this.dernierLibelle;
    let l = this.libelles.get(litteraux);
    if (l === undefined) {
      l = libelleAvec(this.x, this.code, litteraux);
      this.libelles.set(litteraux, l);
    }
    this.dernier = litteraux;
    this.dernierLibelle = l;
    return l;
  }
}

function noeudStatique(s: Statique, v: Valeur, libelle: string, enfants: Noeud[] | null): Noeud {
  return noeudDe('calcul', s.code, libelle, affichee(v, s.type, s.unite), s.unite, enfants);
}

/**
 * The node of a computation from its first `nb` evaluated operands (all by default): the
 * operands' array is only read, so a closure may pass a buffer it reuses.
 */
export function fin(
  s: Statique,
  v: Valeur,
  enfants: readonly Evalue[],
  nb: number = enfants.length,
): Evalue {
  const montres = enfantsMontres(enfants, nb);
  if (montres !== undefined) return new Evalue(v, noeudStatique(s, v, s.libelle(null), montres));
  let ns: Noeud[] | null = null;
  let litteraux: string | null = null;
  for (let i = 0; i < nb; i++) {
    const e = enfants[i] as Evalue;
    const k = e.k;
    if (k === undefined) {
      if (ns === null) ns = [e.n];
      else ns.push(e.n);
    } else if (k === 'litteral') {
      // Numbers are written in the label; a coded text is not (it names the parameter's value).
      const l = s.sansLibelleLitteral ? null : e.litteral;
      if (l !== null) litteraux = litteraux === null ? l : `${litteraux}, ${l}`;
    } else {
      const ps = e.n.enfants;
      if (ps)
        for (const p of ps)
          if (ns === null) ns = [p];
          else if (!ns.includes(p)) ns.push(p);
    }
  }
  return new Evalue(v, noeudStatique(s, v, s.libelle(litteraux), ns));
}

/**
 * The children of a node whose operands all show as themselves (the common case), in one array
 * of their exact length; undefined when an operand is a literal or a pruned subtree.
 */
function enfantsMontres(enfants: readonly Evalue[], nb: number): Noeud[] | null | undefined {
  for (let i = 0; i < nb; i++) if ((enfants[i] as Evalue).k !== undefined) return undefined;
  switch (nb) {
    case 0:
      return null;
    case 1:
      return [(enfants[0] as Evalue).n];
    case 2:
      return [(enfants[0] as Evalue).n, (enfants[1] as Evalue).n];
    case 3:
      return [(enfants[0] as Evalue).n, (enfants[1] as Evalue).n, (enfants[2] as Evalue).n];
    default: {
      const ns: Noeud[] = [];
      for (let i = 0; i < nb; i++) ns.push((enfants[i] as Evalue).n);
      return ns;
    }
  }
}

const statiquesNommes = new WeakMap<Expr, Statique>();

/**
 * `fin` for a mechanism evaluated outside the compiled closures (enregistres.ts), its node named
 * `code` (fixed per expression: the function's name or the mechanism's).
 */
export function finNomme(x: Expr, v: Valeur, code: string, enfants: readonly Evalue[]): Evalue {
  let s = statiquesNommes.get(x);
  if (!s) {
    s = new Statique(x, code);
    statiquesNommes.set(x, s);
  }
  return fin(s, v, enfants);
}

/** « Égal à 1 », « Date décalée de 12 mois », « Somme (avec 1) ». */
function libelleAvec(x: Expr, code: string, litteraux: string | null): string {
  const l = x.libelle ?? code;
  if (litteraux === null || x.k === 'variations' || x.k === 'premier_defini' || x.k === 'grille')
    return l; // (Statique.sansLibelleLitteral)
  if (x.k === 'comparaison') return `${l} ${litteraux}`;
  if (x.k === 'ajouter_mois') return `Date décalée de ${litteraux} mois`;
  return `${l} (avec ${litteraux})`;
}
