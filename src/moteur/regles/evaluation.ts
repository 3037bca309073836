import type { Reference } from '../parametres/types.ts';
import { champAnnee } from '../mecanismes/annees-execution.ts';
import type { Expr, Regle } from './ast.ts';
import {
  citerListe,
  Evalue,
  noeud,
  noeudDe,
  noeudRegle,
  referencesDatees,
  affichee,
  type CodeExplique,
  type ContexteExplique,
} from './evaluation-contexte.ts';
import { compilerMecanisme } from './evaluation-mecanismes.ts';
import { libelleAnnee } from './libelles.ts';
import { lireParametreAu, type Valeur } from './valeurs.ts';

/**
 * The explained evaluation: evaluates a rule's tree once and returns, for every node, its value
 * and its explanation node — the explanation is this evaluation, labelled from the rules' own
 * descriptions and the parameters' descriptions, never from a second hand-written text.
 * Each node of the tree is compiled once per law interval into a closure (the `constantes` map of
 * the context, kept by the engines per interval): what does not depend on the situation — the
 * rule resolved, the input's rank and label, the mechanism's label with its literals, the
 * subtrees on parameters only with their references — is found once; evaluating a situation
 * only runs the closures. The context and the citations: evaluation-contexte.ts; the mechanisms:
 * evaluation-mecanismes.ts; their nodes: noeuds-calcul.ts.
 */
export {
  affichee,
  articlesCitesDe,
  citerListe,
  Evalue,
  noeud,
  nouveauContexte,
  referencesDatees,
  referencesDe,
  type CodeExplique,
  type ContexteExplique,
} from './evaluation-contexte.ts';
export { finNomme } from './noeuds-calcul.ts';
export { parametresEcheancier } from './evaluation-mecanismes.ts';

/** A rule already evaluated in this evaluation: shown again by its name and value only. */
function renvoi(e: Evalue): Evalue {
  if (!e.renvoi) {
    const n = noeudDe(e.n.nature, e.n.code, e.n.libelle, e.n.valeur, e.n.unite, null);
    e.renvoi = new Evalue(e.v, n);
  }
  return e.renvoi;
}

/** The compiled node of `x` for the context's law interval (compiled on first use). */
export function code(c: ContexteExplique, x: Expr): CodeExplique {
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
  return appliquerRegle(c, r, (c.formules[r.indice] ??= code(c, r.formule)));
}

/** A rule: its formula evaluated once per evaluation (per year for per-year rules), then referred to. */
function appliquerRegle(c: ContexteExplique, r: Regle, formule: CodeExplique): Evalue {
  // Per-year rules are computed once per year, the others once per evaluation.
  const cache = r.parAnnee ? cacheAnnee(c, r.nom) : c.regles;
  const deja = cache[r.indice];
  if (deja) return renvoi(deja);
  if (c.reglesCitees[r.indice] !== true) {
    c.reglesCitees[r.indice] = true;
    citerListe(c, r.references);
  }
  const f = formule(c);
  // Pruned like a mechanism's operand: a formula on parameters only shows those parameters.
  const enfants = f.k === 'litteral' ? undefined : f.k === 'constant' ? f.n.enfants : [f.n];
  const n = noeudRegle(
    r.nom,
    r.description,
    affichee(f.v, r.formule.type, r.unite),
    r.unite,
    r.references,
    enfants && enfants.length > 0 ? enfants : null,
  );
  const res = new Evalue(f.v, n);
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
  let citees: ContexteExplique['listes'] | undefined;
  return (c) => {
    if (e) {
      // Its references once per evaluation (the list of this evaluation marks it).
      if (citees !== c.listes) {
        citees = c.listes;
        citerListe(c, references);
      }
      return e;
    }
    const avant = c.listes.length;
    const r = interne(c);
    if (x.k === 'constante') {
      r.k = 'litteral';
      // Numbers are written in the parent's label; a coded text is not (it names a value).
      r.litteral =
        typeof r.n.valeur === 'string' && r.n.unite === undefined ? null : String(r.n.valeur);
    } else if (x.k !== 'parametre') r.k = 'constant';
    references = Object.freeze(c.listes.slice(avant).flat());
    citees = c.listes;
    e = r;
    return r;
  };
}

/** A parameter's node: its description, value, date and references (shared in the interval). */
function evaluerParametre(c: ContexteExplique, x: Expr & { k: 'parametre' }): Evalue {
  const { trouve, valeur } = lireParametreAu(c.droit, x.id, c.jourParametres);
  const p = c.droit.parametre(x.id);
  if (trouve) citerListe(c, referencesDatees(trouve.valeur));
  return new Evalue(valeur, {
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
      return () => new Evalue(x.valeur, noeud(x, x.valeur, 'constante', libelle));
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
      return (c2) =>
        appliquerRegle(c2, r, (formule ??= c2.formules[r.indice] ??= code(c2, r.formule)));
    }
    case 'annee': {
      const champ = x.champ;
      const libelle = libelleAnnee(champ);
      return (c2) => {
        if (c2.annee === null) throw new Error(`annee.${champ} hors d'une année d'exécution`);
        const v = champAnnee(c2.annee, champ);
        return new Evalue(v, noeud(x, v, `annee.${champ}`, libelle, undefined, 'entree'));
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
    const e = new Evalue(v, noeud(x, v, chemin, description, undefined, 'entree'));
    c2.noeudsEntrees[i] = e;
    return e;
  };
}
