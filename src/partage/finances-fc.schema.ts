import { z } from 'zod';
import { dateIso } from './cerfa-fa13.schema.ts';
import { origineSchema, sectionSchema } from './finances.schema.ts';

/**
 * Schemas of the money exchanged with France compétences (issue 13, suite): cash calls
 * (R6123-28), péréquation eligibility (R6123-31, R6123-33), the annual ESF (R6332-31).
 */
const date = dateIso;
const centimes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const entier = z.number().int();
const referencesSchema = z
  .array(z.object({ article: z.string(), titre: z.string(), url: z.string() }))
  .readonly();

export const perimetreAppelSchema = z.object({
  section: sectionSchema.default('alternance'),
  origine: origineSchema.default('mutualises'),
});

export const requeteEtatAppelSchema = perimetreAppelSchema.extend({
  date,
  annee: z.coerce.number().int().min(2019).max(2100).optional(),
});

export const etatAppelFondsSchema = z.object({
  opco: z.string(),
  section: sectionSchema,
  origine: origineSchema,
  date: z.string(),
  annee: entier,
  horizonMois: entier,
  finPeriode: z.string(),
  echuCentimes: entier,
  besoins: z.array(z.object({ mois: z.string(), montantCentimes: entier })),
  besoinsPeriodeCentimes: entier,
  tresorerieCentimes: entier,
  besoinNetCentimes: entier,
  dotationCentimes: entier,
  verseCentimes: entier,
  resteAVerserCentimes: entier,
  appelsEnAttenteCentimes: entier,
  plafondCentimes: entier,
  explication: z.array(z.string()),
  references: referencesSchema,
});

export const demandeAppelSchema = perimetreAppelSchema.extend({
  date,
  annee: z.number().int().min(2019).max(2100).optional(),
  montantCentimes: centimes.refine((n) => n > 0, 'montant positif attendu'),
});

/** Accepted (recorded), refused with the figures, or no cap in force at that date. */
export const resultatAppelSchema = z.object({
  statut: z.enum(['accepte', 'refuse', 'sans_plafond']),
  appelId: entier.nullable(),
  montantCentimes: entier.nullable(),
  demandeCentimes: entier.nullable(),
  plafondCentimes: entier.nullable(),
  depassementCentimes: entier.nullable(),
  motif: z.string().nullable(),
  etat: etatAppelFondsSchema.nullable(),
});

export const versementSchema = perimetreAppelSchema.extend({
  annee: z.number().int().min(2019).max(2100),
  montantCentimes: centimes.refine((n) => n > 0, 'montant positif attendu'),
  date,
  reference: z.string().trim().min(1).max(100),
  appelId: z.number().int().positive().nullable().default(null),
});

export const resultatVersementSchema = z.object({
  statut: z.enum(['enregistre', 'deja_enregistre', 'refuse']),
  versementId: entier.nullable(),
  ecritureId: entier.nullable(),
  motif: z.string().nullable(),
  resteAVerserCentimes: entier.nullable(),
});

export const appelsFondsSchema = z.object({
  appels: z.array(
    z.object({
      id: entier,
      section: sectionSchema,
      origine: origineSchema,
      annee: entier,
      date: z.string(),
      montantCentimes: entier,
      plafondCentimes: entier,
      recuCentimes: entier,
    }),
  ),
  versements: z.array(
    z.object({
      id: entier,
      section: sectionSchema,
      origine: origineSchema,
      annee: entier,
      date: z.string(),
      montantCentimes: entier,
      reference: z.string(),
      appelId: entier.nullable(),
      ecritureId: entier,
    }),
  ),
});

export const requetePerequationSchema = z.object({
  date,
  previsionNouveauxCentimes: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});
export const requetePerequationNationaleSchema = requetePerequationSchema.extend({
  opco: z.string().min(1).max(20),
});

const critere = z.object({
  rempli: z.boolean(),
  explication: z.string(),
  references: referencesSchema,
});
export const perequationSchema = z.object({
  opco: z.string(),
  date: z.string(),
  annee: entier,
  eligible: z.boolean(),
  insuffisance: critere.extend({
    besoinCentimes: entier,
    ressourcesCentimes: entier,
    manqueCentimes: entier,
  }),
  affectation: critere.extend({
    contratsCentimes: entier,
    totalCentimes: entier,
    part: z.number().nullable(),
    seuil: z.number(),
  }),
  taux: z.array(
    z.object({
      dispositif: z.enum(['apprentissage', 'professionnalisation']),
      annees: z.array(entier),
      engageCentimes: entier,
      annuleCentimes: entier,
      taux: z.number(),
    }),
  ),
  stocks: z.array(
    z.object({
      dispositif: z.enum(['apprentissage', 'professionnalisation', 'autre']),
      resteAPayerCentimes: entier,
      exclusCentimes: entier,
      ajusteCentimes: entier,
      exclusAvant: z.string().nullable(),
    }),
  ),
  explication: z.array(z.string()),
});

export const requeteEsfSchema = z.object({
  annee: z.coerce.number().int().min(2019).max(2100),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  contenu: z.enum(['financier', 'contrats', 'beneficiaires']).default('financier'),
});
export const requeteEsfNationaleSchema = requeteEsfSchema.extend({
  opco: z.string().min(1).max(20),
});

export const esfSchema = z.object({
  opco: z.string(),
  annee: entier,
  avertissement: z.string(),
  financier: z.array(
    z.object({
      section: z.string(),
      origine: z.string(),
      sens: z.enum(['produits', 'charges']),
      nature: z.string(),
      destination: z.string(),
      montantCentimes: entier,
    }),
  ),
  contrats: z.array(z.object({ dispositif: z.string(), tranche: z.string(), nombre: entier })),
  beneficiaires: z.array(
    z.object({ dispositif: z.string(), tranche: z.string(), sexe: z.string(), nombre: entier }),
  ),
});
