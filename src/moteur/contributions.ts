/**
 * Employer contributions to training, per month — CFP (L6331-1, L6331-3), taxe d'apprentissage
 * with its base and solde (L6241-1, L6241-2), contribution supplémentaire à l'apprentissage
 * (L6242-1) and CPF-CDD (L6331-6) — served from their rules (droit/regles/contributions): the
 * amounts, the explanation and the texts cited come from the same evaluation.
 */
import { evaluateurDe } from './dispositifs/evaluateur.ts';
import type { Noeud } from './explication.ts';
import type { Droit } from './parametres/droit.ts';
import type { Reference } from './parametres/types.ts';
import { evaluerRegle, referencesDe } from './regles/evaluation.ts';
import { presenterExplication } from './regles/presentation.ts';
import type { Valeur } from './regles/valeurs.ts';

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

const D = 'contributions';
/** Response field → rule (the parts shown under the total, in this order). */
const PARTIES = {
  cfp: 'contributions.cfp',
  taBase: 'contributions.ta_base',
  taSolde: 'contributions.ta_solde',
  csa: 'contributions.csa',
  taTotal: 'contributions.ta_total',
  cpfCdd: 'contributions.cpf_cdd',
} as const;

const centimes = (v: Valeur): number | null => (typeof v === 'number' ? v : null);

export function evaluerContributions(
  droit: Droit,
  s: SituationContributions,
): ResultatContributions {
  const c = evaluateurDe(droit, D).contexte(s);
  const total = evaluerRegle(c, D);
  const parties = Object.entries(PARTIES).map(([k, nom]) => [k, evaluerRegle(c, nom)] as const);
  const v = Object.fromEntries(parties.map(([k, e]) => [k, centimes(e.v)]));
  // The total's explanation, then the parts it does not add (base, solde, CSA of the total).
  const montres = new Set(total.n.enfants?.flatMap((n) => n.enfants ?? [n]).map((n) => n.code));
  const autres = parties
    .map(([, e]) => e.n)
    .filter((n) => n.valeur !== null && !montres.has(n.code));
  return {
    cfp: v.cfp ?? 0,
    taBase: v.taBase ?? 0,
    taSolde: v.taSolde ?? null,
    csa: v.csa ?? null,
    taTotal: v.taTotal ?? 0,
    cpfCdd: v.cpfCdd ?? null,
    references: referencesDe(c),
    // The explanation a person reads: computation nodes pruned (presentation.ts).
    explication: presenterExplication(
      { ...total.n, enfants: [...(total.n.enfants ?? []), ...autres] },
      c.dispositif.regles,
    ),
  };
}

/** The amounts and texts only (checks against modele-social's vectors). */
export function contributionsFormation(droit: Droit, s: SituationContributions): Contributions {
  const { explication: _e, ...r } = evaluerContributions(droit, s);
  return r;
}

/** The amounts on the compiled rules, no explanation (bulk). */
export function contributionsRapides(
  droit: Droit,
  s: SituationContributions,
): Omit<Contributions, 'references'> {
  const noms = Object.values(PARTIES);
  const [cfp, taBase, taSolde, csa, taTotal, cpfCdd] = evaluateurDe(droit, D).rapide(s, noms);
  return {
    cfp: centimes(cfp ?? null) ?? 0,
    taBase: centimes(taBase ?? null) ?? 0,
    taSolde: centimes(taSolde ?? null),
    csa: centimes(csa ?? null),
    taTotal: centimes(taTotal ?? null) ?? 0,
    cpfCdd: centimes(cpfCdd ?? null),
  };
}
