/**
 * Employer contributions to training, per month: CFP (L6331-1, L6331-3), taxe d'apprentissage
 * with its base and solde (L6241-1, L6241-2), contribution supplémentaire à l'apprentissage
 * (L6242-1) and CPF-CDD (L6331-6), from the rates in force on the date. Each step returns its
 * value and explanation (pas-a-pas.ts); the citations are the references of the explanation.
 */
import { jour } from './dates.ts';
import type { Noeud } from './explication.ts';
import type { Droit } from './parametres/droit.ts';
import type { Reference } from './parametres/types.ts';
import {
  calcul,
  entree,
  liste,
  nombre,
  parametre,
  referencesDe,
  regle,
  type Evalue,
} from './pas-a-pas.ts';

export interface SituationContributions {
  date: string;
  /** Monthly gross pay subject to contributions, in euros (CDD: including the end-of-contract indemnity). */
  assiette: number;
  effectif: number;
  alsaceMoselle: boolean;
  /** Share of apprentices and other alternants in the headcount, 0–1 (CSA). */
  partAlternants: number;
  cdd: boolean;
}

/** Monthly employer contributions to training, in cents, each rounded to the cent. */
export interface Contributions {
  cfp: number;
  taBase: number;
  taSolde: number | null;
  csa: number | null;
  taTotal: number;
  cpfCdd: number | null;
  references: Reference[];
}

export interface ResultatContributions extends Contributions {
  explication: Noeud;
}

interface Ctx {
  droit: Droit;
  s: SituationContributions;
  j: number;
  assiette: Evalue<number>;
  effectif: Evalue<number>;
}

const REGLE = 'contributions à la formation';

function taux(c: Ctx, id: string): Evalue<number> {
  return nombre(parametre(c.droit, `contributions.${id}`, c.j, REGLE, c.s.date));
}

/** Amount in cents of a rate applied to the payroll (rounded to the cent). */
function montant(c: Ctx, t: number): number {
  return Math.round(c.s.assiette * 100 * t);
}

function contribution(c: Ctx, code: string, libelle: string, t: Evalue<number>): Evalue<number> {
  const m = montant(c, t.valeur);
  const e = calcul(code, libelle, 'produit', [c.assiette, t], m / 100, '€');
  return { valeur: m, noeud: e.noeud };
}

/** CFP: 0,55 % under 11 employees, 1 % from 11. */
function cfp(c: Ctx): Evalue<number> {
  const seuil = taux(c, 'cfp.seuil_effectif');
  const petit = c.s.effectif < seuil.valeur;
  const t = taux(c, petit ? 'cfp.taux_moins_11_salaries' : 'cfp.taux_11_salaries_et_plus');
  const choisi = calcul(
    'taux_cfp',
    'Taux de la CFP',
    'condition',
    [t, c.effectif, seuil],
    t.valeur,
    '/1',
  );
  return contribution(c, 'cfp', 'Contribution à la formation professionnelle (CFP)', choisi);
}

/** Taxe d'apprentissage: Alsace-Moselle rate (no solde), or the base part and the solde. */
function taxeApprentissage(c: Ctx): {
  base: Evalue<number>;
  solde: Evalue<number> | null;
  taux: Evalue<number>;
} {
  if (c.s.alsaceMoselle) {
    const t = taux(c, 'taxe_apprentissage.taux_alsace_moselle');
    const am = entree('alsace_moselle', 'Établissement en Alsace-Moselle', true);
    const choisi = calcul(
      'taux_ta',
      'Taux de la taxe d’apprentissage',
      'condition',
      [t, am],
      t.valeur,
      '/1',
    );
    return {
      base: contribution(c, 'ta_base', 'Taxe d’apprentissage', choisi),
      solde: null,
      taux: choisi,
    };
  }
  const t = taux(c, 'taxe_apprentissage.taux');
  const solde = taux(c, 'taxe_apprentissage.taux_solde');
  const partBase = calcul(
    'taux_ta_base',
    'Taux de la part principale de la taxe d’apprentissage',
    'somme',
    [t, { ...solde, noeud: { ...solde.noeud, libelle: `− ${solde.noeud.libelle}` } }],
    t.valeur - solde.valeur,
    '/1',
  );
  return {
    base: contribution(c, 'ta_base', 'Taxe d’apprentissage, part principale', partBase),
    solde: contribution(c, 'ta_solde', 'Solde de la taxe d’apprentissage', solde),
    taux: t,
  };
}

/** CSA rate from 250 employees, by share of alternants; 0,6 % over 2 000 under 1 %; × 0,52 in Alsace-Moselle. */
function tauxCsa(c: Ctx): Evalue<number> | null {
  const seuil = taux(c, 'csa.seuil_effectif');
  if (c.s.effectif < seuil.valeur) return null;
  const bareme = liste(parametre(c.droit, 'contributions.csa.bareme', c.j, REGLE, c.s.date));
  const part = entree(
    'part_alternants',
    'Part d’alternants dans l’effectif',
    c.s.partAlternants,
    '/1',
  );
  const b = bareme.valeur;
  let t = 0;
  for (let i = 0; i + 1 < b.length; i += 2)
    if (c.s.partAlternants < (b[i] as number)) {
      t = b[i + 1] as number;
      break;
    }
  let r = calcul(
    'taux_csa_bareme',
    'Taux de CSA du barème',
    'bareme',
    [bareme, part, c.effectif, seuil],
    t,
    '/1',
  );
  const grande = taux(c, 'csa.seuil_grande_entreprise');
  if (c.s.partAlternants < (b[0] as number) && c.s.effectif > grande.valeur) {
    const majore = taux(c, 'csa.taux_grande_entreprise_moins_1_pc');
    r = calcul(
      'taux_csa_grande_entreprise',
      'Taux de CSA d’une grande entreprise',
      'condition',
      [majore, c.effectif, grande],
      majore.valeur,
      '/1',
    );
  }
  if (c.s.alsaceMoselle) {
    const coef = taux(c, 'csa.coefficient_alsace_moselle');
    r = calcul(
      'taux_csa_alsace_moselle',
      'Taux de CSA en Alsace-Moselle',
      'produit',
      [r, coef],
      r.valeur * coef.valeur,
      '/1',
    );
  }
  return r;
}

export function evaluerContributions(
  droit: Droit,
  s: SituationContributions,
): ResultatContributions {
  const c: Ctx = {
    droit,
    s,
    j: jour(s.date),
    assiette: entree('assiette', 'Rémunérations brutes du mois', s.assiette, '€'),
    effectif: entree('effectif', 'Effectif de l’entreprise', s.effectif, 'salariés'),
  };
  const f = cfp(c);
  const ta = taxeApprentissage(c);
  const tCsa = tauxCsa(c);
  const csa = tCsa
    ? contribution(c, 'csa', 'Contribution supplémentaire à l’apprentissage (CSA)', tCsa)
    : null;
  // The total is rounded once on the summed rates (as modele-social does), not summed from parts.
  const totalTaux = calcul(
    'taux_ta_total',
    'Taux total de la taxe d’apprentissage et de la CSA',
    'somme',
    [ta.taux, tCsa ?? undefined],
    ta.taux.valeur + (tCsa?.valeur ?? 0),
    '/1',
  );
  const taTotal = contribution(c, 'ta_total', 'Taxe d’apprentissage et CSA, total', totalTaux);
  const cpf = s.cdd
    ? contribution(c, 'cpf_cdd', 'Contribution CPF des titulaires de CDD', taux(c, 'cpf_cdd.taux'))
    : null;
  const parties = [f, ta.base, ta.solde, csa, taTotal, cpf].filter(
    (x): x is Evalue<number> => x !== null,
  );
  const explication = regle(
    'contributions_formation',
    'Contributions de l’employeur à la formation, pour le mois',
    null,
    parties,
  ).noeud;
  return {
    cfp: f.valeur,
    taBase: ta.base.valeur,
    taSolde: ta.solde?.valeur ?? null,
    csa: csa?.valeur ?? null,
    taTotal: taTotal.valeur,
    cpfCdd: cpf?.valeur ?? null,
    references: referencesDe(explication),
    explication,
  };
}

/** The amounts only (bulk checks against modele-social's vectors). */
export function contributionsFormation(droit: Droit, s: SituationContributions): Contributions {
  const { explication: _e, ...r } = evaluerContributions(droit, s);
  return r;
}
