import { z } from 'zod';
import { cerfaEj20Schema } from './cerfa-ej20.schema.ts';
import { cerfaFa13Schema, dateIso } from './cerfa-fa13.schema.ts';
import { codeListe } from './listes-cerfa.ts';

/** Request and response schemas of /api/v1/dossiers (the CERFA schemas are the bodies). */

export const depotDossierSchema = z.discriminatedUnion('formulaire', [
  cerfaFa13Schema,
  cerfaEj20Schema,
]);
export type DepotDossier = z.infer<typeof depotDossierSchema>;

export const etatsDossier = [
  'brouillon',
  'transmis',
  'incomplet',
  'en_cours_instruction',
  'engage',
  'refuse',
  'rompu',
  'annule',
  'solde',
] as const;

/** French label of each state, and its code in the inter-OPCO « API CFA » (operations.md §3). */
export const libellesEtats: Readonly<Record<(typeof etatsDossier)[number], string>> = {
  brouillon: 'Brouillon',
  transmis: 'Transmis',
  incomplet: 'Incomplet : pièces attendues',
  en_cours_instruction: "En cours d'instruction",
  engage: 'Engagé',
  refuse: 'Refusé',
  rompu: 'Rompu',
  annule: 'Annulé',
  solde: 'Soldé',
};
export const etatsApiCfa: Readonly<Record<(typeof etatsDossier)[number], string>> = {
  brouillon: 'BROUILLON',
  transmis: 'TRANSMIS',
  incomplet: 'INCOMPLET',
  en_cours_instruction: 'EN_COURS_INSTRUCTION',
  engage: 'ENGAGE',
  refuse: 'REFUSE',
  rompu: 'RUPTURE',
  annule: 'ANNULE',
  solde: 'SOLDE',
};

export const articleCiteSchema = z.object({
  article: z.string(),
  alinea: z.string().optional(),
  id: z.string(),
  url: z.string(),
});

export const resultatControleSchema = z.object({
  code: z.string(),
  libelle: z.string(),
  resultat: z.enum(['conforme', 'bloquant', 'avertissement', 'a_verifier']),
  message: z.string(),
  champ: z.string().optional(),
  articles: z.array(articleCiteSchema),
});

export const raisonSchema = z.object({
  code: z.string(),
  message: z.string(),
  articles: z.array(articleCiteSchema),
});

export const echeanceSchema = z.object({
  numero: z.number().int(),
  nature: z.enum(['avance', 'echeance', 'solde', 'frais_annexes']),
  dateExigibilite: z.string(),
  montantCentimes: z.number().int(),
  exigeCertificatRealisation: z.boolean(),
});

export const engagementSchema = z.object({
  montantTotalCentimes: z.number().int(),
  echeances: z.array(echeanceSchema),
  detail: z.array(
    z.object({ date: z.string().nullable(), montantCentimes: z.number().int(), motif: z.string() }),
  ),
  npec: z
    .object({
      annuelCentimes: z.number().int(),
      appliqueCentimes: z.number().int(),
      source: z.string(),
    })
    .nullable(),
  versionDroit: z.string(),
  jeuDonnees: z.string().nullable(),
  versionDossier: z.number().int(),
});

export const vueDossierSchema = z.object({
  id: z.string(),
  formulaire: z.enum(['FA13', 'EJ20']),
  opco: z.string(),
  etat: z.enum(etatsDossier),
  libelleEtat: z.string(),
  etatApiCfa: z.string(),
  version: z.number().int(),
  employeur: z.object({ siret: z.string(), denomination: z.string() }),
  titulaire: z.object({ nom: z.string(), prenom: z.string() }),
  organisme: z.object({ siret: z.string(), denomination: z.string() }),
  dateDebut: z.string(),
  dateTransmission: z.string().nullable(),
  dateComplet: z.string().nullable(),
  echeance: z.string().nullable(),
  silence: z.enum(['refus', 'acceptation']).nullable(),
  manquants: z.array(z.string()),
  instruction: z
    .object({
      date: z.string(),
      conclusion: z.enum(['conforme', 'bloquant', 'a_verifier']),
      resultats: z.array(resultatControleSchema),
    })
    .nullable(),
  aVerifier: z.array(z.string()),
  engagement: engagementSchema.nullable(),
  decision: z
    .object({
      sens: z.enum(['engage', 'refuse']),
      date: z.string(),
      automatique: z.boolean(),
      implicite: z.boolean(),
      raisons: z.array(raisonSchema),
      motif: z.string().nullable(),
    })
    .nullable(),
  rupture: z.object({ dateEffet: z.string(), motif: z.string() }).nullable(),
  avenants: z.number().int(),
});
export type VueDossier = z.infer<typeof vueDossierSchema>;

/** The full dossier: the summary plus the CERFA as deposited (or amended). */
export const dossierCompletSchema = vueDossierSchema.extend({
  cerfa: depotDossierSchema,
  /** Where its engagement stands in the ledger (GET of one dossier only). */
  grandLivre: z
    .object({
      reserve: z
        .object({ version: z.number().int(), montantCentimes: z.number().int() })
        .nullable(),
      nonReserve: z
        .object({
          version: z.number().int(),
          montantCentimes: z.number().int(),
          motif: z.string(),
        })
        .nullable(),
    })
    .optional(),
});

/** Answer to a command: applied (the dossier after) or refused (reasons, as values). */
export const reponseCommandeSchema = z.object({
  accepte: z.boolean(),
  raisons: z.array(raisonSchema),
  dossier: dossierCompletSchema,
});

export const decisionSchema = z.object({
  sens: z.enum(['engager', 'refuser']),
  motif: z.string().trim().min(1).max(2000),
});
export const avenantSchema = z.object({ dateEffet: dateIso, cerfa: depotDossierSchema });
export const ruptureSchema = z.object({
  dateEffet: dateIso,
  motif: codeListe('motifRupture'),
  dateNouveauContrat: dateIso.optional(),
});
export const annulationSchema = z.object({ motif: z.string().trim().min(1).max(2000) });

export const listeDossiersQuery = z.object({
  etat: z.enum(etatsDossier).optional(),
  limite: z.coerce.number().int().min(1).max(500).default(100),
  apres: z.string().max(100).optional(),
});

export const evenementDossierSchema = z.object({
  rang: z.number().int(),
  type: z.string(),
  date: z.string(),
  resume: z.string(),
});

/** « API CFA » (inter-OPCO exchange norm, operations.md §3): dossier states for CFA software. */
export const etatDossierApiCfaSchema = z.object({
  numeroInterne: z.string(),
  numeroExterne: z.string().nullable(),
  numeroDeca: z.string().nullable(),
  etat: z.string(),
  commentaireEtat: z.string().nullable(),
});
export const etatsDossiersApiCfaSchema = z.object({
  total: z.number().int(),
  count: z.number().int(),
  page: z.number().int(),
  etats: z.array(etatDossierApiCfaSchema),
});
export const dossierApiCfaSchema = z.object({
  numeroInterne: z.string(),
  etat: z.string(),
  engagement: z.number().nullable(),
  cerfa: z.object({
    apprenti: z.object({ nom: z.string(), prenom: z.string(), dateNaissance: z.string() }),
    employeur: z.object({ denomination: z.string(), siret: z.string() }),
    formation: z.object({
      intituleQualification: z.string(),
      rncp: z.string().nullable(),
      dateDebutFormation: z.string(),
      dureeFormation: z.number(),
    }),
    contrat: z.object({
      dateConclusion: z.string(),
      dateDebutContrat: z.string(),
      dateFinContrat: z.string().nullable(),
      dateRupture: z.string().nullable(),
    }),
  }),
  echeances: z.array(
    z.object({
      numero: z.number().int(),
      montantTotal: z.number(),
      dateDebut: z.string(),
      nature: z.string(),
    }),
  ),
});
