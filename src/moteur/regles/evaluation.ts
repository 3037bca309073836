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
 * The explained evaluation: walks a rule's tree once and returns, for every node, its value and
 * its explanation node — the explanation is this evaluation, labelled from the rules' own
 * descriptions and the parameters' descriptions, never from a second hand-written text.
 */
export interface Evalue {
  v: Valeur;
  n: Noeud;
  /**
   * How the node shows in its parent: a literal of the formula is written in the parent's label;
   * a computation on parameters only is replaced by the parameters it reads (pruned).
   */
  k?: 'litteral' | 'constant';
  /** A rule shown again: its name and value, without its computation (shown the first time). */
  renvoi?: Evalue;
}

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
   * Constant subtrees (parameters only) evaluated for this law interval, shared by every
   * evaluation in it, with the references their evaluation met.
   */
  constantes: Map<Expr, { e: Evalue; references: readonly Reference[]; citees?: Reference[] }>;
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
    ...base,
    regles: [],
    reglesParAnnee: [],
    noeudsEntrees: [],
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
  if (type === 'liste') return (v as readonly number[]).join(' / ');
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
    e.renvoi = { v: e.v, n };
  }
  return e.renvoi;
}

export function evaluerRegle(c: ContexteExplique, nom: string, cible?: Regle): Evalue {
  const r = cible ?? c.dispositif.regles.get(nom);
  if (!r) throw new Error(`règle inconnue ${nom}`);
  // Per-year rules are computed once per year, the others once per evaluation.
  const cache = r.parAnnee ? cacheAnnee(c, nom) : c.regles;
  const deja = cache[r.indice];
  if (deja) return renvoi(deja);
  if (c.reglesCitees[r.indice] !== true) {
    c.reglesCitees[r.indice] = true;
    for (const ref of r.references) c.references.push(ref);
  }
  const f = evaluer(c, r.formule);
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
  const res: Evalue = { v: f.v, n };
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

/** A parameter's node: its description, value, date and references (shared in the interval). */
function evaluerParametre(c: ContexteExplique, x: Expr & { k: 'parametre' }): Evalue {
  const { trouve, valeur } = lireParametreAu(c.droit, x.id, c.jourParametres);
  const p = c.droit.parametre(x.id);
  if (trouve)
    for (const r of trouve.valeur.references)
      c.references.push({ ...r, depuis: trouve.valeur.depuis });
  return {
    v: valeur,
    n: {
      nature: 'parametre',
      code: x.id,
      libelle: p.description,
      valeur: affichee(valeur, x.type, x.unite),
      ...(x.unite ? { unite: x.unite } : {}),
      ...(trouve ? { depuis: trouve.valeur.depuis, references: trouve.valeur.references } : {}),
      ...(p.convention ? { convention: true } : {}),
    },
  };
}

export function evaluer(c: ContexteExplique, x: Expr): Evalue {
  // A rule is shown once per evaluation (then referred to): its node is not shared.
  if (x.constant !== true || x.k === 'regle') return evaluerNoeud(c, x);
  const deja = c.constantes.get(x);
  if (deja) {
    // Its references once per evaluation (the list of this evaluation marks it).
    if (deja.citees !== c.references) {
      deja.citees = c.references;
      for (const r of deja.references) c.references.push(r);
    }
    return deja.e;
  }
  const avant = c.references.length;
  const e = evaluerNoeud(c, x);
  if (x.k !== 'parametre') e.k = x.k === 'constante' ? 'litteral' : 'constant';
  c.constantes.set(x, { e, references: c.references.slice(avant), citees: c.references });
  return e;
}

function evaluerNoeud(c: ContexteExplique, x: Expr): Evalue {
  switch (x.k) {
    case 'constante':
      return { v: x.valeur, n: noeud(x, x.valeur, 'constante', String(x.valeur), []) };
    case 'entree':
      return evaluerEntree(c, x);
    case 'parametre':
      return evaluerParametre(c, x);
    case 'regle':
      x.cible ??= c.dispositif.regles.get(x.nom);
      return evaluerRegle(c, x.nom, x.cible);
    case 'annee': {
      if (c.annee === null) throw new Error(`annee.${x.champ} hors d'une année d'exécution`);
      const v = champAnnee(c.annee, x.champ);
      const n = noeud(x, v, `annee.${x.champ}`, libelleAnnee(x.champ), []);
      n.nature = 'entree';
      return { v, n };
    }
    default:
      return evaluerMecanisme(c, x);
  }
}

/** An input's node, built once per evaluation. */
function evaluerEntree(c: ContexteExplique, x: Expr & { k: 'entree' }): Evalue {
  const i = c.indexEntrees.get(x.nom) ?? -1;
  const deja = c.noeudsEntrees[i];
  if (deja) return deja;
  const en = c.dispositif.entrees.get(x.nom);
  const v = c.entrees[i] ?? null;
  const n = noeud(x, v, en?.chemin ?? x.nom, en?.description ?? x.nom, []);
  n.nature = 'entree';
  const e: Evalue = { v, n };
  c.noeudsEntrees[i] = e;
  return e;
}

/**
 * A computation node: the mechanism's generic name, its value and its evaluated operands —
 * pruned: a literal operand is written in the label, an operand computed from parameters only
 * is replaced by those parameters (each with its value, date and references).
 */
export function fin(x: Expr, v: Valeur, code: string, enfants: readonly Evalue[]): Evalue {
  const ns: Noeud[] = [];
  let litteraux: string | null = null;
  for (const e of enfants) {
    if (e.k === 'litteral') {
      // Numbers are written in the label; a coded text is not (it names the parameter's value).
      if (typeof e.n.valeur === 'string' && e.n.unite === undefined) continue;
      const l = String(e.n.valeur);
      litteraux = litteraux === null ? l : `${litteraux}, ${l}`;
    } else if (e.k === 'constant') {
      if (e.n.enfants) for (const p of e.n.enfants) if (!ns.includes(p)) ns.push(p);
    } else ns.push(e.n);
  }
  return { v, n: noeud(x, v, code, libelleAvec(x, code, litteraux), ns) };
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

function tous(c: ContexteExplique, xs: readonly Expr[]): Evalue[] {
  const out: Evalue[] = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = evaluer(c, xs[i] as Expr);
  return out;
}

function valeursDe(es: readonly Evalue[]): Valeur[] {
  const out: Valeur[] = new Array(es.length);
  for (let i = 0; i < es.length; i++) out[i] = (es[i] as Evalue).v;
  return out;
}

function evaluerMecanisme(c: ContexteExplique, x: Expr): Evalue {
  switch (x.k) {
    case 'arithmetique': {
      const a = tous(c, x.args);
      return fin(x, arithmetique(x.op, valeursDe(a)), x.op, a);
    }
    case 'arrondi': {
      const a = evaluer(c, x.arg);
      return fin(x, arrondi(a.v), 'arrondi', [a]);
    }
    case 'logique': {
      // Stops at the condition that decides (as the compiled path): the ones after it are not
      // evaluated, not shown and not cited.
      const decide = x.op !== 'toutes';
      const vus: Evalue[] = [];
      for (const y of x.args) {
        const e = evaluer(c, y);
        vus.push(e);
        if ((e.v === true) === decide) return fin(x, decide, x.op, vus);
      }
      return fin(x, !decide, x.op, vus);
    }
    case 'non': {
      const a = evaluer(c, x.arg);
      return fin(x, a.v !== true, 'non', [a]);
    }
    case 'defini': {
      const a = evaluer(c, x.arg);
      return fin(x, a.v !== null, 'defini', [a]);
    }
    case 'comparaison': {
      const a = evaluer(c, x.a);
      const b = evaluer(c, x.b);
      return fin(x, comparer(x.op, a.v, b.v), x.op, [a, b]);
    }
    default:
      return evaluerChoix(c, x);
  }
}

function evaluerChoix(c: ContexteExplique, x: Expr): Evalue {
  switch (x.k) {
    case 'variations': {
      const vus: Evalue[] = [];
      for (const b of x.branches) {
        const si = b.si ? evaluer(c, b.si) : null;
        if (si) vus.push(si);
        if (si === null || si.v === true) {
          vus.push(evaluer(c, b.alors));
          return fin(x, (vus[vus.length - 1] as Evalue).v, 'variations', vus);
        }
      }
      return fin(x, null, 'variations', vus);
    }
    case 'premier_defini': {
      const vus: Evalue[] = [];
      for (const a of x.args) {
        const e = evaluer(c, a);
        vus.push(e);
        if (e.v !== null) return fin(x, e.v, 'premier_defini', vus);
      }
      return fin(x, null, 'premier_defini', vus);
    }
    case 'grille': {
      const s = evaluer(c, x.selon);
      const ligne = x.valeurs.find((l) => l.cle === s.v);
      const e = ligne ? evaluer(c, ligne.valeur) : null;
      return fin(x, e ? e.v : null, 'grille', e ? [s, e] : [s]);
    }
    case 'ajouter_mois': {
      const d = evaluer(c, x.date);
      const m = evaluer(c, x.mois);
      return fin(x, plusMois(d.v, m.v), 'ajouter_mois', [d, m]);
    }
    default:
      return evaluerAlgorithmes(c, x);
  }
}

function evaluerAnnees(c: ContexteExplique, x: Expr & { k: 'annees_execution' }): Evalue {
  const debut = evaluer(c, x.debut);
  const finP = evaluer(c, x.fin);
  if (typeof debut.v !== 'number' || typeof finP.v !== 'number')
    return fin(x, null, 'annees_execution', [debut, finP]);
  const annees: AnneeExecution[] = [];
  const parAnnee: Evalue[] = [];
  const exterieure = c.annee;
  for (const p of decouperAnnees(debut.v, finP.v)) {
    c.annee = p;
    const m = evaluer(c, x.montant);
    const montant = typeof m.v === 'number' ? m.v : 0;
    annees.push({ du: p.du, au: p.au, jours: p.jours, montant });
    parAnnee.push({
      v: montant,
      n: noeud(x.montant, montant, `annee_${p.rang}`, libelleAnnee(p), [m.n]),
    });
  }
  c.annee = exterieure;
  return fin(x, annees, 'annees_execution', [debut, finP, ...parAnnee]);
}

function evaluerAlgorithmes(c: ContexteExplique, x: Expr): Evalue {
  switch (x.k) {
    case 'annees_execution':
      return evaluerAnnees(c, x);
    case 'total_annees': {
      const a = evaluer(c, x.arg);
      return fin(x, totalAnnees(a.v as readonly AnneeExecution[] | null), 'total_annees', [a]);
    }
    case 'echeancier': {
      const vus: Evalue[] = [];
      const p = {} as Record<ParametreEcheancier, Valeur>;
      for (const [k, y] of Object.entries(x.params)) {
        const e = evaluer(c, y);
        vus.push(e);
        p[k as ParametreEcheancier] = e.v;
      }
      const lignes = construireEcheancier(parametresEcheancier(p));
      const noeuds = lignes.map((l) => ({ v: l.montant, n: noeudVersement(l) }));
      return fin(x, lignes, 'echeancier', [...noeuds, ...vus]);
    }
    default:
      return evaluerEnregistre(c, x);
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
