import { ajouterMois, iso, jour } from '../../moteur/index.ts';
import type { ParametreCite } from './droit.ts';
import type { OrigineFonds, SectionFinancement } from './engagement.ts';
import { euros } from './grand-livre.ts';

/**
 * Cash calls (appels de fonds, R6123-28): France compétences pays an OPCO's allocation according
 * to the cash needs and treasury positions the OPCO reports, and a payment never covers more than
 * the cash needs estimated for `plafond` months (3, droit/parametres/financement_opco/). Pure: the
 * store reads the ledger, this module computes the statement and decides a call.
 *
 * Readings of the platform (conventions, docs/finances.md « Appels de fonds »):
 * - cash needs of a period = instalments of the section's engagements still to pay (not paid,
 *   not cancelled; invoiced ones for their invoiced amount) due before the end of the period,
 *   including those already due and unpaid (payable now);
 * - the section's treasury = funds received from France compétences (all years) − paid to CFAs;
 * - a call may cover the needs of the period net of that treasury (what is already held covers
 *   part of the needs), and never more than what remains to be paid of the year's allocation.
 */

export interface EcheanceAttendue {
  dateExigibilite: string;
  montantCentimes: number;
}

export interface DonneesAppelFonds {
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  /** Date of the statement (the call). */
  date: string;
  /** Budget year of the allocation called. */
  annee: number;
  echeances: readonly EcheanceAttendue[];
  /** Allocated by France compétences for `annee` (fin_dotation, dotation accounts). */
  dotationCentimes: number;
  /** Already received for `annee` (fonds_recus account). */
  verseCentimes: number;
  /** Received for every year: the section's cash in. */
  recuTotalCentimes: number;
  /** Paid to beneficiaries, net of bank returns: the section's cash out. */
  payeTotalCentimes: number;
  /** Calls already accepted and not yet received (they count against the cap). */
  appelsEnAttenteCentimes: number;
  plafond: ParametreCite;
}

export interface BesoinMois {
  /** YYYY-MM. */
  mois: string;
  montantCentimes: number;
}

export interface EtatAppelFonds {
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  date: string;
  annee: number;
  horizonMois: number;
  /** First day after the period (exclusive). */
  finPeriode: string;
  /** Due before the statement's date and still unpaid. */
  echuCentimes: number;
  /** Due within the period, month by month. */
  besoins: BesoinMois[];
  besoinsPeriodeCentimes: number;
  tresorerieCentimes: number;
  besoinNetCentimes: number;
  dotationCentimes: number;
  verseCentimes: number;
  resteAVerserCentimes: number;
  appelsEnAttenteCentimes: number;
  /** The most a call may ask now: min(besoin net, reste à verser) − calls pending. */
  plafondCentimes: number;
  explication: string[];
  references: ParametreCite['references'];
}

/** The cash-call statement of one OPCO × section × origin of funds at a date. */
export function calculerAppelFonds(d: DonneesAppelFonds): EtatAppelFonds {
  const horizon = d.plafond.valeur;
  const finPeriode = iso(ajouterMois(jour(d.date), horizon));
  let echu = 0;
  const parMois = new Map<string, number>();
  for (let m = 0; m < horizon; m++) parMois.set(iso(ajouterMois(jour(d.date), m)).slice(0, 7), 0);
  for (const e of d.echeances) {
    if (e.dateExigibilite < d.date) echu += e.montantCentimes;
    else if (e.dateExigibilite < finPeriode) {
      const mois = e.dateExigibilite.slice(0, 7);
      parMois.set(mois, (parMois.get(mois) ?? 0) + e.montantCentimes);
    }
  }
  const besoins = [...parMois]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([mois, montantCentimes]) => ({ mois, montantCentimes }));
  const besoinsPeriode = echu + besoins.reduce((n, b) => n + b.montantCentimes, 0);
  const tresorerie = d.recuTotalCentimes - d.payeTotalCentimes;
  const besoinNet = Math.max(0, besoinsPeriode - tresorerie);
  const reste = Math.max(0, d.dotationCentimes - d.verseCentimes);
  const attente = d.appelsEnAttenteCentimes;
  const plafond = Math.max(0, Math.min(besoinNet, reste) - attente);
  const explication = [
    `Besoins de trésorerie du ${d.date} au ${iso(jour(finPeriode) - 1)} (${horizon} mois, R6123-28) : ${euros(besoinsPeriode)}, dont ${euros(echu)} d’échéances déjà exigibles et non payées.`,
    `Trésorerie de la section : ${euros(d.recuTotalCentimes)} reçus de France compétences − ${euros(d.payeTotalCentimes)} payés = ${euros(tresorerie)}.`,
    `Besoin net : ${euros(besoinsPeriode)} − ${euros(tresorerie)} = ${euros(besoinNet)}${besoinNet === 0 ? ' (la trésorerie couvre la période)' : ''}.`,
    `Dotation ${d.annee} : ${euros(d.dotationCentimes)}, déjà versés ${euros(d.verseCentimes)}, reste à verser ${euros(reste)}.`,
    attente > 0
      ? `Appel maximal : le plus petit du besoin net et du reste à verser, moins ${euros(attente)} d’appels acceptés non encore reçus : ${euros(plafond)}.`
      : `Appel maximal : le plus petit du besoin net et du reste à verser, ${euros(plafond)}.`,
  ];
  return {
    opco: d.opco,
    section: d.section,
    origine: d.origine,
    date: d.date,
    annee: d.annee,
    horizonMois: horizon,
    finPeriode,
    echuCentimes: echu,
    besoins,
    besoinsPeriodeCentimes: besoinsPeriode,
    tresorerieCentimes: tresorerie,
    besoinNetCentimes: besoinNet,
    dotationCentimes: d.dotationCentimes,
    verseCentimes: d.verseCentimes,
    resteAVerserCentimes: reste,
    appelsEnAttenteCentimes: attente,
    plafondCentimes: plafond,
    explication,
    references: d.plafond.references,
  };
}

export type DecisionAppel =
  | { statut: 'accepte'; montantCentimes: number; plafondCentimes: number }
  | {
      statut: 'refuse';
      demandeCentimes: number;
      plafondCentimes: number;
      depassementCentimes: number;
      motif: string;
    };

/** A call of `demande` cents against the statement: accepted up to its cap, refused above. */
export function deciderAppel(etat: EtatAppelFonds, demandeCentimes: number): DecisionAppel {
  if (demandeCentimes <= etat.plafondCentimes)
    return {
      statut: 'accepte',
      montantCentimes: demandeCentimes,
      plafondCentimes: etat.plafondCentimes,
    };
  const limite =
    etat.plafondCentimes === etat.resteAVerserCentimes &&
    etat.resteAVerserCentimes < etat.besoinNetCentimes
      ? `le reste à verser de la dotation ${etat.annee} (${euros(etat.resteAVerserCentimes)})`
      : `les besoins de trésorerie estimés pour ${etat.horizonMois} mois, nets de la trésorerie (${euros(etat.besoinNetCentimes)}, R6123-28)`;
  const attente =
    etat.appelsEnAttenteCentimes > 0
      ? `, moins ${euros(etat.appelsEnAttenteCentimes)} d’appels acceptés non encore reçus,`
      : '';
  return {
    statut: 'refuse',
    demandeCentimes,
    plafondCentimes: etat.plafondCentimes,
    depassementCentimes: demandeCentimes - etat.plafondCentimes,
    motif: `Appel de ${euros(demandeCentimes)} refusé : il dépasse ${limite}${attente} de ${euros(demandeCentimes - etat.plafondCentimes)} ; appel maximal ${euros(etat.plafondCentimes)}.`,
  };
}
