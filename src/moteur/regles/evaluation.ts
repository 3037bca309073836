import { iso } from '../dates.ts';
import type { Noeud } from '../explication.ts';
import type { Droit } from '../parametres/droit.ts';
import type { Reference } from '../parametres/types.ts';
import {
  champAnnee,
  decouperAnnees,
  totalAnnees,
  type AnneeExecution,
  type PeriodeAnnee,
} from '../mecanismes/annees-execution.ts';
import {
  construireEcheancier,
  type Echeance,
  type ParametresEcheancier,
} from '../mecanismes/echeancier.ts';
import type { Dispositif, Expr, ParametreEcheancier, Regle, TypeValeur } from './ast.ts';
import { evaluerEnregistre } from './enregistres.ts';
import { libelleAnnee } from './libelles.ts';
import {
  arithmetique,
  arrondi,
  comparer,
  lireParametreAu,
  num,
  plusMois,
  type Valeur,
} from './valeurs.ts';

/**
 * The explained evaluation: evaluates a rule's tree once and returns, for every node, its value
 * and its explanation node — the explanation is this evaluation, labelled from the rules' own
 * descriptions and the parameters' descriptions, never from a second hand-written text.
 * Each node of the tree is compiled once per law interval into a closure (the `constantes` map of
 * the context, kept by the engines per interval): what does not depend on the situation — the
 * rule resolved, the input's rank and label, the mechanism's label with its literals, the
 * subtrees on parameters only with their references — is found once; evaluating a situation
 * only runs the closures.
 */
export interface Evalue {
  v: Valeur;
  n: Noeud;
  /**
   * How the node shows in its parent: a literal of the formula is written in the parent's label;
   * a computation on parameters only is replaced by the parameters it reads (pruned).
   */
  k?: 'litteral' | 'constant' | undefined;
  /** A rule shown again: its name and value, without its computation (shown the first time). */
  renvoi?: Evalue | undefined;
}

/** One shape for every evaluated node (monomorphic accesses in the closures). */
class Evaluation implements Evalue {
  k: 'litteral' | 'constant' | undefined = undefined;
  renvoi: Evalue | undefined = undefined;
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
  /** Rules whose references this evaluation already met (a per-year rule is cited once). */
  reglesCitees: boolean[];
  annee: PeriodeAnnee | null;
  /** Every reference met: rules applied and parameter values read, in order. */
  references: Reference[];
}

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
    reglesCitees: [],
    annee: null,
    references: [],
  };
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

export function noeud(x: Expr, v: Valeur, code: string, libelle: string, enfants: Noeud[]): Noeud {
  const n: Noeud = { nature: 'calcul', code, libelle, valeur: affichee(v, x.type, x.unite) };
  if (x.unite) n.unite = x.unite;
  if (enfants.length > 0) n.enfants = enfants;
  return n;
}

/** A rule already evaluated in this evaluation: shown again by its name and value only. */
function renvoi(e: Evalue): Evalue {
  if (!e.renvoi) {
    const n: Noeud = {
      nature: e.n.nature,
      code: e.n.code,
      libelle: e.n.libelle,
      valeur: e.n.valeur,
    };
    if (e.n.unite) n.unite = e.n.unite;
    e.renvoi = new Evaluation(e.v, n);
  }
  return e.renvoi;
}

/** The compiled node of `x` for the context's law interval (compiled on first use). */
function code(c: ContexteExplique, x: Expr): CodeExplique {
  let f = c.constantes.get(x);
  if (!f) {
    f =
      x.constant === true && x.k !== 'regle'
        ? constante(x, compilerNoeud(c, x))
        : compilerNoeud(c, x);
    c.constantes.set(x, f);
  }
  return f;
}

export function evaluer(c: ContexteExplique, x: Expr): Evalue {
  return code(c, x)(c);
}

export function evaluerRegle(c: ContexteExplique, nom: string, cible?: Regle): Evalue {
  const r = cible ?? c.dispositif.regles.get(nom);
  if (!r) throw new Error(`règle inconnue ${nom}`);
  return appliquerRegle(c, r, code(c, r.formule));
}

/** A rule: its formula evaluated once per evaluation (per year for per-year rules), then referred to. */
function appliquerRegle(c: ContexteExplique, r: Regle, formule: CodeExplique): Evalue {
  // Per-year rules are computed once per year, the others once per evaluation.
  const cache = r.parAnnee ? cacheAnnee(c, r.nom) : c.regles;
  const deja = cache[r.indice];
  if (deja) return renvoi(deja);
  if (c.reglesCitees[r.indice] !== true) {
    c.reglesCitees[r.indice] = true;
    for (const ref of r.references) c.references.push(ref);
  }
  const f = formule(c);
  const n: Noeud = {
    nature: 'regle',
    code: r.nom,
    libelle: r.description,
    valeur: affichee(f.v, r.formule.type, r.unite),
  };
  if (r.unite) n.unite = r.unite;
  n.references = r.references;
  // Pruned like a mechanism's operand: a formula on parameters only shows those parameters.
  const enfants = f.k === 'litteral' ? undefined : f.k === 'constant' ? f.n.enfants : [f.n];
  if (enfants && enfants.length > 0) n.enfants = enfants;
  const res = new Evaluation(f.v, n);
  cache[r.indice] = res;
  return res;
}

function cacheAnnee(c: ContexteExplique, nom: string): (Evalue | undefined)[] {
  if (c.annee === null) throw new Error(`règle ${nom} hors d'une année d'exécution`);
  let m = c.reglesParAnnee[c.annee.rang];
  if (!m) {
    m = [];
    c.reglesParAnnee[c.annee.rang] = m;
  }
  return m;
}

/** The value of a rule (evaluated if it was not yet), without a node for it. */
export function valeurRegle(c: ContexteExplique, nom: string): Valeur {
  const r = c.dispositif.regles.get(nom);
  return ((r && !r.parAnnee ? c.regles[r.indice] : undefined) ?? evaluerRegle(c, nom)).v;
}

/**
 * A subtree on parameters only: evaluated once per law interval (its first evaluation), its node
 * shared by the evaluations of the interval, its references cited once per evaluation.
 */
function constante(x: Expr, interne: CodeExplique): CodeExplique {
  let e: Evalue | undefined;
  let references: readonly Reference[] = [];
  let citees: Reference[] | undefined;
  return (c) => {
    if (e) {
      // Its references once per evaluation (the list of this evaluation marks it).
      if (citees !== c.references) {
        citees = c.references;
        for (const r of references) c.references.push(r);
      }
      return e;
    }
    const avant = c.references.length;
    const r = interne(c);
    if (x.k !== 'parametre') r.k = x.k === 'constante' ? 'litteral' : 'constant';
    references = c.references.slice(avant);
    citees = c.references;
    e = r;
    return r;
  };
}

/** A parameter's node: its description, value, date and references (shared in the interval). */
function evaluerParametre(c: ContexteExplique, x: Expr & { k: 'parametre' }): Evalue {
  const { trouve, valeur } = lireParametreAu(c.droit, x.id, c.jourParametres);
  const p = c.droit.parametre(x.id);
  if (trouve)
    for (const r of trouve.valeur.references)
      c.references.push({ ...r, depuis: trouve.valeur.depuis });
  return new Evaluation(valeur, {
    nature: 'parametre',
    code: x.id,
    libelle: p.description,
    valeur: affichee(valeur, x.type, x.unite),
    ...(x.unite ? { unite: x.unite } : {}),
    ...(trouve ? { depuis: trouve.valeur.depuis, references: trouve.valeur.references } : {}),
    ...(p.convention ? { convention: true } : {}),
  });
}

function compilerNoeud(c: ContexteExplique, x: Expr): CodeExplique {
  switch (x.k) {
    case 'constante': {
      const libelle = String(x.valeur);
      return () => new Evaluation(x.valeur, noeud(x, x.valeur, 'constante', libelle, []));
    }
    case 'entree':
      return compilerEntree(c, x);
    case 'parametre':
      return (c2) => evaluerParametre(c2, x);
    case 'regle': {
      const r = c.dispositif.regles.get(x.nom);
      if (!r) throw new Error(`règle inconnue ${x.nom}`);
      // The rule's formula compiled on its first use (rules refer to each other in any order).
      let formule: CodeExplique | undefined;
      return (c2) => appliquerRegle(c2, r, (formule ??= code(c2, r.formule)));
    }
    case 'annee': {
      const champ = x.champ;
      const libelle = libelleAnnee(champ);
      return (c2) => {
        if (c2.annee === null) throw new Error(`annee.${champ} hors d'une année d'exécution`);
        const v = champAnnee(c2.annee, champ);
        const n = noeud(x, v, `annee.${champ}`, libelle, []);
        n.nature = 'entree';
        return new Evaluation(v, n);
      };
    }
    default:
      return compilerMecanisme(c, x);
  }
}

/** An input's node, built once per evaluation (its rank and label found at compilation). */
function compilerEntree(c: ContexteExplique, x: Expr & { k: 'entree' }): CodeExplique {
  const i = c.indexEntrees.get(x.nom) ?? -1;
  const en = c.dispositif.entrees.get(x.nom);
  const chemin = en?.chemin ?? x.nom;
  const description = en?.description ?? x.nom;
  return (c2) => {
    const deja = c2.noeudsEntrees[i];
    if (deja) return deja;
    const v = c2.entrees[i] ?? null;
    const n = noeud(x, v, chemin, description, []);
    n.nature = 'entree';
    const e = new Evaluation(v, n);
    c2.noeudsEntrees[i] = e;
    return e;
  };
}

/** What a compiled computation node knows before any evaluation (one shape for all nodes). */
class Statique {
  readonly type: TypeValeur;
  readonly unite: string | undefined;
  /** Labels by the literals met (`null`: none), built once each. */
  private readonly libelles = new Map<string | null, string>();
  private readonly sansLitteraux: string;
  readonly code: string;
  constructor(
    readonly x: Expr,
    code?: string,
  ) {
    this.code = code ?? ('op' in x ? x.op : x.k);
    this.type = x.type;
    this.unite = x.unite;
    this.sansLitteraux = libelleAvec(x, this.code, null);
  }
  libelle(litteraux: string | null): string {
    if (litteraux === null) return this.sansLitteraux;
    let l = this.libelles.get(litteraux);
    if (l === undefined) {
      l = libelleAvec(this.x, this.code, litteraux);
      this.libelles.set(litteraux, l);
    }
    return l;
  }
}

function noeudStatique(s: Statique, v: Valeur, libelle: string, enfants: Noeud[]): Noeud {
  const n: Noeud = {
    nature: 'calcul',
    code: s.code,
    libelle,
    valeur: affichee(v, s.type, s.unite),
  };
  if (s.unite) n.unite = s.unite;
  if (enfants.length > 0) n.enfants = enfants;
  return n;
}

/**
 * A computation node: the mechanism's generic name, its value and its evaluated operands —
 * pruned: a literal operand is written in the label, an operand computed from parameters only
 * is replaced by those parameters (each with its value, date and references).
 */
function fin(s: Statique, v: Valeur, enfants: readonly Evalue[]): Evalue {
  const ns: Noeud[] = [];
  let litteraux: string | null = null;
  for (let i = 0; i < enfants.length; i++) {
    const e = enfants[i] as Evalue;
    if (e.k === undefined) ns.push(e.n);
    else if (e.k === 'litteral') {
      // Numbers are written in the label; a coded text is not (it names the parameter's value).
      if (typeof e.n.valeur === 'string' && e.n.unite === undefined) continue;
      const l = String(e.n.valeur);
      litteraux = litteraux === null ? l : `${litteraux}, ${l}`;
    } else if (e.n.enfants) for (const p of e.n.enfants) if (!ns.includes(p)) ns.push(p);
  }
  return new Evaluation(v, noeudStatique(s, v, s.libelle(litteraux), ns));
}

const statiquesNommes = new WeakMap<Expr, Statique>();

/**
 * `fin` for a mechanism evaluated outside this file (enregistres.ts), its node named `code`
 * (fixed per expression: the function's name or the mechanism's).
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
    return l;
  if (x.k === 'comparaison') return `${l} ${litteraux}`;
  if (x.k === 'ajouter_mois') return `Date décalée de ${litteraux} mois`;
  return `${l} (avec ${litteraux})`;
}

function codes(c: ContexteExplique, xs: readonly Expr[]): CodeExplique[] {
  return xs.map((y) => code(c, y));
}

function tous(c: ContexteExplique, fs: readonly CodeExplique[]): Evalue[] {
  const out: Evalue[] = new Array(fs.length);
  for (let i = 0; i < fs.length; i++) out[i] = (fs[i] as CodeExplique)(c);
  return out;
}

function compilerMecanisme(c: ContexteExplique, x: Expr): CodeExplique {
  const S = new Statique(x);
  switch (x.k) {
    case 'arithmetique': {
      const fs = codes(c, x.args);
      const op = x.op;
      // The operands' values in one array per node (read by `arithmetique` only, not kept).
      const vs: Valeur[] = new Array<Valeur>(fs.length).fill(null);
      return (c2) => {
        const a = tous(c2, fs);
        for (let i = 0; i < a.length; i++) vs[i] = (a[i] as Evalue).v;
        return fin(S, arithmetique(op, vs), a);
      };
    }
    case 'arrondi': {
      const f = code(c, x.arg);
      return (c2) => {
        const a = f(c2);
        return fin(S, arrondi(a.v), [a]);
      };
    }
    case 'logique':
      return compilerLogique(c, x, S);
    case 'non': {
      const f = code(c, x.arg);
      return (c2) => {
        const a = f(c2);
        return fin(S, a.v !== true, [a]);
      };
    }
    case 'defini': {
      const f = code(c, x.arg);
      return (c2) => {
        const a = f(c2);
        return fin(S, a.v !== null, [a]);
      };
    }
    case 'comparaison': {
      const fa = code(c, x.a);
      const fb = code(c, x.b);
      const op = x.op;
      return (c2) => {
        const a = fa(c2);
        const b = fb(c2);
        return fin(S, comparer(op, a.v, b.v), [a, b]);
      };
    }
    default:
      return compilerChoix(c, x, S);
  }
}

function compilerLogique(
  c: ContexteExplique,
  x: Expr & { k: 'logique' },
  S: Statique,
): CodeExplique {
  // Stops at the condition that decides (as the compiled path): the ones after it are not
  // evaluated, not shown and not cited.
  const decide = x.op !== 'toutes';
  const fs = codes(c, x.args);
  return (c2) => {
    const vus: Evalue[] = [];
    for (const f of fs) {
      const e = f(c2);
      vus.push(e);
      if ((e.v === true) === decide) return fin(S, decide, vus);
    }
    return fin(S, !decide, vus);
  };
}

function compilerVariations(
  c: ContexteExplique,
  x: Expr & { k: 'variations' },
  S: Statique,
): CodeExplique {
  const branches = x.branches.map((b) => ({
    si: b.si ? code(c, b.si) : null,
    alors: code(c, b.alors),
  }));
  return (c2) => {
    const vus: Evalue[] = [];
    for (const b of branches) {
      const si = b.si ? b.si(c2) : null;
      if (si) vus.push(si);
      if (si === null || si.v === true) {
        const e = b.alors(c2);
        vus.push(e);
        return fin(S, e.v, vus);
      }
    }
    return fin(S, null, vus);
  };
}

function compilerChoix(c: ContexteExplique, x: Expr, S: Statique): CodeExplique {
  switch (x.k) {
    case 'variations':
      return compilerVariations(c, x, S);
    case 'premier_defini': {
      const fs = codes(c, x.args);
      return (c2) => {
        const vus: Evalue[] = [];
        for (const f of fs) {
          const e = f(c2);
          vus.push(e);
          if (e.v !== null) return fin(S, e.v, vus);
        }
        return fin(S, null, vus);
      };
    }
    case 'grille': {
      const fs = code(c, x.selon);
      const lignes = x.valeurs.map((l) => ({ cle: l.cle, valeur: code(c, l.valeur) }));
      return (c2) => {
        const s = fs(c2);
        const ligne = lignes.find((l) => l.cle === s.v);
        const e = ligne ? ligne.valeur(c2) : null;
        return fin(S, e ? e.v : null, e ? [s, e] : [s]);
      };
    }
    case 'ajouter_mois': {
      const fd = code(c, x.date);
      const fm = code(c, x.mois);
      return (c2) => {
        const d = fd(c2);
        const m = fm(c2);
        return fin(S, plusMois(d.v, m.v), [d, m]);
      };
    }
    default:
      return compilerAlgorithmes(c, x, S);
  }
}

function compilerAnnees(
  c: ContexteExplique,
  x: Expr & { k: 'annees_execution' },
  S: Statique,
): CodeExplique {
  const fDebut = code(c, x.debut);
  const fFin = code(c, x.fin);
  const fMontant = code(c, x.montant);
  return (c2) => {
    const debut = fDebut(c2);
    const finP = fFin(c2);
    if (typeof debut.v !== 'number' || typeof finP.v !== 'number')
      return fin(S, null, [debut, finP]);
    const annees: AnneeExecution[] = [];
    const vus: Evalue[] = [debut, finP];
    const exterieure = c2.annee;
    for (const p of decouperAnnees(debut.v, finP.v)) {
      c2.annee = p;
      const m = fMontant(c2);
      const montant = typeof m.v === 'number' ? m.v : 0;
      annees.push({ du: p.du, au: p.au, jours: p.jours, montant });
      vus.push(
        new Evaluation(
          montant,
          noeud(x.montant, montant, `annee_${p.rang}`, libelleAnnee(p), [m.n]),
        ),
      );
    }
    c2.annee = exterieure;
    return fin(S, annees, vus);
  };
}

function compilerEcheancier(
  c: ContexteExplique,
  x: Expr & { k: 'echeancier' },
  S: Statique,
): CodeExplique {
  const params = Object.entries(x.params).map(
    ([k, y]) => [k as ParametreEcheancier, code(c, y)] as const,
  );
  return (c2) => {
    const vus: Evalue[] = [];
    const p = {} as Record<ParametreEcheancier, Valeur>;
    for (const [k, f] of params) {
      const e = f(c2);
      vus.push(e);
      p[k] = e.v;
    }
    const lignes = construireEcheancier(parametresEcheancier(p));
    const tout: Evalue[] = [];
    for (const l of lignes) tout.push(new Evaluation(l.montant, noeudVersement(l)));
    for (const e of vus) tout.push(e);
    return fin(S, lignes, tout);
  };
}

function compilerAlgorithmes(c: ContexteExplique, x: Expr, S: Statique): CodeExplique {
  switch (x.k) {
    case 'annees_execution':
      return compilerAnnees(c, x, S);
    case 'total_annees': {
      const f = code(c, x.arg);
      return (c2) => {
        const a = f(c2);
        return fin(S, totalAnnees(a.v as readonly AnneeExecution[] | null), [a]);
      };
    }
    case 'echeancier':
      return compilerEcheancier(c, x, S);
    default:
      return (c2) => evaluerEnregistre(c2, x);
  }
}

function noeudVersement(l: Echeance): Noeud {
  return {
    nature: 'calcul',
    code: 'versement',
    libelle: l.date !== undefined ? `${iso(l.date)} — ${l.motif}` : l.motif,
    valeur: l.montant / 100,
    unite: '€',
  };
}

/** The schedule mechanism's inputs from the evaluated parameters (types checked at load). */
export function parametresEcheancier(p: Record<ParametreEcheancier, Valeur>): ParametresEcheancier {
  return {
    annees: (p.annees as readonly AnneeExecution[] | null) ?? null,
    moins_d_un_an: p.moins_d_un_an === true,
    deduction: num(p.deduction) ?? 0,
    frais_annexes: num(p.frais_annexes) ?? 0,
    fractions: (p.fractions as readonly number[] | null) ?? [],
    mois_versements: (p.mois_versements as readonly number[] | null) ?? [],
    avance_unique: num(p.avance_unique) ?? 0,
    solde_annee_suivante: p.solde_annee_suivante === true,
    mois_solde: num(p.mois_solde),
    delai_solde_mois: num(p.delai_solde_mois),
    avance_apres_depot: p.avance_apres_depot === true,
  };
}
