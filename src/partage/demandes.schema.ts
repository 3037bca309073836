import { z } from 'zod';
import { dateIso, siretSchema } from './cerfa-fa13.schema.ts';
import { DATE_DISPOSITIFS_MIN } from './simulation-dispositifs.schema.ts';

/**
 * A company's request for funding (« demande de prise en charge », issue 14 point 3) under plan
 * < 50, SSCT training of CSE members, tutoring aid or an action collective: one schema per type,
 * shared by the API (POST /api/v1/demandes), the CLI (`opco demandes deposer`) and the web form.
 * Amounts in euros as on the form (cents after the domain). Only the shape is checked here: the
 * eligibility and the amount are the scheme's rules (droit/regles/<dispositif>/), evaluated by
 * the automatic instruction (src/domaine/demandes).
 */

export const TYPES_DEMANDE = [
  'plan_moins_50',
  'formation_ssct_cse',
  'aide_tutorale',
  'action_collective',
] as const;
export type TypeDemande = (typeof TYPES_DEMANDE)[number];

export const libellesTypesDemande: Readonly<Record<TypeDemande, string>> = {
  plan_moins_50: 'Plan de développement des compétences (moins de 50 salariés)',
  formation_ssct_cse: 'Formation SSCT des membres du CSE (moins de 50 salariés)',
  aide_tutorale: 'Aide à la fonction tutorale (formation et exercice du tutorat)',
  action_collective: "Inscription à une session d'action collective",
};

const texte = (max = 200) => z.string().trim().min(1).max(max);
const euros = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, {
    message: 'montant en euros avec au plus deux décimales attendu',
  });
const dateDemande = dateIso.refine((d) => d >= DATE_DISPOSITIFS_MIN, {
  message: `dates à partir du ${DATE_DISPOSITIFS_MIN} seulement`,
});
const heures = z.number().min(0).max(10_000);

export const entrepriseDemandeSchema = z.object({
  siret: siretSchema,
  denomination: texte(),
  codeIdcc: z
    .string()
    .trim()
    .regex(/^[0-9]{1,4}$/, { message: 'code IDCC de 1 à 4 chiffres attendu' }),
  /** Headcount (L130-1 du code de la sécurité sociale). */
  effectif: z.number().int().min(0).max(10_000_000),
});

export const actionFormationSchema = z.object({
  intitule: texte(300),
  organismeSiret: siretSchema,
  organismeDenomination: texte(),
  certification: z.string().trim().min(1).max(100).optional(),
});

const commun = {
  opco: z
    .string()
    .trim()
    .regex(/^[0-9]{2}$/, { message: 'code OPCO de 2 chiffres attendu' }),
  entreprise: entrepriseDemandeSchema,
};

const coutsFormation = {
  dateDebut: dateDemande,
  dateFin: dateIso,
  heures: heures.positive(),
  stagiaires: z.number().int().min(1).max(10_000),
  coutPedagogique: euros,
  salaireHoraire: euros.optional(),
  fraisAnnexes: euros.optional(),
};

export const demandePlanSchema = z.object({
  type: z.literal('plan_moins_50'),
  ...commun,
  bareme: z.string().regex(/^[a-z0-9_]+$/, { message: 'identifiant de barème attendu' }),
  action: actionFormationSchema,
  ...coutsFormation,
});

export const demandeSsctSchema = z.object({
  type: z.literal('formation_ssct_cse'),
  ...commun,
  /** Barème of the OPCO whose hourly pedagogical cap applies (R6332-40: the board's criteria). */
  bareme: z
    .string()
    .regex(/^[a-z0-9_]+$/, { message: 'identifiant de barème attendu' })
    .optional(),
  action: actionFormationSchema,
  ...coutsFormation,
  jours: z.number().min(0).max(60),
  membreCse: z.boolean(),
  salarieCompetent: z.boolean().default(false),
  premierMandat: z.boolean().default(true),
});

export const tuteurSchema = z.object({
  nom: texte(100),
  prenom: texte(100),
  dateNaissance: dateIso,
  employeur: z.boolean().default(false),
});

export const demandeAideTutoraleSchema = z.object({
  type: z.literal('aide_tutorale'),
  ...commun,
  tuteur: tuteurSchema,
  dateDebut: dateDemande,
  dateFin: dateIso,
  formationHeures: heures.default(0),
  formationCout: euros.optional(),
  tutoratMois: z.number().int().min(0).max(120).default(0),
  maitreApprentissageMois: z.number().int().min(0).max(120).default(0),
  publicPrioritaire: z.boolean().default(false),
  beneficiairesSimultanes: z.number().int().min(1).max(99).default(1),
  /** The alternance dossier the tutoring belongs to, when on the platform. */
  dossierContrat: z.string().trim().min(1).max(100).optional(),
});

export const demandeActionCollectiveSchema = z.object({
  type: z.literal('action_collective'),
  ...commun,
  session: z.number().int().min(1),
  stagiaires: z.number().int().min(1).max(1000),
});

export const demandeSchema = z
  .discriminatedUnion('type', [
    demandePlanSchema,
    demandeSsctSchema,
    demandeAideTutoraleSchema,
    demandeActionCollectiveSchema,
  ])
  .meta({ id: 'DemandePriseEnCharge' });

export type DemandeFormulaire = z.infer<typeof demandeSchema>;
export type DemandePlan = z.infer<typeof demandePlanSchema>;
export type DemandeSsct = z.infer<typeof demandeSsctSchema>;
export type DemandeAideTutorale = z.infer<typeof demandeAideTutoraleSchema>;
export type DemandeActionCollective = z.infer<typeof demandeActionCollectiveSchema>;

const articleSchema = z.object({
  article: z.string(),
  alinea: z.string().optional(),
  id: z.string(),
  url: z.string(),
});

const controleSchema = z.object({
  code: z.string(),
  libelle: z.string(),
  resultat: z.enum(['conforme', 'bloquant', 'avertissement', 'a_verifier']),
  message: z.string(),
  champ: z.string().optional(),
  articles: z.array(articleSchema),
});

const raisonSchema = z.object({
  code: z.string(),
  message: z.string(),
  articles: z.array(articleSchema),
});

export const vueDemandeSchema = z
  .object({
    id: z.string(),
    type: z.enum(TYPES_DEMANDE),
    libelleType: z.string(),
    opco: z.string(),
    etat: z.string(),
    libelleEtat: z.string(),
    version: z.number(),
    entreprise: z.object({ siret: z.string(), denomination: z.string() }),
    intitule: z.string(),
    dateDebut: z.string(),
    dateDemande: z.string(),
    echeance: z.string().nullable(),
    instruction: z
      .object({
        date: z.string(),
        conclusion: z.enum(['conforme', 'bloquant', 'a_verifier']),
        resultats: z.array(controleSchema),
      })
      .nullable(),
    aVerifier: z.array(z.string()),
    engagement: z
      .object({
        montantTotalCentimes: z.number().int(),
        section: z.string(),
        origine: z.string(),
        siretBeneficiaire: z.string(),
        echeances: z.array(
          z.object({
            numero: z.number(),
            nature: z.string(),
            dateExigibilite: z.string(),
            montantCentimes: z.number().int(),
            exigeCertificatRealisation: z.boolean(),
          }),
        ),
        detail: z.array(z.object({ libelle: z.string(), montantCentimes: z.number().int() })),
        versionDroit: z.string(),
        bareme: z
          .object({ id: z.string(), depuis: z.string().nullable(), version: z.string() })
          .nullable(),
        dateDesParametres: z.string(),
      })
      .nullable(),
    decision: z
      .object({
        sens: z.enum(['engage', 'refuse']),
        date: z.string(),
        automatique: z.boolean(),
        raisons: z.array(raisonSchema),
        motif: z.string().nullable(),
      })
      .nullable(),
    inscription: z.number().nullable().describe('Inscription à la session (action collective)'),
    solde: z
      .object({
        date: z.string(),
        montantRealiseCentimes: z.number().int(),
        libereCentimes: z.number().int().describe('Différence libérée sur le grand livre'),
        motif: z.string().nullable(),
        factures: z
          .array(
            z.object({
              id: z.number().int(),
              numero: z.string(),
              siretEmetteur: z.string(),
              montantHtCentimes: z.number().int(),
            }),
          )
          .optional()
          .describe('Factures sur lesquelles repose le solde'),
      })
      .nullable()
      .describe('Solde sur les factures reçues (R6332-25)'),
    modifications: z
      .array(
        z.object({
          date: z.string(),
          nature: z.enum(['revision', 'avenant']),
          motif: z.string().nullable(),
          ecart: z
            .object({
              avantCentimes: z.number().int(),
              apresCentimes: z.number().int(),
              differenceCentimes: z.number().int(),
              lignes: z.array(
                z.object({
                  libelle: z.string(),
                  avantCentimes: z.number().int(),
                  apresCentimes: z.number().int(),
                }),
              ),
              explication: z.string(),
            })
            .nullable(),
        }),
      )
      .describe('Modifications après transmission : nouvelle instruction, avenants'),
  })
  .meta({ id: 'VueDemande' });

export type VueDemande = z.infer<typeof vueDemandeSchema>;

export const demandeCompleteSchema = vueDemandeSchema
  .extend({ formulaire: demandeSchema })
  .meta({ id: 'DemandeComplete' });

export const reponseCommandeDemandeSchema = z
  .object({
    accepte: z.boolean(),
    raisons: z.array(raisonSchema),
    demande: demandeCompleteSchema,
  })
  .meta({ id: 'ReponseCommandeDemande' });

export const decisionDemandeSchema = z.object({
  sens: z.enum(['engager', 'refuser']),
  motif: z.string().max(2000),
});

export const annulationDemandeSchema = z.object({ motif: z.string().trim().min(1).max(2000) });

/** Settlement of a request by the OPCO: the realised amount in euros (at most the engaged one). */
export const soldeDemandeSchema = z
  .object({
    montantRealise: z
      .number()
      .min(0)
      .max(10_000_000)
      .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, {
        message: 'montant en euros avec au plus deux décimales attendu',
      })
      .optional()
      .describe(
        'Montant réalisé (€), au plus le total des factures reçues ; absent : le total des factures (au plus l’engagé)',
      ),
    motif: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'SoldeDemande' });

/** A transmitted request modified by its company: the whole form, and why. */
export const modificationDemandeSchema = z
  .object({
    demande: demandeSchema,
    motif: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'ModificationDemande' });

const centimes = z
  .number()
  .positive()
  .max(10_000_000)
  .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, {
    message: 'montant en euros avec au plus deux décimales attendu',
  });

/** An invoice of the action (training body or company), recorded on an engaged request. */
export const factureDemandeSchema = z
  .object({
    numero: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[\p{L}\p{N} ./_-]+$/u, { message: 'lettres, chiffres, espace, . / _ - attendus' }),
    siretEmetteur: siretSchema,
    dateFacture: dateIso,
    montantHT: centimes.describe('Montant hors taxes (€) : celui que le solde retient'),
    montantTTC: centimes.describe('Montant toutes taxes comprises (€), au moins le HT'),
    pieceId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Pièce jointe de la demande (POST …/pieces) : la facture elle-même'),
  })
  .meta({ id: 'FactureDemande' });

export const vueFactureDemandeSchema = z
  .object({
    id: z.number().int(),
    numero: z.string(),
    siretEmetteur: z.string(),
    dateFacture: z.string(),
    montantHtCentimes: z.number().int(),
    montantTtcCentimes: z.number().int(),
    pieceId: z.string().nullable(),
    recueLe: z.string(),
  })
  .meta({ id: 'VueFactureDemande' });

export const reponseFactureDemandeSchema = z.object({
  accepte: z.boolean(),
  raisons: z.array(raisonSchema),
  factures: z.array(vueFactureDemandeSchema),
  totalHtCentimes: z.number().int(),
  engageCentimes: z.number().int().nullable(),
});

/** `?brouillon=true`: the request is saved as a draft, not transmitted. */
export const depotDemandeQuery = z.object({
  brouillon: z.enum(['true', 'false']).default('false'),
});
