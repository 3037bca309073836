import { z } from 'zod';
import { estDateIso } from '../moteur/index.ts';
import { codeListe } from './listes-cerfa.ts';

/**
 * The apprenticeship contract as the CERFA FA13 (n° 10103*14) carries it: one schema shared by
 * the API (POST /api/v1/dossiers), the CLI (`opco dossiers deposer`) and the web form. Field
 * names follow the form's sections; every label (dossier-libelles.ts) names the CERFA field.
 * Amounts are in euros as on the form (converted to cents by the domain). Only the shape is
 * checked here: what the law requires is the instruction's job (src/domaine/dossiers).
 */

export const dateIso = z
  .string()
  .refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' })
  .describe('Date calendaire AAAA-MM-JJ');

const texte = (max = 200) => z.string().trim().min(1).max(max);
const euros = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, {
    message: 'montant en euros avec au plus deux décimales attendu',
  });
export const siretSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{14}$/, { message: '14 chiffres attendus' });
const codePostal = z
  .string()
  .trim()
  .regex(/^[0-9]{5}$/, { message: '5 chiffres attendus' });
const courriel = z.string().trim().max(254).email({ message: 'adresse électronique invalide' });
const telephone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .-]{10,20}$/, { message: 'numéro de téléphone invalide' });
const nomPersonne = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}' -]+$/u, { message: 'lettres, espaces, apostrophes et tirets seulement' });

export const adresseSchema = z.object({
  numero: z.string().trim().max(10).optional(),
  voie: texte(200),
  complement: z.string().trim().max(200).optional(),
  codePostal,
  commune: texte(100),
});

export const employeurFa13Schema = z.object({
  privePublic: z.enum(['prive', 'public']).default('prive'),
  siret: siretSchema,
  denomination: texte(200),
  adresse: adresseSchema,
  telephone,
  courriel,
  typeEmployeur: codeListe('typeEmployeur'),
  employeurSpecifique: codeListe('employeurSpecifique').default('0'),
  naf: z
    .string()
    .trim()
    .regex(/^[0-9]{2}\.?[0-9]{2}[A-Za-z]$/, { message: 'code NAF attendu (ex. 62.01Z)' }),
  nombreDeSalaries: z.number().int().min(0).max(10_000_000),
  codeIdcc: z
    .string()
    .trim()
    .regex(/^[0-9]{1,4}$/, { message: '1 à 4 chiffres attendus (9999 : sans convention)' }),
  libelleIdcc: z.string().trim().max(300).optional(),
});

export const responsableLegalSchema = z.object({
  nom: nomPersonne,
  prenom: nomPersonne,
  courriel: courriel.optional(),
  adresse: adresseSchema.optional(),
});

export const apprentiSchema = z.object({
  nom: nomPersonne,
  nomUsage: nomPersonne.optional(),
  prenom: nomPersonne,
  sexe: z.enum(['F', 'M']),
  dateNaissance: dateIso,
  communeNaissance: z.string().trim().max(100).optional(),
  departementNaissance: z
    .string()
    .trim()
    .regex(/^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6]|99)$/, {
      message: 'numéro de département attendu (99 : né à l’étranger)',
    })
    .optional(),
  nir: z
    .string()
    .trim()
    .regex(/^[12][0-9]{2}[0-1][0-9][0-9AB][0-9]{8}$/, { message: 'NIR de 13 caractères attendu' })
    .optional(),
  nationalite: codeListe('nationalite'),
  regimeSocial: codeListe('regimeSocial'),
  adresse: adresseSchema,
  telephone: telephone.optional(),
  courriel,
  handicap: z.boolean().default(false),
  equivalenceJeunes: z.boolean().default(false),
  extensionBoe: z.boolean().default(false),
  sportifHautNiveau: z.boolean().default(false),
  projetCreationRepriseEntreprise: z.boolean().default(false),
  situationAvantContrat: codeListe('situationAvantContrat'),
  dernierDiplome: codeListe('diplome'),
  derniereClasse: codeListe('derniereClasse'),
  premierCycleSecondaireAcheve: z.boolean().default(false),
  responsableLegal: responsableLegalSchema.optional(),
});

export const maitreSchema = z.object({
  nom: nomPersonne,
  prenom: nomPersonne,
  dateNaissance: dateIso,
  courriel: courriel.optional(),
  emploiOccupe: texte(200),
  diplome: z.string().trim().max(200).optional(),
  niveauDiplome: codeListe('niveauDiplomeMaitre'),
  /** R6223-22 1°: diploma in the field of the one prepared, at least the same level. */
  diplomeDuDomaineEtNiveau: z.boolean().default(false),
  /** Years of professional activity related to the qualification (internships excluded). */
  anneesExperience: z.number().min(0).max(60),
});

export const remunerationSchema = z.object({
  du: dateIso,
  au: dateIso,
  tauxPourcent: z.number().min(0).max(200),
  base: z.enum(['SMIC', 'SMC']).default('SMIC'),
  /** Gross monthly pay of the period, in euros. */
  montantMensuel: euros,
});

export const contratPrecedentSchema = z.object({
  numero: z.string().trim().max(20).optional(),
  dateFin: dateIso,
  /** Level (3–8) of the diploma the previous contract led to. */
  niveauDiplome: z.number().int().min(3).max(8).optional(),
  motifRupture: codeListe('motifRupture').optional(),
});

export const contratFa13Schema = z.object({
  modeContractuel: codeListe('modeContractuel'),
  typeContrat: codeListe('typeContratApprentissage'),
  typeDerogation: codeListe('typeDerogation').optional(),
  /** L6222-2: case in which the 29-year limit does not apply, when the apprentice is older. */
  causeDerogationAge: codeListe('causeDerogationAge').optional(),
  numeroContratPrecedent: z.string().trim().max(20).optional(),
  contratPrecedent: contratPrecedentSchema.optional(),
  dateConclusion: dateIso,
  dateDebut: dateIso,
  dateDebutFormationPratique: dateIso,
  dateFin: dateIso,
  dateEffetAvenant: dateIso.optional(),
  dureeHebdoHeures: z.number().int().min(0).max(40),
  dureeHebdoMinutes: z.number().int().min(0).max(59).default(0),
  travailRisque: z.boolean(),
  salaireMinimumConventionnel: euros.optional(),
  avantageNourriture: euros.optional(),
  avantageLogement: euros.optional(),
  remunerations: z.array(remunerationSchema).min(1).max(8),
  lieuSignature: z.string().trim().max(100).optional(),
});

export const organismeSchema = z.object({
  siret: siretSchema,
  uai: z
    .string()
    .trim()
    .regex(/^[0-9]{7}[A-Za-z]$/, { message: '7 chiffres suivis d’une lettre attendus' })
    .optional(),
  denomination: texte(200),
  adresse: adresseSchema.optional(),
});

export const formationFa13Schema = z.object({
  cfaEntreprise: z.boolean().default(false),
  organisme: organismeSchema,
  lieuFormation: organismeSchema.optional(),
  rncp: z
    .string()
    .trim()
    .regex(/^RNCP[0-9]{3,5}$/, { message: 'code RNCP attendu (RNCP suivi de 3 à 5 chiffres)' }),
  codeDiplome: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{8,9}$/, { message: 'code diplôme de 8 ou 9 caractères attendu' })
    .optional(),
  intitule: texte(300),
  diplomePrepare: codeListe('diplome'),
  niveau: z.number().int().min(3).max(8),
  dateDebut: dateIso,
  dateFinExamens: dateIso,
  dureeHeures: z.number().int().min(1).max(10_000),
  /** CERFA *14: hours of training delivered at distance (D6332-82-1). */
  heuresDistance: z.number().int().min(0).max(10_000).default(0),
});

/** Costs the CFA declares for the engagement (frais annexes, RQTH majoration), in euros. */
export const coutsSchema = z.object({
  npecAnnuel: euros.optional(),
  nuitees: z.number().int().min(0).max(2000).optional(),
  repas: z.number().int().min(0).max(5000).optional(),
  premierEquipement: euros.optional(),
  mobiliteInternationale: euros.optional(),
  majorationRqth: euros.optional(),
});

/** Documents D6224-1 requires with the contract. */
export const piecesSchema = z.object({
  conventionFormation: z.boolean().default(false),
  conventionTripartite: z.boolean().default(false),
  annexePedagogique: z.boolean().default(false),
});

export const cerfaFa13Schema = z.object({
  formulaire: z.literal('FA13'),
  /** France compétences' code of the OPCO the dossier is sent to. */
  opco: z
    .string()
    .trim()
    .regex(/^[0-9]{2}$/, { message: 'code OPCO de 2 chiffres attendu' }),
  employeur: employeurFa13Schema,
  apprenti: apprentiSchema,
  maitres: z.array(maitreSchema).min(1).max(2),
  /** R6222-3 5°: the employer attests the maître(s) meet L6223-8-1. */
  attestationEligibiliteMaitre: z.literal(true, {
    error: 'l’employeur doit attester que le maître d’apprentissage remplit les conditions',
  }),
  contrat: contratFa13Schema,
  formation: formationFa13Schema,
  /** CERFA *14: mention of the mandatory employer participation (levels 6 and above). */
  mentionParticipationEmployeur: z.boolean().default(false),
  couts: coutsSchema.default({}),
  pieces: piecesSchema.default({
    conventionFormation: false,
    conventionTripartite: false,
    annexePedagogique: false,
  }),
});

export type CerfaFa13 = z.infer<typeof cerfaFa13Schema>;
export type CerfaFa13Saisi = z.input<typeof cerfaFa13Schema>;
