import { iso } from '../dates.ts';
import type { Noeud } from '../explication.ts';
import type { Droit } from '../parametres/droit.ts';
import { parcourirPeriodes, type PeriodeCalculee } from '../mecanismes/periodes.ts';
import { FONCTIONS, type Fonction } from '../mecanismes/registre.ts';
import type { Expr } from './ast.ts';
import type { Ctx, Fn } from './compilation.ts';
import {
  citerListe,
  Evalue,
  noeud,
  noeudDe,
  referencesDatees,
  type ContexteExplique,
} from './evaluation-contexte.ts';
import { evaluer } from './evaluation.ts';
import { finNomme as fin } from './noeuds-calcul.ts';
import { lireParametreAu, type Valeur } from './valeurs.ts';

/**
 * The mechanisms written in src/moteur/mecanismes/ (registre.ts, periodes.ts) and the dated
 * parameter reads, for both speeds: explained (value and node from the same evaluation) and
 * compiled (closures, no explanation). Same semantics: a null operand gives null.
 */
type Enregistre = Expr & { k: 'fonction' | 'parametre_au' | 'dates_parametre' | 'periodes' };

const fonction = (nom: string): Fonction => {
  const f = FONCTIONS[nom];
  if (!f) throw new Error(`mécanisme inconnu ${nom}`);
  return f;
};

function calculer(f: Fonction, vs: readonly Valeur[]): Valeur {
  for (const v of vs) if (v === null) return null;
  return f.calculer(vs);
}

/** The days a parameter's value changes on (its dated values). */
function datesParametre(droit: Droit, id: string): number[] {
  return droit.parametre(id).valeurs.map((v) => v.depuisJour);
}

// ——— Explained ———

export function evaluerEnregistre(c: ContexteExplique, x: Expr): Evalue {
  switch (x.k) {
    case 'fonction': {
      const f = fonction(x.nom);
      const es = Object.keys(f.operandes).map((k) => evaluer(c, x.args[k] as Expr));
      return fin(
        x,
        calculer(
          f,
          es.map((e) => e.v),
        ),
        x.nom,
        es,
      );
    }
    case 'parametre_au':
      return parametreAu(c, x);
    case 'dates_parametre': {
      const v = datesParametre(c.droit, x.id);
      const libelle = `${x.libelle ?? ''} : ${c.droit.parametre(x.id).description}`;
      return new Evalue(v, noeud(x, v, 'dates_parametre', libelle));
    }
    case 'periodes':
      return periodesExpliquees(c, x);
    default:
      throw new Error(`mécanisme ${x.k} non évaluable`);
  }
}

/** A parameter read at a date of the situation: its node and references, as at the law date. */
function parametreAu(c: ContexteExplique, x: Expr & { k: 'parametre_au' }): Evalue {
  const d = evaluer(c, x.date);
  if (typeof d.v !== 'number') return fin(x, null, 'parametre_au', [d]);
  const { trouve, valeur } = lireParametreAu(c.droit, x.id, d.v);
  const p = c.droit.parametre(x.id);
  if (trouve) citerListe(c, referencesDatees(trouve.valeur));
  const n = noeud(x, valeur, x.id, p.description);
  n.nature = 'parametre';
  if (trouve) {
    n.depuis = trouve.valeur.depuis;
    n.references = trouve.valeur.references;
  }
  if (p.convention) n.convention = true;
  return new Evalue(valeur, n);
}

function periodesExpliquees(c: ContexteExplique, x: Expr & { k: 'periodes' }): Evalue {
  const debut = evaluer(c, x.debut);
  const finP = evaluer(c, x.fin);
  const coupures = x.coupures.map((y) => evaluer(c, y));
  if (typeof debut.v !== 'number' || typeof finP.v !== 'number')
    return fin(x, null, 'periodes', [debut, finP]);
  const noms = Object.keys(x.champs);
  const noeuds: Noeud[][] = [];
  const exterieure = c.annee;
  const periodes = parcourirPeriodes(
    debut.v,
    finP.v,
    coupures.map((e) => e.v),
    x.fusion,
    (p) => {
      c.annee = p;
      const valeurs: Record<string, Valeur> = {};
      const ns: Noeud[] = [];
      for (const k of noms) {
        const e = evaluer(c, x.champs[k] as Expr);
        valeurs[k] = e.v;
        ns.push(e.n);
      }
      noeuds[p.rang] = ns;
      return valeurs;
    },
  );
  c.annee = exterieure;
  const parPeriode = periodes.map((p) => noeudPeriode(p, noeuds[p.rang] ?? []));
  return fin(x, periodes, 'periodes', [debut, finP, ...coupures, ...parPeriode]);
}

/** One period: its dates, the value of its first field, the nodes of its fields. */
function noeudPeriode(p: PeriodeCalculee, enfants: Noeud[]): Evalue {
  const n = noeudDe(
    'calcul',
    `periode_${p.rang}`,
    `Du ${iso(p.du)} au ${iso(p.au)}`,
    enfants[0]?.valeur ?? null,
    enfants[0]?.unite,
    enfants.length > 0 ? enfants : null,
  );
  return new Evalue(null, n);
}

// ——— Compiled ———

type Plier = (f: Fn, operandes: readonly Fn[]) => Fn;

export function compilerEnregistre(x: Expr, cx: (y: Expr) => Fn, droit: Droit, plier: Plier): Fn {
  const y = x as Enregistre;
  switch (y.k) {
    case 'fonction': {
      const f = fonction(y.nom);
      const fs = Object.keys(f.operandes).map((k) => cx(y.args[k] as Expr));
      const [f0, f1] = fs;
      if (fs.length === 2 && f0 && f1)
        return plier((c) => {
          const a = f0(c);
          const b = a === null ? null : f1(c);
          return b === null ? null : f.calculer([a, b]);
        }, fs);
      return plier(
        (c) =>
          calculer(
            f,
            fs.map((g) => g(c)),
          ),
        fs,
      );
    }
    case 'parametre_au': {
      const fd = cx(y.date);
      // The value read last, kept for the days it stays in force ([du, au)): the periods of
      // one contract, and most contracts, fall in the same SMIC value.
      const jours = droit.parametre(y.id).valeurs.map((v) => v.depuisJour);
      let du = Number.POSITIVE_INFINITY;
      let au = Number.NEGATIVE_INFINITY;
      let valeur: Valeur = null;
      return (c) => {
        const d = fd(c);
        if (typeof d !== 'number') return null;
        if (d < du || d >= au) {
          valeur = lireParametreAu(droit, y.id, d).valeur;
          let k = jours.length;
          while (k > 0 && (jours[k - 1] as number) > d) k--;
          du = k > 0 ? (jours[k - 1] as number) : Number.NEGATIVE_INFINITY;
          au = k < jours.length ? (jours[k] as number) : Number.POSITIVE_INFINITY;
        }
        return valeur;
      };
    }
    case 'dates_parametre': {
      const v = datesParametre(droit, y.id);
      return plier(() => v, []);
    }
    case 'periodes':
      return periodesCompilees(y, cx);
    default:
      throw new Error(`mécanisme ${x.k} non compilable`);
  }
}

function periodesCompilees(x: Expr & { k: 'periodes' }, cx: (y: Expr) => Fn): Fn {
  const fd = cx(x.debut);
  const ff = cx(x.fin);
  const fc = x.coupures.map(cx);
  const champs = Object.entries(x.champs).map(([k, y]) => [k, cx(y)] as const);
  return (c: Ctx) => {
    const debut = fd(c);
    const finP = ff(c);
    if (typeof debut !== 'number' || typeof finP !== 'number') return null;
    const exterieure = c.a;
    const cache = c.ra;
    const r = parcourirPeriodes(
      debut,
      finP,
      fc.map((g) => g(c)),
      x.fusion,
      (p) => {
        c.a = p;
        // The per-period rules once per period (they read each other).
        c.ra = [];
        const valeurs: Record<string, Valeur> = {};
        for (const [k, g] of champs) valeurs[k] = g(c);
        return valeurs;
      },
    );
    c.a = exterieure;
    c.ra = cache;
    return r;
  };
}
