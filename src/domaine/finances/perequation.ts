import { ajouterMois, iso, jour } from '../../moteur/index.ts';
import type { ParametreCite } from './droit.ts';
import { euros } from './grand-livre.ts';

/**
 * Péréquation eligibility (R6123-31, R6123-33), pure. France compétences pays an OPCO a
 * complementary alternance allocation when (1) the alternance section's funds are insufficient
 * for the L6332-14 I expenses and (2) the OPCO spent at least 90 / 92 / 95 % (dated parameter) of
 * its alternance funds on apprenticeship contracts (frais annexes included) and
 * professionalisation contracts. The need is computed on the engagement stock adjusted by the
 * average cancellation rate of the last 4 (apprenticeship) / 3 (professionalisation) years, and
 * excludes engagements older than 4 / 3 years.
 *
 * Readings of the platform (conventions, docs/finances.md « Péréquation »):
 * - an engagement's year is the date of its first booking; its amount engaged is the sum of its
 *   `engagement` entries, its amount cancelled the sum of its `ajustement` entries (reversals of
 *   avenants, ruptures, annulations);
 * - the average cancellation rate over N years = cancelled / engaged of the engagements booked in
 *   the N calendar years before the year of the computation (weighted by amount);
 * - the share of (2) is computed on the engagements booked in the year of the computation, net
 *   of cancellations; a dossier whose kind (FA13/EJ20) is unknown counts as « other »;
 * - the section's funds = allocations received in the alternance section (mutualised) − paid; the
 *   need = adjusted stock still to pay + engagements decided but not booked + the new
 *   engagements the OPCO forecasts (given with the request).
 */

export type DispositifPerequation = 'apprentissage' | 'professionnalisation' | 'autre';

export interface EngagementPerequation {
  dossierId: string;
  dispositif: DispositifPerequation;
  /** Date of the first booking of the engagement. */
  dateEngagement: string;
  engageCentimes: number;
  annuleCentimes: number;
  /** Still to pay (instalments not paid nor cancelled). */
  resteAPayerCentimes: number;
}

export interface DonneesPerequation {
  opco: string;
  date: string;
  engagements: readonly EngagementPerequation[];
  /** Allocations of the alternance section (mutualised), every year. */
  dotationsCentimes: number;
  payeCentimes: number;
  /** Engagements decided and not booked (fin_engagement_hors_livre, to book). */
  horsLivreCentimes: number;
  /** New engagements the OPCO forecasts (R6123-33 « besoins d'engagements nouveaux »). */
  previsionNouveauxCentimes: number;
  partMinimale: ParametreCite;
  annees: Record<
    'apprentissage' | 'professionnalisation',
    { annulation: ParametreCite; anciennete: ParametreCite }
  >;
}

export interface TauxAnnulation {
  dispositif: 'apprentissage' | 'professionnalisation';
  /** Calendar years averaged. */
  annees: number[];
  engageCentimes: number;
  annuleCentimes: number;
  /** cancelled / engaged (0 when nothing was engaged). */
  taux: number;
}

export interface StockDispositif {
  dispositif: DispositifPerequation;
  resteAPayerCentimes: number;
  /** Older than the limit (excluded from the need). */
  exclusCentimes: number;
  /** Kept × (1 − cancellation rate), rounded to the cent. */
  ajusteCentimes: number;
  /** Engagements before this date are excluded (null: none excluded). */
  exclusAvant: string | null;
}

export interface CritereCite {
  rempli: boolean;
  explication: string;
  references: ParametreCite['references'];
}

export interface ResultatPerequation {
  opco: string;
  date: string;
  annee: number;
  eligible: boolean;
  insuffisance: CritereCite & {
    besoinCentimes: number;
    ressourcesCentimes: number;
    manqueCentimes: number;
  };
  affectation: CritereCite & {
    contratsCentimes: number;
    totalCentimes: number;
    /** contrats / total, or null when nothing was engaged in the year. */
    part: number | null;
    seuil: number;
  };
  taux: TauxAnnulation[];
  stocks: StockDispositif[];
  explication: string[];
}

const pourcent = (x: number) =>
  `${(100 * x).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} %`;

/** `montant × (1 − annule / engage)`, rounded half up to the cent, exact (BigInt). */
function ajuster(montant: number, annule: number, engage: number): number {
  if (engage <= 0 || annule <= 0) return montant;
  const retire = (2n * BigInt(montant) * BigInt(annule) + BigInt(engage)) / (2n * BigInt(engage));
  return montant - Number(retire);
}

export function calculerPerequation(d: DonneesPerequation): ResultatPerequation {
  const annee = Number(d.date.slice(0, 4));
  const anneeDe = (x: EngagementPerequation) => Number(x.dateEngagement.slice(0, 4));
  const taux: TauxAnnulation[] = [];
  const stocks: StockDispositif[] = [];
  for (const dispositif of ['apprentissage', 'professionnalisation'] as const) {
    const p = d.annees[dispositif];
    const n = p.annulation.valeur;
    const annees = Array.from({ length: n }, (_, i) => annee - n + i);
    const dans = d.engagements.filter(
      (x) => x.dispositif === dispositif && annees.includes(anneeDe(x)),
    );
    const engage = dans.reduce((s, x) => s + x.engageCentimes, 0);
    const annule = dans.reduce((s, x) => s + x.annuleCentimes, 0);
    taux.push({
      dispositif,
      annees,
      engageCentimes: engage,
      annuleCentimes: annule,
      taux: engage > 0 ? annule / engage : 0,
    });
    const limite = iso(ajouterMois(jour(d.date), -12 * p.anciennete.valeur));
    const siens = d.engagements.filter((x) => x.dispositif === dispositif);
    const exclus = siens
      .filter((x) => x.dateEngagement < limite)
      .reduce((s, x) => s + x.resteAPayerCentimes, 0);
    const garde = siens
      .filter((x) => x.dateEngagement >= limite)
      .reduce((s, x) => s + x.resteAPayerCentimes, 0);
    stocks.push({
      dispositif,
      resteAPayerCentimes: exclus + garde,
      exclusCentimes: exclus,
      ajusteCentimes: ajuster(garde, annule, engage),
      exclusAvant: limite,
    });
  }
  const autres = d.engagements
    .filter((x) => x.dispositif === 'autre')
    .reduce((s, x) => s + x.resteAPayerCentimes, 0);
  stocks.push({
    dispositif: 'autre',
    resteAPayerCentimes: autres,
    exclusCentimes: 0,
    ajusteCentimes: autres,
    exclusAvant: null,
  });

  const stockAjuste = stocks.reduce((s, x) => s + x.ajusteCentimes, 0);
  const besoin = stockAjuste + d.horsLivreCentimes + d.previsionNouveauxCentimes;
  const ressources = d.dotationsCentimes - d.payeCentimes;
  const manque = Math.max(0, besoin - ressources);
  const refs33 = d.annees.apprentissage.annulation.references;

  const deLAnnee = d.engagements.filter((x) => anneeDe(x) === annee);
  const net = (x: EngagementPerequation) => x.engageCentimes - x.annuleCentimes;
  const total = deLAnnee.reduce((s, x) => s + net(x), 0);
  const contrats = deLAnnee.filter((x) => x.dispositif !== 'autre').reduce((s, x) => s + net(x), 0);
  const part = total > 0 ? contrats / total : null;
  const seuil = d.partMinimale.valeur;
  const affecte = part !== null && part >= seuil;

  const fmtTaux = (t: TauxAnnulation) =>
    `${t.dispositif} : ${euros(t.annuleCentimes)} annulés sur ${euros(t.engageCentimes)} engagés en ${t.annees[0]}–${t.annees.at(-1)}, soit ${pourcent(t.taux)}`;
  const explication = [
    `Taux moyen d’annulation (R6123-33) — ${taux.map(fmtTaux).join(' ; ')}.`,
    ...stocks.map((s) =>
      s.dispositif === 'autre'
        ? `Autres engagements de la section : ${euros(s.resteAPayerCentimes)} restant à payer, retenus sans ajustement.`
        : `Stock ${s.dispositif} : ${euros(s.resteAPayerCentimes)} restant à payer, dont ${euros(s.exclusCentimes)} engagés avant le ${s.exclusAvant} (exclus) ; ${euros(s.resteAPayerCentimes - s.exclusCentimes)} × (1 − taux d’annulation) = ${euros(s.ajusteCentimes)}.`,
    ),
    `Besoin de couverture : ${euros(stockAjuste)} (stock ajusté) + ${euros(d.horsLivreCentimes)} (engagements non comptabilisés) + ${euros(d.previsionNouveauxCentimes)} (engagements nouveaux prévus) = ${euros(besoin)}.`,
    `Fonds de la section alternance : ${euros(d.dotationsCentimes)} de dotations − ${euros(d.payeCentimes)} payés = ${euros(ressources)}.`,
    manque > 0
      ? `Fonds insuffisants (R6123-31 1°) : il manque ${euros(manque)}.`
      : `Fonds suffisants (R6123-31 1° non rempli) : ${euros(ressources - besoin)} de marge.`,
    part === null
      ? `Aucun engagement de la section alternance en ${annee} : la part affectée aux contrats ne peut être calculée (R6123-31 2° non rempli).`
      : `Engagements ${annee} nets d’annulations : ${euros(contrats)} aux contrats d’apprentissage et de professionnalisation sur ${euros(total)}, soit ${pourcent(part)} ; seuil ${pourcent(seuil)} depuis le ${d.partMinimale.depuis} (R6123-31 2°) : ${affecte ? 'rempli' : 'non rempli'}.`,
    manque > 0 && affecte
      ? 'Éligible à la dotation complémentaire de péréquation.'
      : 'Non éligible à la dotation complémentaire de péréquation.',
  ];
  return {
    opco: d.opco,
    date: d.date,
    annee,
    eligible: manque > 0 && affecte,
    insuffisance: {
      rempli: manque > 0,
      besoinCentimes: besoin,
      ressourcesCentimes: ressources,
      manqueCentimes: manque,
      explication: explication[explication.length - 3] ?? '',
      references: [...d.partMinimale.references.slice(-1), ...refs33],
    },
    affectation: {
      rempli: affecte,
      contratsCentimes: contrats,
      totalCentimes: total,
      part,
      seuil,
      explication: explication[explication.length - 2] ?? '',
      references: d.partMinimale.references,
    },
    taux,
    stocks,
    explication,
  };
}
