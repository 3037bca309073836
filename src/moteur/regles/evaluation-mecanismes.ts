import { iso } from '../dates.ts';
import type { Noeud } from '../explication.ts';
import {
  decouperAnnees,
  totalAnnees,
  type AnneeExecution,
} from '../mecanismes/annees-execution.ts';
import {
  construireEcheancier,
  type Echeance,
  type ParametresEcheancier,
} from '../mecanismes/echeancier.ts';
import type { Expr, ParametreEcheancier } from './ast.ts';
import { Evalue, noeud, type CodeExplique, type ContexteExplique } from './evaluation-contexte.ts';
import { evaluerEnregistre } from './enregistres.ts';
import { code } from './evaluation.ts';
import { libelleAnnee } from './libelles.ts';
import { fin, Statique } from './noeuds-calcul.ts';
import { arithmetique, arrondi, comparer, num, plusMois, type Valeur } from './valeurs.ts';

/**
 * The explained evaluation of the mechanisms, compiled once per law interval: each closure
 * evaluates its operands' closures and builds its computation node (noeuds-calcul.ts).
 */

function codes(c: ContexteExplique, xs: readonly Expr[]): CodeExplique[] {
  return xs.map((y) => code(c, y));
}

/**
 * The operands' evaluations in one array per node, reused by its evaluations (a node is never
 * evaluated inside its own evaluation: the rules have no cycle); a fresh array if it were.
 */
class Tampon {
  private readonly t: Evalue[];
  private pris = false;
  constructor(n: number) {
    this.t = new Array<Evalue>(n);
  }
  prendre(): Evalue[] {
    if (this.pris) return new Array<Evalue>(this.t.length);
    this.pris = true;
    return this.t;
  }
  rendre(t: Evalue[]): void {
    if (t === this.t) this.pris = false;
  }
}

export function compilerMecanisme(c: ContexteExplique, x: Expr): CodeExplique {
  const S = new Statique(x);
  switch (x.k) {
    case 'arithmetique':
      return compilerArithmetique(c, x, S);
    case 'arrondi': {
      const f = code(c, x.arg);
      return (c2) => {
        const a = f(c2);
        return fin(S, arrondi(a.v), [a]);
      };
    }
    case 'logique':
    case 'premier_defini':
      return compilerPremier(c, x, S);
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

function compilerArithmetique(
  c: ContexteExplique,
  x: Expr & { k: 'arithmetique' },
  S: Statique,
): CodeExplique {
  const fs = codes(c, x.args);
  const op = x.op;
  const n = fs.length;
  const tampon = new Tampon(n);
  // The operands' values in one array per node (read by `arithmetique` only, not kept).
  const vs: Valeur[] = new Array<Valeur>(n).fill(null);
  return (c2) => {
    const a = tampon.prendre();
    for (let i = 0; i < n; i++) a[i] = (fs[i] as CodeExplique)(c2);
    for (let i = 0; i < n; i++) vs[i] = (a[i] as Evalue).v;
    const r = fin(S, arithmetique(op, vs), a, n);
    tampon.rendre(a);
    return r;
  };
}

/**
 * `logique` and `premier_defini`: the operands in order up to the one that decides (as the
 * compiled path): the ones after it are not evaluated, not shown and not cited.
 */
function compilerPremier(
  c: ContexteExplique,
  x: Expr & { k: 'logique' | 'premier_defini' },
  S: Statique,
): CodeExplique {
  const fs = codes(c, x.args);
  const n = fs.length;
  const tampon = new Tampon(n);
  if (x.k === 'premier_defini')
    return (c2) => {
      const vus = tampon.prendre();
      let v: Valeur = null;
      let i = 0;
      while (i < n) {
        const e = (fs[i] as CodeExplique)(c2);
        vus[i++] = e;
        if (e.v !== null) {
          v = e.v;
          break;
        }
      }
      const r = fin(S, v, vus, i);
      tampon.rendre(vus);
      return r;
    };
  const decide = x.op !== 'toutes';
  return (c2) => {
    const vus = tampon.prendre();
    let v = !decide;
    let i = 0;
    while (i < n) {
      const e = (fs[i] as CodeExplique)(c2);
      vus[i++] = e;
      if ((e.v === true) === decide) {
        v = decide;
        break;
      }
    }
    const r = fin(S, v, vus, i);
    tampon.rendre(vus);
    return r;
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
  const tampon = new Tampon(branches.length + 1);
  return (c2) => {
    const vus = tampon.prendre();
    let nb = 0;
    let v: Valeur = null;
    for (const b of branches) {
      const si = b.si ? b.si(c2) : null;
      if (si) vus[nb++] = si;
      if (si === null || si.v === true) {
        const e = b.alors(c2);
        vus[nb++] = e;
        v = e.v;
        break;
      }
    }
    const r = fin(S, v, vus, nb);
    tampon.rendre(vus);
    return r;
  };
}

function compilerChoix(c: ContexteExplique, x: Expr, S: Statique): CodeExplique {
  switch (x.k) {
    case 'variations':
      return compilerVariations(c, x, S);
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
        new Evalue(montant, noeud(x.montant, montant, `annee_${p.rang}`, libelleAnnee(p), [m.n])),
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
    for (const l of lignes) tout.push(new Evalue(l.montant, noeudVersement(l)));
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
