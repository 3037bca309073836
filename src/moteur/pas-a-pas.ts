/**
 * Step-by-step evaluation for the rules still written in TypeScript (apprentice minimum wage,
 * training contributions): every legal step returns its value together with the node that
 * explains it. A node is built from what the step used — its inputs, the parameters read with
 * their dated references, the steps it combines — and its formula is generated from the
 * mechanism and the names of its operands, never written as prose beside the computation.
 * The citations of a result are the references found in its explanation tree.
 */
import { ErreurOpco } from '../partage/erreurs.ts';
import type { Noeud } from './explication.ts';
import type { Droit } from './parametres/droit.ts';
import type { Reference, ValeurParametre } from './parametres/types.ts';

type Scalaire = number | string | boolean | null;

export interface Evalue<T> {
  readonly valeur: T;
  readonly noeud: Noeud;
}

/** The mechanisms a step can use; each names how its formula is written. */
export type Mecanisme =
  | 'produit'
  | 'quotient'
  | 'somme'
  | 'maximum'
  | 'minimum'
  | 'bareme'
  | 'condition'
  | 'arrondi'
  | 'date'
  | 'valeur';

function formule(mecanisme: Mecanisme, operandes: readonly string[]): string | undefined {
  const [a = '', b = ''] = operandes;
  switch (mecanisme) {
    case 'produit':
      return operandes.join(' × ');
    case 'quotient':
      return `${a} / ${b}`;
    case 'somme':
      return operandes.join(' + ');
    case 'maximum':
      return `le plus élevé de : ${operandes.join(' ; ')}`;
    case 'minimum':
      return `le plus faible de : ${operandes.join(' ; ')}`;
    case 'bareme':
      return `${a}, ligne selon ${operandes.slice(1).join(' et ')}`;
    case 'condition':
      return `${a}, si ${operandes.slice(1).join(' et ')}`;
    case 'arrondi':
      return `${a}, arrondi au centime le plus proche`;
    case 'date':
      return `date tirée de : ${operandes.join(' ; ')}`;
    case 'valeur':
      return undefined;
  }
}

/** An input of the situation. */
export function entree<T extends Scalaire>(
  code: string,
  libelle: string,
  valeur: T,
  unite?: string,
): Evalue<T> {
  return {
    valeur,
    noeud: { nature: 'entree', code, libelle, valeur, ...(unite ? { unite } : {}) },
  };
}

function affichable(v: ValeurParametre): Scalaire {
  return Array.isArray(v) ? v.join(' ; ') : (v as Scalaire);
}

/** A parameter value in force on a day, or undefined when the parameter does not apply then. */
export function parametreSiDefini(
  droit: Droit,
  id: string,
  jourN: number,
): Evalue<ValeurParametre> | undefined {
  const t = droit.trouver(id, jourN);
  if (!t) return undefined;
  const p = t.parametre;
  return {
    valeur: t.valeur.valeur,
    noeud: {
      nature: 'parametre',
      code: id,
      libelle: p.description,
      valeur: affichable(t.valeur.valeur),
      unite: p.unite,
      depuis: t.valeur.depuis,
      references: t.valeur.references,
      ...(p.convention ? { convention: true } : {}),
    },
  };
}

/** A required parameter: its absence at that date is an error of the law data. */
export function parametre(
  droit: Droit,
  id: string,
  jourN: number,
  regle: string,
  date: string,
): Evalue<ValeurParametre> {
  const p = parametreSiDefini(droit, id, jourN);
  if (!p) throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', { parametre: id, date, regle });
  return p;
}

/** A numeric parameter (refuses another type, which the loader's unit check already rules out). */
export function nombre(p: Evalue<ValeurParametre>): Evalue<number> {
  if (typeof p.valeur !== 'number')
    throw new ErreurOpco('ERR_PARAMETRE_INVALIDE', {
      fichier: p.noeud.code,
      chemin: 'valeur',
      probleme: 'nombre attendu',
    });
  return p as Evalue<number>;
}

export function liste(p: Evalue<ValeurParametre>): Evalue<readonly number[]> {
  if (!Array.isArray(p.valeur))
    throw new ErreurOpco('ERR_PARAMETRE_INVALIDE', {
      fichier: p.noeud.code,
      chemin: 'valeur',
      probleme: 'liste attendue',
    });
  return p as Evalue<readonly number[]>;
}

/**
 * A computed step: its value (computed by the caller from the operands' values), the mechanism
 * and the operands it used. Operands that are undefined (rule not applicable) are left out.
 */
export function calcul<T extends Scalaire>(
  code: string,
  libelle: string,
  mecanisme: Mecanisme,
  operandes: readonly (Evalue<unknown> | undefined)[],
  valeur: T,
  unite?: string,
): Evalue<T> {
  const enfants = operandes
    .filter((o): o is Evalue<unknown> => o !== undefined)
    .map((o) => o.noeud);
  const f = formule(
    mecanisme,
    enfants.map((e) => e.libelle),
  );
  return {
    valeur,
    noeud: {
      nature: 'calcul',
      code,
      libelle,
      valeur,
      ...(unite ? { unite } : {}),
      ...(f ? { formule: f } : {}),
      enfants,
    },
  };
}

/** A rule: a named group of steps whose value is the last one's. */
export function regle<T extends Scalaire>(
  code: string,
  libelle: string,
  valeur: T,
  enfants: readonly Evalue<unknown>[],
  unite?: string,
): Evalue<T> {
  return {
    valeur,
    noeud: {
      nature: 'regle',
      code,
      libelle,
      valeur,
      ...(unite ? { unite } : {}),
      enfants: enfants.map((e) => e.noeud),
    },
  };
}

/** Every reference found in an explanation tree, in reading order (for the citations). */
export function referencesDe(noeud: Noeud, acc: Reference[] = []): Reference[] {
  if (noeud.references) acc.push(...noeud.references);
  for (const e of noeud.enfants ?? []) referencesDe(e, acc);
  return acc;
}

/** Rounds a non-negative rational num/den to the nearest integer, halves up, exactly. */
export function arrondiRationnel(num: number, den: number): number {
  return Math.floor((2 * num + den) / (2 * den));
}
