import { z } from 'zod';
import { verifierSiret } from '../domaine/entreprise/index.ts';
import { categoriesQualiopi, normaliserCodeRncp } from '../domaine/referentiels-formation/index.ts';

/**
 * Request/response bodies of the read API over the reference data of training
 * (GET /api/v1/organismes/{siret}, GET /api/v1/certifications/{rncp}).
 */

const dateSchema = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'date attendue au format AAAA-MM-JJ')
  .refine((d) => {
    const [a, m, j] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(a, m - 1, j));
    return t.getUTCFullYear() === a && t.getUTCMonth() === m - 1 && t.getUTCDate() === j;
  }, 'date de calendrier inexistante');

export const parametresOrganismeSchema = z.object({
  siret: z
    .string()
    .transform((s, ctx) => {
      const v = verifierSiret(s);
      if (!v.ok) {
        ctx.addIssue({ code: 'custom', message: v.probleme });
        return z.NEVER;
      }
      return v.valeur;
    })
    .describe('SIRET de l’organisme (14 chiffres, clé de Luhn)'),
});

export const parametresCertificationSchema = z.object({
  rncp: z
    .string()
    .transform((s, ctx) => {
      const c = normaliserCodeRncp(s);
      if (!c) {
        ctx.addIssue({
          code: 'custom',
          message: 'code RNCP attendu : « RNCP » suivi de 1 à 6 chiffres (ex. RNCP36989)',
        });
        return z.NEVER;
      }
      return c;
    })
    .describe('Code RNCP, avec ou sans le préfixe (« RNCP36989 » ou « 36989 »)'),
});

export const requeteDateSchema = z.object({
  date: dateSchema
    .optional()
    .describe(
      'Date à laquelle évaluer certification et enregistrement (AAAA-MM-JJ) ; par défaut aujourd’hui',
    ),
});

const categorieSchema = z.enum(categoriesQualiopi);

const provenanceSchema = z
  .object({
    source: z.string().describe('Source d’import (opco import <source>)'),
    millesime: z
      .string()
      .describe('Date d’extraction du fichier importé (AAAA-MM-JJ), vide si inconnue'),
    importId: z.number().int().nullable(),
    fichier: z.string().nullable().describe('Nom du fichier importé'),
    demo: z
      .boolean()
      .describe(
        'Vrai pour l’échantillon de démonstration du dépôt (lignes fictives), chargé tant qu’aucun fichier officiel n’est importé',
      ),
  })
  .meta({ id: 'ProvenanceReferentiel' });

export const organismeReponseSchema = z
  .object({
    siret: z.string(),
    nda: z.string().nullable().describe('Numéro de déclaration d’activité (11 caractères)'),
    uai: z.string().nullable().describe('UAI principal (le premier connu), s’il y en a'),
    uais: z.array(z.string()).describe('Tous les UAI connus pour ce SIRET'),
    raisonSociale: z.string(),
    dateDeclaration: z
      .string()
      .nullable()
      .describe(
        'Date de la déclaration d’activité, quand une source la donne (la liste publique ne la donne pas)',
      ),
    certificats: z
      .array(
        z.object({
          categories: z.array(categorieSchema),
          du: z
            .string()
            .describe('Premier jour connu de validité (première extraction qui la montre)'),
          au: z
            .string()
            .nullable()
            .describe('Dernier jour connu (null : toujours certifié à la dernière extraction)'),
        }),
      )
      .describe(
        'Périodes de certification Qualiopi observées dans les extractions successives de la liste publique',
      ),
    aLaDate: z.object({
      date: z.string(),
      categoriesCertifiees: z.array(categorieSchema),
      qualiopiApprentissage: z
        .boolean()
        .describe('Certifié Qualiopi pour les actions de formation par apprentissage à cette date'),
      etatQualiopiApprentissage: z
        .enum(['certifie', 'non_certifie', 'inconnu'])
        .describe(
          'certifie ; non_certifie (la liste publique était suivie à cette date) ; inconnu (date antérieure à la première extraction importée)',
        ),
      qualiopiObserveDepuis: z
        .string()
        .nullable()
        .describe('Première extraction de la liste publique importée'),
    }),
    provenance: provenanceSchema,
  })
  .meta({ id: 'OrganismeFormation' });

export const certificationReponseSchema = z
  .object({
    codeRncp: z.string(),
    intitule: z.string(),
    niveau: z.number().int().nullable().describe('Niveau du cadre national (1 à 8)'),
    actifDu: z.string().nullable().describe('Premier jour d’enregistrement au RNCP'),
    actifAu: z
      .string()
      .nullable()
      .describe('Dernier jour d’enregistrement (null : sans fin connue)'),
    ouverteApprentissage: z
      .boolean()
      .describe('Voie d’accès « En contrat d’apprentissage » dans le RNCP'),
    aLaDate: z.object({
      date: z.string(),
      active: z.boolean().describe('Enregistrée au RNCP à cette date'),
      ouverteApprentissage: z
        .boolean()
        .describe('Enregistrée à cette date et ouverte à l’apprentissage'),
    }),
    provenance: provenanceSchema,
  })
  .meta({ id: 'CertificationRncp' });

export type OrganismeReponse = z.infer<typeof organismeReponseSchema>;
export type CertificationReponse = z.infer<typeof certificationReponseSchema>;
