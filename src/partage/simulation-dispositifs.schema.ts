import { z } from 'zod';
import { estDateIso } from '../moteur/index.ts';
import { citationSchema, noeudSchema, referenceSchema } from './explication.schema.ts';

/**
 * Inputs and result of POST /api/v1/simulations/<dispositif> and `opco simuler <dispositif>` for
 * the schemes served by the generic rules engine (droit/regles/<dispositif>/). Field names are
 * the `chemin` of the scheme's inputs (dispositif.yaml).
 */
const dateIso = z.string().refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' });
/** Oldest date of the law in droit/ for these schemes (loi n° 2018-771, from 2019-01-01). */
export const DATE_DISPOSITIFS_MIN = '2019-01-01';
const dateDroit = dateIso.refine((d) => d >= DATE_DISPOSITIFS_MIN, {
  message: `dates à partir du ${DATE_DISPOSITIFS_MIN} seulement`,
});
const euros = z.number().finite().min(0);
const heures = z.number().finite().min(0);
const oui = z.boolean().optional();
const dateEvaluation = dateIso
  .optional()
  .describe('Date à laquelle citer les textes (par défaut la date qui choisit le droit)');

export const situationContratProSchema = z
  .object({
    dateConclusion: dateDroit.describe('Date de conclusion du contrat'),
    dateDebut: dateIso.optional().describe("Date de début d'exécution"),
    dateReception: dateIso
      .optional()
      .describe("Date de réception du contrat et de son annexe par l'OPCO"),
    age: z.number().int().min(14).max(99).describe('Âge du bénéficiaire'),
    demandeurEmploi: oui.describe("Demandeur d'emploi inscrit"),
    inscritPlusDUnAn: oui.describe("Inscrit depuis plus d'un an"),
    minimaSociaux: oui.describe('Bénéficiaire RSA, ASS, AAH ou ancien CUI'),
    sansDiplome: oui.describe('Sans second cycle validé ni diplôme technologique ou professionnel'),
    geiq: oui.describe("Parcours d'insertion en GEIQ"),
    forfaitHoraireBranche: euros.optional().describe('Forfait horaire fixé par la branche (€)'),
    dureeActionMois: z.number().min(0).max(120).describe("Durée de l'action (mois)"),
    heuresFormation: heures.describe('Heures de formation'),
    heuresTotales: heures.positive().describe('Durée totale du contrat en heures'),
    accordBrancheDuree: oui.describe("Accord de branche jusqu'à 24 mois"),
    accordBrancheFormation: oui.describe('Accord de branche au-delà de 25 % de formation'),
    effectif: z.number().int().min(0).optional().describe("Effectif de l'entreprise"),
    fraisReels: euros.optional().describe('Coûts réels du contrat (€)'),
    dateEvaluation,
  })
  .meta({ id: 'SituationContratProfessionnalisation' });

export const situationAideTutoraleSchema = z
  .object({
    dateDebut: dateDroit.describe('Date de début du tutorat ou de la formation du tuteur'),
    tuteurEmployeur: oui.describe("L'employeur est le tuteur"),
    effectif: z.number().int().min(0).optional().describe("Effectif de l'entreprise"),
    formationHeures: heures.optional().describe('Heures de formation du tuteur'),
    formationCout: euros.optional().describe('Dépenses réelles de formation du tuteur (€)'),
    tutoratMois: z.number().int().min(0).max(120).optional().describe('Mois de tutorat'),
    ageTuteur: z.number().int().min(16).max(99).optional().describe('Âge du tuteur'),
    publicPrioritaire: oui.describe('Personne accompagnée relevant de L6325-1-1'),
    maitreApprentissageMois: z
      .number()
      .int()
      .min(0)
      .max(120)
      .optional()
      .describe("Mois d'exercice de maître d'apprentissage"),
    beneficiairesSimultanes: z
      .number()
      .int()
      .min(1)
      .max(99)
      .optional()
      .describe('Bénéficiaires suivis simultanément'),
    dateEvaluation,
  })
  .meta({ id: 'SituationAideTutorale' });

export const situationProASchema = z
  .object({
    dateAvenant: dateDroit.describe("Date de conclusion de l'avenant"),
    cdi: oui.describe('Salarié en CDI'),
    cddSportif: oui.describe('Sportif ou entraîneur professionnel en CDD'),
    cuiCdi: oui.describe('CUI à durée indéterminée'),
    activitePartielle: oui.describe('Activité partielle'),
    niveauQualification: z
      .number()
      .int()
      .min(0)
      .max(8)
      .optional()
      .describe('Niveau de la plus haute certification obtenue (0 : aucune)'),
    certificationEligible: oui.describe("Certification sur la liste de l'accord de branche étendu"),
    cleaOuVae: oui.describe('CléA ou VAE'),
    publicPrioritaire: oui.describe('Personne relevant de L6325-1-1'),
    accordBrancheDuree: oui.describe("Accord de branche jusqu'à 24 mois"),
    accordBrancheFormation: oui.describe('Accord de branche au-delà de 25 %'),
    dureeMois: z.number().min(0).max(120).describe('Durée (mois)'),
    heuresFormation: heures.describe('Heures de formation'),
    heuresTotales: heures.positive().describe('Durée totale en heures'),
    forfaitHoraireBranche: euros.optional().describe('Forfait horaire de branche (€)'),
    remunerationPriseEnCharge: oui.describe(
      "L'accord prévoit la prise en charge de la rémunération",
    ),
    remunerationHoraire: euros.optional().describe('Rémunération horaire chargée (€)'),
    effectif: z.number().int().min(0).optional().describe("Effectif de l'entreprise"),
    fraisReels: euros.optional().describe('Frais réels (€)'),
    dateEvaluation,
  })
  .meta({ id: 'SituationProA' });

export const situationPeriodeReconversionSchema = z
  .object({
    dateAccord: dateDroit.describe("Date de l'accord écrit"),
    dateDebut: dateIso.optional().describe('Date de début de la période'),
    dateReception: dateIso.optional().describe("Réception des documents par l'OPCO"),
    externe: oui.describe('Période externe'),
    contratAccueilCdd: oui.describe("Contrat d'accueil en CDD"),
    dureeCddMois: z.number().min(0).max(120).optional().describe('Durée du CDD (mois)'),
    socleClea: oui.describe('Socle CléA'),
    heuresFormation: heures.describe('Heures de formation'),
    dureeMois: z.number().min(0).max(120).describe('Période de réalisation (mois)'),
    accordDureeLongue: oui.describe("Accord d'entreprise ou de branche (L6324-8)"),
    forfaitBranche: euros.optional().describe('Forfait par période de la branche (€)'),
    fraisPedagogiques: euros.optional().describe('Frais pédagogiques réels (€)'),
    droitsCpf: euros.optional().describe('Droits CPF du salarié (€)'),
    accordRemuneration: oui.describe(
      "L'accord prévoit la prise en charge de l'écart de rémunération",
    ),
    ecartRemuneration: euros.optional().describe('Écart de rémunération (€)'),
    accordFraisAnnexes: oui.describe("L'accord prévoit la prise en charge des frais annexes"),
    fraisAnnexes: euros.optional().describe('Frais annexes (€)'),
    dateEvaluation,
  })
  .meta({ id: 'SituationPeriodeReconversion' });

const champsPlan = {
  dateDebut: dateDroit.describe("Date de début de l'action"),
  effectif: z.number().int().min(0).describe("Effectif de l'entreprise"),
  heures: heures.positive().describe('Durée par stagiaire (heures)'),
  stagiaires: z.number().int().min(1).max(10000).optional().describe('Nombre de stagiaires'),
  coutPedagogique: euros.describe('Coût pédagogique total (€ HT)'),
  salaireHoraire: euros.optional().describe('Rémunération horaire chargée (€)'),
  fraisAnnexes: euros.optional().describe('Frais annexes (€)'),
  dejaConsomme: euros.optional().describe("Part de l'enveloppe annuelle déjà engagée (€)"),
  fondsDisponibles: z.boolean().optional().describe("Fonds disponibles à l'OPCO"),
  organismeSiret: z
    .string()
    .regex(/^\d{14}$/, { message: 'SIRET à 14 chiffres attendu' })
    .optional()
    .describe("SIRET de l'organisme de formation (pour appliquer un accord tarifaire de l'OPCO)"),
  certification: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("Certification ou action (ex. RNCP35185), pour l'accord tarifaire"),
  dateEvaluation,
};

export const comparaisonPlanSchema = z.object(champsPlan).meta({ id: 'ComparaisonPlanMoins50' });

export const situationPlanMoins50Schema = z
  .object({
    ...champsPlan,
    bareme: z
      .string()
      .regex(/^[a-z0-9_]+$/, { message: 'identifiant de barème attendu (ex. atlas_217)' })
      .describe("Barème de l'OPCO ou de la branche (GET /api/v1/baremes/plan-moins-50)"),
  })
  .meta({ id: 'SituationPlanMoins50' });

export const situationSsctSchema = z
  .object({
    dateDebut: dateDroit.describe('Date de début de la formation'),
    effectif: z.number().int().min(0).describe("Effectif de l'entreprise"),
    membreCse: oui.describe('Membre de la délégation du CSE ou référent'),
    salarieCompetent: oui.describe('Salarié désigné compétent en prévention'),
    premierMandat: oui.describe('Premier mandat'),
    jours: z.number().min(0).max(60).describe('Durée (jours)'),
    heures: heures.describe('Durée par stagiaire (heures)'),
    stagiaires: z.number().int().min(1).max(1000).optional().describe('Nombre de stagiaires'),
    coutPedagogique: euros.describe('Coûts pédagogiques (€ HT)'),
    plafondHorairePedagogique: euros
      .optional()
      .describe("Plafond horaire fixé par le conseil d'administration de l'OPCO (€)"),
    salaireHoraire: euros.optional().describe('Rémunération horaire chargée (€)'),
    fraisAnnexes: euros.optional().describe('Frais annexes (€)'),
    fondsDisponibles: z.boolean().optional().describe("Fonds disponibles à l'OPCO"),
    dateEvaluation,
  })
  .meta({ id: 'SituationFormationSsctCse' });

export const situationActionCollectiveSchema = z
  .object({
    dateSession: dateDroit.describe('Date de début de la session'),
    placesRestantes: z.number().int().min(0).describe('Places encore libres'),
    stagiaires: z.number().int().min(1).max(1000).optional().describe('Stagiaires à inscrire'),
    effectif: z.number().int().min(0).describe("Effectif de l'entreprise"),
    effectifMax: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Effectif maximal des entreprises éligibles'),
    brancheEligible: z.boolean().optional().describe("Branche de l'entreprise éligible"),
    prixNegocie: euros.describe('Prix négocié par stagiaire (€)'),
    tauxFinancement: z.number().min(0).max(1).describe('Taux de financement, de 0 à 1'),
    sessionAnnulee: z.boolean().optional().describe("Session annulée par l'OPCO"),
    dateEvaluation,
  })
  .meta({ id: 'SituationActionCollective' });

export const situationAbondementCpfSchema = z
  .object({
    dateDemande: dateDroit.describe("Date de la demande d'abondement"),
    coutFormation: euros.describe('Coût de la formation (€)'),
    droitsCpf: euros.optional().describe('Droits inscrits sur le CPF (€)'),
    effectif: z.number().int().min(0).describe("Effectif de l'employeur"),
    tauxOpco: z.number().min(0).max(1).optional().describe("Part abondée par l'OPCO, de 0 à 1"),
    plafondOpco: euros.optional().describe("Plafond d'abondement de l'OPCO (€)"),
    fondsConventionnels: oui.describe('Financé par des contributions conventionnelles'),
    fondsDisponibles: z.boolean().optional().describe("Fonds disponibles à l'OPCO"),
    dateEvaluation,
  })
  .meta({ id: 'SituationAbondementCpf' });

const motifSchema = z.object({
  code: z.string(),
  motif: z.string(),
  references: z.array(referenceSchema),
});

export const baremeAppliqueSchema = z.object({
  id: z.string(),
  opco: z.string().nullable(),
  libelle: z.string().nullable(),
  depuis: z.string().nullable().describe('Date de la version du barème appliquée'),
  tranche: z.object({ jusquA: z.number(), enveloppe: z.number() }).nullable(),
});

export const accordAppliqueSchema = z
  .object({
    accord: z.string().nullable(),
    version: z.number().nullable(),
    prix: z.number().nullable().describe('Prix négocié (€) par stagiaire ou par heure'),
    unite: z.enum(['stagiaire', 'heure']).nullable(),
    dateDebut: z.string().nullable(),
    dateFin: z.string().nullable(),
    reference: z.string().nullable(),
    motif: z
      .string()
      .nullable()
      .describe("Pourquoi aucun accord ne s'applique (organisme et certification connus)"),
  })
  .meta({ id: 'AccordTarifaireApplique' });

export const resultatDispositifSchema = z
  .object({
    dispositif: z.string(),
    dateEvaluation: z.string(),
    dateDesParametres: z.string().describe('Date qui choisit le droit (et le barème) appliqué'),
    eligible: z.boolean(),
    montant: z.number().nullable().describe("Montant pris en charge par l'OPCO (€)"),
    unite: z.string(),
    refus: z.array(motifSchema).describe('Motifs de refus, avec les textes'),
    avertissements: z.array(motifSchema),
    valeurs: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    bareme: baremeAppliqueSchema.optional(),
    accordTarifaire: accordAppliqueSchema
      .optional()
      .describe('Accord tarifaire appliqué (plan < 50, organisme et certification donnés)'),
    explication: noeudSchema,
    citations: z.array(citationSchema),
  })
  .meta({ id: 'ResultatDispositif' });
export type ResultatDispositifJson = z.infer<typeof resultatDispositifSchema>;

export const comparaisonResultatSchema = z
  .object({
    dispositif: z.string(),
    dateDebut: z.string(),
    effectif: z.number(),
    resultats: z.array(
      z.object({
        bareme: baremeAppliqueSchema,
        eligible: z.boolean(),
        montant: z.number().nullable(),
        refus: z.array(motifSchema),
        valeurs: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
      }),
    ),
  })
  .meta({ id: 'ComparaisonBaremes' });
export type ComparaisonResultatJson = z.infer<typeof comparaisonResultatSchema>;

export const listeBaremesSchema = z
  .array(
    z.object({
      id: z.string(),
      opco: z.string().nullable(),
      libelle: z.string().nullable(),
      versions: z.array(z.string()).describe('Dates des versions du barème'),
    }),
  )
  .meta({ id: 'ListeBaremes' });

/** URL slug → scheme of the rules and its input schema. */
export const DISPOSITIFS_SIMULES = {
  'contrat-professionnalisation': {
    regles: 'contrat_professionnalisation',
    schema: situationContratProSchema,
    titre: "Prise en charge d'un contrat de professionnalisation",
  },
  'aide-tutorale': {
    regles: 'aide_tutorale',
    schema: situationAideTutoraleSchema,
    titre: 'Aide à la fonction tutorale',
  },
  'pro-a': {
    regles: 'pro_a',
    schema: situationProASchema,
    titre: 'Pro-A (avenants conclus avant le 1er janvier 2026)',
  },
  'periode-reconversion': {
    regles: 'periode_reconversion',
    schema: situationPeriodeReconversionSchema,
    titre: 'Période de reconversion (depuis le 1er janvier 2026)',
  },
  'plan-moins-50': {
    regles: 'plan_moins_50',
    schema: situationPlanMoins50Schema,
    titre: "Plan de développement des compétences (moins de 50 salariés), barème d'un OPCO",
  },
  'formation-ssct-cse': {
    regles: 'formation_ssct_cse',
    schema: situationSsctSchema,
    titre: 'Formation SSCT des membres du CSE (moins de 50 salariés)',
  },
  'action-collective': {
    regles: 'action_collective',
    schema: situationActionCollectiveSchema,
    titre: "Inscription à une session d'action collective",
  },
  'abondement-cpf': {
    regles: 'abondement_cpf',
    schema: situationAbondementCpfSchema,
    titre: "Abondement du CPF par l'OPCO",
  },
} as const;
export type SlugDispositif = keyof typeof DISPOSITIFS_SIMULES;
