import { z } from 'zod';
import {
  adresseSchema,
  dateIso,
  employeurFa13Schema,
  organismeSchema,
  piecesSchema,
  siretSchema,
} from './cerfa-fa13.schema.ts';
import { codeListe } from './listes-cerfa.ts';

/**
 * The professionalisation contract as the CERFA EJ20 (n° 12434) carries it: employer, employee,
 * tutor, contract and training. Shared by API, CLI and web like the FA13 schema. Amounts in
 * euros as on the form.
 */

const nom = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}' -]+$/u, { message: 'lettres, espaces, apostrophes et tirets seulement' });
const euros = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, {
    message: 'montant en euros avec au plus deux décimales attendu',
  });

export const salarieSchema = z.object({
  nom,
  prenom: nom,
  sexe: z.enum(['F', 'M']),
  dateNaissance: dateIso,
  nir: z
    .string()
    .trim()
    .regex(/^[12][0-9]{2}[0-1][0-9][0-9AB][0-9]{8}$/, { message: 'NIR de 13 caractères attendu' })
    .optional(),
  adresse: adresseSchema,
  courriel: z.string().trim().email({ message: 'adresse électronique invalide' }),
  handicap: z.boolean().default(false),
  public: codeListe('publicProfessionnalisation'),
  /** L6325-1-1: priority public (longer action, higher flat rate). */
  publicPrioritaire: z.boolean().default(false),
  inscritFranceTravailDepuis: dateIso.optional(),
  situationAvantContrat: codeListe('situationAvantContrat'),
  dernierDiplome: codeListe('diplome'),
  /** D6325-15: holder of a bac professionnel or a title of the same level. */
  qualifieBacPro: z.boolean().default(false),
});

export const tuteurSchema = z.object({
  nom,
  prenom: nom,
  dateNaissance: dateIso,
  emploiOccupe: z.string().trim().min(1).max(200),
  anneesExperience: z.number().min(0).max(60),
  employeurTuteur: z.boolean().default(false),
});

export const contratEj20Schema = z.object({
  nature: codeListe('natureContratProfessionnalisation'),
  typeContrat: codeListe('typeContratProfessionnalisation'),
  dateConclusion: dateIso,
  dateDebut: dateIso,
  dateFin: dateIso.optional(),
  dateFinAction: dateIso,
  dureeHebdoHeures: z.number().int().min(0).max(48),
  emploiOccupe: z.string().trim().min(1).max(200),
  classification: z.string().trim().max(100).optional(),
  /** Gross monthly pay at hiring, in euros. */
  salaireMensuel: euros,
  salaireMinimumConventionnel: euros.optional(),
});

export const formationEj20Schema = z.object({
  organisme: organismeSchema.extend({
    nda: z
      .string()
      .trim()
      .regex(/^[0-9A-Z]{11}$/, { message: 'numéro de déclaration d’activité de 11 caractères' })
      .optional(),
  }),
  typeQualification: codeListe('typeQualification'),
  rncp: z
    .string()
    .trim()
    .regex(/^RNCP[0-9]{3,5}$/, { message: 'code RNCP attendu (RNCP suivi de 3 à 5 chiffres)' })
    .optional(),
  intitule: z.string().trim().min(1).max(300),
  dateDebut: dateIso,
  dateFin: dateIso,
  dureeHeures: z.number().int().min(1).max(10_000),
});

export const cerfaEj20Schema = z.object({
  formulaire: z.literal('EJ20'),
  opco: z
    .string()
    .trim()
    .regex(/^[0-9]{2}$/, { message: 'code OPCO de 2 chiffres attendu' }),
  employeur: employeurFa13Schema.omit({ privePublic: true, employeurSpecifique: true }).extend({
    siret: siretSchema,
  }),
  salarie: salarieSchema,
  tuteur: tuteurSchema,
  contrat: contratEj20Schema,
  formation: formationEj20Schema,
  pieces: piecesSchema.default({
    conventionFormation: false,
    conventionTripartite: false,
    annexePedagogique: false,
  }),
});

export type CerfaEj20 = z.infer<typeof cerfaEj20Schema>;
export type CerfaEj20Saisi = z.input<typeof cerfaEj20Schema>;
