import {
  ajouterMois,
  civilDepuisJour,
  iso,
  jour,
  jourDepuisCivil,
  joursDansMois,
  moisCommences,
} from '../dates.ts';
import type { Noeud } from '../explication.ts';
import type { Reference } from '../parametres/types.ts';
import { construireEcheancier, formaterEuros as fmt, type Echeance } from './echeancier.ts';
import type { RegimeApprentissage } from './regime.ts';
import { nonNuls, Trace } from './trace.ts';
import type {
  Manquante,
  NpecReferentiel,
  SituationApprentissage,
  SourceNpec,
  Versement,
} from './types.ts';

/**
 * Apprenticeship funding (rule book A and B): NPEC → modulations (distance, RQTH) → proration
 * by year of execution → +10 % for a reduced duration → employer participation → schedule.
 * Pure: everything comes from the situation and the regime of the conclusion date. Money in
 * integer cents. With `trace`, it also builds the explanation tree and the references used.
 */
export interface CalculApprentissage {
  /** What the OPCO pays in all: prise en charge + frais annexes − participation deducted. */
  verse: number;
  npec: { annuel: number; applique: number; source: SourceNpec } | null;
  annees: { du: number; au: number; jours: number; montant: number }[];
  total: number;
  participation: number | null;
  frais: {
    nuitees: number;
    repas: number;
    premierEquipement: number;
    mobiliteInternationale: number;
    total: number;
  };
  echeancier: Echeance[];
  manquantes: Manquante[];
  explication: Noeud | null;
  references: Reference[];
}

const e = (c: number) => c / 100;
const pourcent = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** Same month and day k years later (29 February → 28 February), as a day number. */
function anniversaire(a: number, m: number, j: number, k: number): number {
  return jourDepuisCivil(a + k, m, Math.min(j, joursDansMois(a + k, m)));
}

export function calculerApprentissage(
  r: RegimeApprentissage,
  s: SituationApprentissage,
  npecRef: NpecReferentiel | null,
  trace: boolean,
): CalculApprentissage {
  const refs: Reference[] = [];
  const tr = new Trace(r, refs);
  const noeuds: Noeud[] = [];
  const manquantes: Manquante[] = [];

  const debut = jour(s.dateDebut);
  const fin = jour(s.dateFin);
  const rupture = s.dateRupture !== undefined ? jour(s.dateRupture) : null;

  // 1. Frais annexes (D6332-83): counts × unit amounts, equipment capped, mobility as set by the OPCO.
  const fa = s.fraisAnnexes;
  const nuitees = (fa?.nuitees ?? 0) * r.nuitee;
  const repas = (fa?.repas ?? 0) * r.repas;
  const equipementDemande = Math.round((fa?.premierEquipement ?? 0) * 100);
  const premierEquipement =
    r.premierEquipementPlafond === undefined
      ? 0
      : Math.min(equipementDemande, r.premierEquipementPlafond);
  const mobilite = Math.round((fa?.mobiliteInternationale ?? 0) * 100);
  const frais = {
    nuitees,
    repas,
    premierEquipement,
    mobiliteInternationale: mobilite,
    total: nuitees + repas + premierEquipement + mobilite,
  };
  if (trace && fa) {
    tr.article('D6332-83', 'Code du travail, art. D6332-83 (frais annexes)');
    noeuds.push({
      nature: 'regle',
      code: 'apprentissage.frais_annexes',
      libelle: 'Frais annexes financés par le CFA',
      valeur: e(frais.total),
      unite: '€',
      formule:
        'nuitées × montant par nuitée + repas × montant par repas + min(premier équipement, plafond) + mobilité internationale (forfait OPCO)',
      enfants: nonNuls(
        {
          nature: 'entree',
          code: 'fraisAnnexes.nuitees',
          libelle: 'Nuitées',
          valeur: fa.nuitees ?? 0,
        },
        tr.param('frais_annexes.nuitee', 'Montant par nuitée', '€'),
        { nature: 'entree', code: 'fraisAnnexes.repas', libelle: 'Repas', valeur: fa.repas ?? 0 },
        tr.param('frais_annexes.repas', 'Montant par repas', '€'),
        {
          nature: 'entree',
          code: 'fraisAnnexes.premierEquipement',
          libelle: 'Premier équipement demandé',
          valeur: e(equipementDemande),
          unite: '€',
        },
        r.premierEquipementPlafond === undefined
          ? {
              nature: 'calcul',
              code: 'frais_annexes.premier_equipement',
              libelle:
                'Premier équipement : pas de plafond légal connu pour cette date de conclusion, non pris en charge',
              valeur: 0,
              unite: '€',
            }
          : tr.param(
              'frais_annexes.premier_equipement_plafond',
              'Plafond du premier équipement',
              '€',
            ),
        {
          nature: 'entree',
          code: 'fraisAnnexes.mobiliteInternationale',
          libelle: 'Mobilité internationale (forfait fixé par l’OPCO, repris tel que demandé)',
          valeur: e(mobilite),
          unite: '€',
        },
      ),
    });
  }

  // 2. NPEC: entered, found in the referential, or the amorçage value of the level.
  let npecAnnuel: number | null = null;
  let source: SourceNpec | null = null;
  if (s.npecAnnuel !== undefined) {
    npecAnnuel = Math.round(s.npecAnnuel * 100);
    source = { type: 'saisie', libelle: 'NPEC annuel saisi' };
  } else if (npecRef) {
    npecAnnuel = Math.round(npecRef.montant * 100);
    const { montant: _m, ...prov } = npecRef;
    source = {
      type: 'referentiel',
      libelle: `Référentiel des NPEC de France compétences (${npecRef.version})`,
      ...prov,
    };
  } else {
    const a = r.amorcage[s.niveau];
    if (s.rncp === undefined)
      manquantes.push({
        champ: 'rncp',
        message: 'Code RNCP de la certification préparée (ou saisir npecAnnuel)',
      });
    if (s.idcc === undefined)
      manquantes.push({
        champ: 'idcc',
        message: 'IDCC de la convention collective de l’employeur (ou saisir npecAnnuel)',
      });
    if (a !== undefined) {
      npecAnnuel = a;
      const v = r.sources.get(`apprentissage.amorcage.niveau_${s.niveau}`);
      source = {
        type: 'amorcage',
        libelle: `Valeur d'amorçage du niveau ${s.niveau} (aucun NPEC trouvé pour cette certification et cette branche) — régularisée dès la fixation du NPEC (D6332-80)`,
        niveau: s.niveau,
        depuis: v?.valeur.depuis ?? s.dateConclusion,
      };
    } else {
      manquantes.unshift({
        champ: 'npecAnnuel',
        message: "NPEC annuel : aucune valeur d'amorçage n'est fixée à cette date de conclusion",
      });
    }
  }
  if (npecAnnuel === null || source === null) {
    return {
      verse: frais.total,
      npec: null,
      annees: [],
      total: 0,
      participation: null,
      frais,
      echeancier: frais.total > 0 ? [{ montant: frais.total, motif: 'Frais annexes' }] : [],
      manquantes,
      explication: trace
        ? {
            nature: 'regle',
            code: 'apprentissage',
            libelle: "Prise en charge d'un contrat d'apprentissage",
            valeur: null,
            enfants: noeuds,
          }
        : null,
      references: refs,
    };
  }
  const noeudNpec: Noeud | null = trace
    ? source.type === 'amorcage'
      ? (tr.param(`amorcage.niveau_${s.niveau}`, source.libelle, '€') as Noeud)
      : {
          nature: 'entree',
          code: 'npec.annuel',
          libelle: source.libelle,
          valeur: e(npecAnnuel),
          unite: '€',
        }
    : null;
  if (trace)
    tr.article('D6332-78', 'Code du travail, art. D6332-78 (niveau de prise en charge annuel)');

  // RQTH majoration (D6332-82): capped at +50 % of the NPEC before 2021, at 4 000 € since.
  const rqthDemande = s.rqth ? Math.round(s.rqth.montantMajoration * 100) : 0;
  const majorationRqth = !s.rqth
    ? 0
    : Math.min(
        rqthDemande,
        r.rqthPlafond !== undefined
          ? r.rqthPlafond
          : r.rqthTaux !== undefined
            ? Math.round(npecAnnuel * r.rqthTaux)
            : 0,
      );
  // Order of modulations (convention apprentissage.modulations.ordre): the minoration applies to
  // the NPEC alone, or to NPEC + RQTH majoration.
  const baseMinoration = r.rqthAvantDistanciel ? npecAnnuel + majorationRqth : npecAnnuel;

  // 3. Distance-learning minoration (D6332-82-1), from contracts concluded on 2025-07-01.
  const modulable = source.type !== 'amorcage' || r.amorcageSoumisModulations;
  let module = baseMinoration;
  let noeudDistanciel: Noeud | null = null;
  if (r.distancielSeuil !== undefined && modulable) {
    const atteint = s.partDistanciel >= r.distancielSeuil;
    const exempte = atteint && s.certificationExemptee === true && r.exemptionEnVigueur;
    if (atteint && !exempte) {
      const minore = Math.round(baseMinoration * (1 - r.distancielTaux));
      const plancher = r.plancherSansHausse
        ? Math.min(baseMinoration, r.distancielPlancher)
        : r.distancielPlancher;
      module = Math.max(minore, plancher);
    }
    if (trace)
      noeudDistanciel = {
        nature: 'regle',
        code: 'apprentissage.distanciel',
        libelle: exempte
          ? 'Minoration distanciel : certification exemptée (D6332-82-1 II)'
          : atteint
            ? `Minoration de ${pourcent(r.distancielTaux)} : enseignements à distance pour au moins ${pourcent(r.distancielSeuil)} de leur durée, avec plancher`
            : 'Pas de minoration : part à distance inférieure au seuil',
        valeur: e(module),
        unite: '€',
        formule: 'max(NPEC × (1 − taux), min(NPEC, plancher)) si part à distance ≥ seuil',
        enfants: nonNuls(
          {
            nature: 'entree',
            code: 'partDistanciel',
            libelle: 'Part des enseignements à distance',
            valeur: s.partDistanciel,
          },
          tr.param('distanciel.seuil_part', 'Seuil de part à distance'),
          tr.param('distanciel.taux_minoration', 'Taux de minoration'),
          tr.param('distanciel.plancher', 'Plancher après minoration', '€'),
          tr.param(
            'distanciel.plancher_sans_hausse',
            'Le plancher ne relève pas un NPEC inférieur',
          ),
          s.certificationExemptee
            ? tr.param(
                'distanciel.exemption_en_vigueur',
                'Exemption des certifications listées par arrêté',
              )
            : null,
        ),
      };
  }

  // 4. RQTH majoration (explanation node; amount computed above).
  let noeudRqth: Noeud | null = null;
  if (s.rqth) {
    const demande = rqthDemande;
    if (trace)
      noeudRqth = {
        nature: 'regle',
        code: 'apprentissage.rqth',
        libelle:
          'Majoration pour un apprenti reconnu travailleur handicapé (par année d’exécution)',
        valeur: e(majorationRqth),
        unite: '€',
        formule:
          r.rqthPlafond !== undefined
            ? 'min(majoration demandée, plafond)'
            : 'min(majoration demandée, taux × NPEC)',
        enfants: nonNuls(
          {
            nature: 'entree',
            code: 'rqth.montantMajoration',
            libelle: 'Majoration demandée',
            valeur: e(demande),
            unite: '€',
          },
          r.rqthPlafond !== undefined
            ? tr.param('rqth.plafond', 'Plafond de la majoration', '€')
            : tr.param('rqth.taux_majoration_max', 'Majoration maximale en part du NPEC'),
          tr.param('rqth.plafond_par_annee', 'Majoration ajoutée au montant annuel'),
          tr.param('modulations.ordre', 'Ordre des modulations'),
        ),
      };
  }
  const applique = r.rqthAvantDistanciel ? module : module + majorationRqth;

  // 5. Funded period: the contract, or after a rupture the days performed plus the maintained
  // funding while the CFA keeps training the apprentice (L6222-18-2), within the planned end.
  const finRealisee = rupture !== null ? Math.min(rupture, fin) : fin;
  // Maintained until a new contract is signed (the day before) or the delay expires.
  const finMaintien =
    rupture === null
      ? fin
      : Math.min(
          ajouterMois(rupture, r.maintienMois),
          s.dateNouveauContrat !== undefined ? jour(s.dateNouveauContrat) - 1 : Infinity,
        );
  const finFinancee = rupture !== null ? Math.max(rupture, Math.min(fin, finMaintien)) : fin;
  const [aDebut, mDebut, jDebut] = civilDepuisJour(debut);
  const moinsUnAn = fin + 1 < anniversaire(aDebut, mDebut, jDebut, 1);

  // 6. Proration by year of execution.
  const annees: CalculApprentissage['annees'] = [];
  const noeudsAnnees: Noeud[] = [];
  let prochain = debut;
  for (let k = 0; ; k++) {
    const du = prochain;
    if (du > finFinancee) break;
    prochain = anniversaire(aDebut, mDebut, jDebut, k + 1);
    const finAnnee = prochain - 1;
    const au = Math.min(finAnnee, finFinancee);
    const jours = au - du + 1;
    const complete = au === finAnnee;
    let montant: number;
    let formule = '';
    if (complete) {
      montant = applique;
      if (trace) formule = 'année d’exécution complète : montant annuel';
    } else if (r.prorataJours) {
      montant = Math.round((applique * Math.min(jours, r.denominateurJours)) / r.denominateurJours);
      if (trace)
        formule = `montant annuel × ${Math.min(jours, r.denominateurJours)} jours / ${r.denominateurJours}`;
    } else {
      const mois = Math.min(r.moisParAn, moisCommences(du, au));
      montant = Math.round((applique * mois) / r.moisParAn);
      if (trace) formule = `montant annuel × ${mois} mois commencés / ${r.moisParAn}`;
    }
    annees.push({ du, au, jours, montant });
    if (trace)
      noeudsAnnees.push({
        nature: 'calcul',
        code: `apprentissage.annee_${k + 1}`,
        libelle: `Année d'exécution ${k + 1} : du ${iso(du)} au ${iso(au)} (${jours} jours)`,
        valeur: e(montant),
        unite: '€',
        formule,
      });
  }
  let noeudDureeReduite: Noeud | null = null;
  if (s.dureeReduite) {
    const a0 = annees[0];
    if (moinsUnAn && a0) {
      const avant = a0.montant;
      a0.montant = Math.min(Math.round(avant * (1 + r.tauxDureeReduite)), applique);
      if (trace)
        noeudDureeReduite = {
          nature: 'regle',
          code: 'apprentissage.duree_reduite',
          libelle: `Majoration de ${pourcent(r.tauxDureeReduite)} pour une durée réduite (contrat de moins d’un an), plafonnée au NPEC annuel`,
          valeur: e(a0.montant),
          unite: '€',
          formule: `min(${fmt(avant)} × (1 + taux), ${fmt(applique)})`,
          enfants: nonNuls(tr.param('duree_reduite.taux_majoration', 'Taux de majoration')),
        };
    } else if (trace) {
      noeudDureeReduite = {
        nature: 'regle',
        code: 'apprentissage.duree_reduite',
        libelle: 'Durée réduite : pas de majoration, le contrat dure au moins un an (R6332-25 IV)',
        valeur: 0,
        unite: '€',
      };
      tr.article('R6332-25', 'Code du travail, art. R6332-25 IV');
    }
  }
  let total = 0;
  for (const a of annees) total += a.montant;

  // 7. Employer participation (R6332-25-1), contracts concluded from 2025-07-01, level ≥ 6.
  let participation: number | null = null;
  let noeudParticipation: Noeud | null = null;
  if (r.participationMontant !== undefined && modulable) {
    if (s.niveau >= r.participationNiveauMin) {
      const forfait = s.nouvelEmployeurApresRupture
        ? r.participationNouvelEmployeur
        : r.participationMontant;
      const joursRealises = finRealisee - debut + 1;
      const dansPeriodeLibre = rupture !== null && joursRealises <= r.periodeLibreJours;
      participation = dansPeriodeLibre
        ? Math.min(
            forfait,
            Math.round(
              (applique * r.participationTauxRupture * joursRealises) / r.denominateurJours,
            ),
          )
        : forfait;
      if (trace)
        noeudParticipation = {
          nature: 'regle',
          code: 'apprentissage.participation_employeur',
          libelle: dansPeriodeLibre
            ? `Participation de l'employeur : rupture dans les ${r.periodeLibreJours} premiers jours (${joursRealises} jours effectués)`
            : s.nouvelEmployeurApresRupture
              ? 'Participation forfaitaire du nouvel employeur après une rupture'
              : `Participation forfaitaire de l'employeur (niveau ${r.participationNiveauMin} ou plus)`,
          valeur: e(participation),
          unite: '€',
          ...(dansPeriodeLibre
            ? {
                formule: `min(forfait, NPEC × ${r.participationTauxRupture} × ${joursRealises} / ${r.denominateurJours})`,
              }
            : {}),
          enfants: nonNuls(
            {
              nature: 'entree',
              code: 'niveau',
              libelle: 'Niveau de la certification',
              valeur: s.niveau,
            },
            tr.param('participation_employeur.niveau_minimum', 'Niveau minimal'),
            s.nouvelEmployeurApresRupture
              ? tr.param(
                  'participation_employeur.montant_nouvel_employeur',
                  'Forfait du nouvel employeur',
                  '€',
                )
              : tr.param('participation_employeur.montant', 'Forfait', '€'),
            rupture !== null
              ? tr.param('rupture.periode_libre_jours', 'Période de rupture libre')
              : null,
            rupture !== null
              ? tr.param('rupture.jours_calendaires', 'Jours comptés en calendaire')
              : null,
            dansPeriodeLibre
              ? tr.param(
                  'participation_employeur.taux_rupture_periode_libre',
                  'Part du NPEC proratisé',
                )
              : null,
          ),
        };
    } else {
      participation = 0;
      if (trace)
        noeudParticipation = {
          nature: 'regle',
          code: 'apprentissage.participation_employeur',
          libelle: `Pas de participation de l'employeur : certification de niveau inférieur à ${r.participationNiveauMin}`,
          valeur: 0,
          unite: '€',
          enfants: nonNuls(tr.param('participation_employeur.niveau_minimum', 'Niveau minimal')),
        };
    }
  }

  // 8. Schedule (only when explaining: the bulk path needs only its sum).
  const echeancier = trace
    ? construireEcheancier(r, annees, moinsUnAn, participation, frais.total)
    : [];

  let explication: Noeud | null = null;
  if (trace) {
    tr.article('R6332-25', 'Code du travail, art. R6332-25 (versement de la prise en charge)');
    if (rupture !== null) {
      tr.article('L6222-18', 'Code du travail, art. L6222-18 (rupture)');
      tr.article('L6222-18-2', 'Code du travail, art. L6222-18-2 (maintien en CFA six mois)');
    }
    const totalVerse = echeancier.reduce((x, v) => x + v.montant, 0);
    explication = {
      nature: 'regle',
      code: 'apprentissage',
      libelle: "Versements de l'OPCO au CFA pour le contrat d'apprentissage",
      valeur: e(totalVerse),
      unite: '€',
      formule: 'prise en charge + frais annexes − participation de l’employeur',
      enfants: nonNuls(
        {
          nature: 'regle',
          code: 'apprentissage.npec_applique',
          libelle: 'NPEC annuel après modulations',
          valeur: e(applique),
          unite: '€',
          enfants: nonNuls(noeudNpec, noeudDistanciel, noeudRqth),
        },
        {
          nature: 'regle',
          code: 'apprentissage.prise_en_charge',
          libelle:
            rupture !== null
              ? `Prise en charge : jours effectués jusqu'à la rupture du ${iso(rupture)}, puis maintien jusqu'au ${iso(finFinancee)} au plus (${r.maintienMois} mois)`
              : 'Prise en charge par année d’exécution',
          valeur: e(total),
          unite: '€',
          enfants: nonNuls(
            r.prorataJours
              ? tr.param('prorata.mode', 'Proratisation')
              : tr.param('prorata.mode', 'Proratisation'),
            r.prorataJours
              ? tr.param('prorata.denominateur_jours', 'Jours d’une année de NPEC')
              : tr.param('prorata.mois_par_an', 'Mois d’une année de NPEC'),
            rupture !== null
              ? tr.param('rupture.maintien_mois', 'Maintien après rupture', 'mois')
              : null,
            ...noeudsAnnees,
            noeudDureeReduite,
          ),
        },
        noeudParticipation,
        ...noeuds,
        {
          nature: 'regle',
          code: 'apprentissage.echeancier',
          libelle: moinsUnAn
            ? 'Échéancier : contrat de moins d’un an'
            : 'Échéancier par année d’exécution',
          valeur: e(totalVerse),
          unite: '€',
          enfants: nonNuls(
            moinsUnAn
              ? tr.param('echeancier.avance_unique_moins_un_an', 'Avance unique')
              : tr.param('echeancier.fractions', 'Fractions versées'),
            moinsUnAn ? null : tr.param('echeancier.mois_versements', 'Mois des versements'),
            moinsUnAn ? null : tr.param('echeancier.solde', 'Moment du solde'),
            tr.param('echeancier.avance_apres', 'Fait générateur de l’avance'),
            participation
              ? tr.param(
                  'participation_employeur.deduite_contrat_moins_un_an',
                  'Déduction pour les contrats de moins d’un an',
                )
              : null,
          ),
        },
      ),
    };
  }

  const deduite =
    participation && participation > 0 && (!moinsUnAn || r.participationDeduiteMoinsUnAn)
      ? Math.min(participation, total)
      : 0;
  return {
    verse: total + frais.total - deduite,
    npec: { annuel: npecAnnuel, applique, source },
    annees,
    total,
    participation,
    frais,
    echeancier,
    manquantes,
    explication,
    references: refs,
  };
}

/** Versement with euros and ISO date, for the public result. */
export function versementPublic(v: { date?: number; montant: number; motif: string }): Versement {
  const r: Versement = { montant: v.montant / 100, motif: v.motif };
  if (v.date !== undefined) r.date = iso(v.date);
  return r;
}
