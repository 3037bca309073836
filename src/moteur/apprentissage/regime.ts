import type { Droit, ValeurTrouvee } from '../parametres/droit.ts';

/**
 * The apprenticeship parameters in force for contracts concluded on a given day, resolved once
 * per interval between two law changes and cached: the hot path reads plain numbers.
 * Amounts are in cents. `undefined` = the rule does not apply to contracts concluded that day.
 */
export interface RegimeApprentissage {
  amorcage: readonly (number | undefined)[];
  amorcageSoumisModulations: boolean;
  /** Apply the RQTH majoration before the distance minoration (default: after). */
  rqthAvantDistanciel: boolean;
  distancielSeuil: number | undefined;
  distancielTaux: number;
  distancielPlancher: number;
  plancherSansHausse: boolean;
  exemptionEnVigueur: boolean;
  participationMontant: number | undefined;
  participationNiveauMin: number;
  participationTauxRupture: number;
  participationNouvelEmployeur: number;
  participationDeduiteMoinsUnAn: boolean;
  periodeLibreJours: number;
  maintienMois: number;
  rqthTaux: number | undefined;
  rqthPlafond: number | undefined;
  prorataJours: boolean;
  denominateurJours: number;
  moisParAn: number;
  tauxDureeReduite: number;
  fractions: readonly number[];
  moisVersements: readonly number[];
  soldeAnneeSuivante: boolean;
  moisSolde: number | undefined;
  avanceApresDepot: boolean;
  avanceUnique: number;
  delaiSoldeMois: number | undefined;
  nuitee: number;
  repas: number;
  premierEquipementPlafond: number | undefined;
  /** Every parameter value consulted, by id, for explanations and citations. */
  sources: ReadonlyMap<string, ValeurTrouvee>;
  /** Parameters the rule cannot do without that have no value at this date (outside its range). */
  manquants: readonly string[];
}

/** Without these, the rule is not defined: asking before their first date is an error. */
const REQUIS = [
  'prorata.mode',
  'prorata.mois_par_an',
  'echeancier.fractions',
  'echeancier.mois_versements',
  'echeancier.solde',
  'echeancier.avance_apres',
  'echeancier.avance_unique_moins_un_an',
  'rupture.maintien_mois',
  'rupture.periode_libre_jours',
  'duree_reduite.taux_majoration',
  'frais_annexes.nuitee',
  'frais_annexes.repas',
];

const P = 'apprentissage.';

/** Parameters required when another one applies (e.g. the day prorata needs its denominator). */
function requisSelon(t: (id: string) => unknown): string[] {
  const r: string[] = [];
  if (t('prorata.mode') === 'jours_effectues') r.push('prorata.denominateur_jours');
  if (t('echeancier.solde') === 'annee_suivante')
    r.push('echeancier.delai_transmission_solde_mois');
  else r.push('echeancier.mois_solde');
  if (t('participation_employeur.montant') !== undefined)
    r.push(
      'participation_employeur.niveau_minimum',
      'participation_employeur.taux_rupture_periode_libre',
      'participation_employeur.montant_nouvel_employeur',
    );
  if (t('distanciel.seuil_part') !== undefined)
    r.push('distanciel.taux_minoration', 'distanciel.plancher', 'distanciel.exemption_en_vigueur');
  return r;
}

export function resoudreRegime(droit: Droit, jourN: number): RegimeApprentissage {
  const sources = new Map<string, ValeurTrouvee>();
  const t = (id: string) => {
    const v = droit.trouver(P + id, jourN);
    if (v) sources.set(P + id, v);
    return v?.valeur.valeur;
  };
  const n = (id: string): number | undefined => {
    const v = t(id);
    return typeof v === 'number' ? v : undefined;
  };
  const nn = (id: string, defaut: number): number => n(id) ?? defaut;
  const b = (id: string): boolean => t(id) === true;
  const liste = (id: string): readonly number[] => {
    const v = t(id);
    return Array.isArray(v) ? (v as readonly number[]) : [];
  };
  const cents = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 100));
  const amorcage: (number | undefined)[] = [];
  for (let niveau = 0; niveau <= 8; niveau++)
    amorcage.push(niveau >= 3 ? cents(n(`amorcage.niveau_${niveau}`)) : undefined);
  return {
    amorcage,
    amorcageSoumisModulations: b('amorcage.soumis_aux_modulations'),
    rqthAvantDistanciel: t('modulations.ordre') === 'rqth_puis_distanciel',
    distancielSeuil: n('distanciel.seuil_part'),
    distancielTaux: nn('distanciel.taux_minoration', 0),
    distancielPlancher: cents(n('distanciel.plancher')) ?? 0,
    plancherSansHausse: b('distanciel.plancher_sans_hausse'),
    exemptionEnVigueur: b('distanciel.exemption_en_vigueur'),
    participationMontant: cents(n('participation_employeur.montant')),
    participationNiveauMin: nn('participation_employeur.niveau_minimum', 0),
    participationTauxRupture: nn('participation_employeur.taux_rupture_periode_libre', 0),
    participationNouvelEmployeur: cents(n('participation_employeur.montant_nouvel_employeur')) ?? 0,
    participationDeduiteMoinsUnAn: b('participation_employeur.deduite_contrat_moins_un_an'),
    periodeLibreJours: nn('rupture.periode_libre_jours', 0),
    maintienMois: nn('rupture.maintien_mois', 0),
    rqthTaux: n('rqth.taux_majoration_max'),
    rqthPlafond: cents(n('rqth.plafond')),
    prorataJours: t('prorata.mode') === 'jours_effectues',
    denominateurJours: nn('prorata.denominateur_jours', 0),
    moisParAn: nn('prorata.mois_par_an', 0),
    tauxDureeReduite: nn('duree_reduite.taux_majoration', 0),
    fractions: liste('echeancier.fractions'),
    moisVersements: liste('echeancier.mois_versements'),
    soldeAnneeSuivante: t('echeancier.solde') === 'annee_suivante',
    moisSolde: n('echeancier.mois_solde'),
    avanceApresDepot: t('echeancier.avance_apres') === 'depot',
    avanceUnique: nn('echeancier.avance_unique_moins_un_an', 0),
    delaiSoldeMois: n('echeancier.delai_transmission_solde_mois'),
    nuitee: cents(n('frais_annexes.nuitee')) ?? 0,
    repas: cents(n('frais_annexes.repas')) ?? 0,
    premierEquipementPlafond: cents(n('frais_annexes.premier_equipement_plafond')),
    sources,
    manquants: [...REQUIS, ...requisSelon(t)]
      .filter((id) => !sources.has(P + id))
      .map((id) => P + id),
  };
}

/** Cache of regimes by interval of the law's change dates. */
export class CacheRegimes {
  private readonly cache = new Map<number, RegimeApprentissage>();
  constructor(private readonly droit: Droit) {}
  au(jourN: number): RegimeApprentissage {
    const i = this.droit.intervalle(jourN);
    let r = this.cache.get(i);
    if (!r) {
      r = resoudreRegime(this.droit, jourN);
      this.cache.set(i, r);
    }
    return r;
  }
}
