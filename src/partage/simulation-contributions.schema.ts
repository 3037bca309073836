import { z } from 'zod';
import { estDateIso } from '../moteur/index.ts';
import { citationSchema, noeudSchema } from './explication.schema.ts';

/** Oldest date of the contribution rates in droit/ (collection by the Urssaf and the TA solde, from 2022). */
export const DATE_CONTRIBUTIONS_MIN = '2022-01-01';

/** Input of POST /api/v1/simulations/contributions and of `opco simuler contributions`. */
export const situationContributionsSchema = z
  .object({
    date: z
      .string()
      .refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' })
      .refine((d) => d >= DATE_CONTRIBUTIONS_MIN, {
        message: `dates à partir du ${DATE_CONTRIBUTIONS_MIN} seulement`,
      })
      .describe('Mois de paie (une date du mois)'),
    assiette: z
      .number()
      .finite()
      .min(0)
      .describe('Rémunérations brutes du mois soumises aux contributions, en euros'),
    effectif: z.number().int().min(0).describe("Effectif de l'entreprise"),
    alsaceMoselle: z.boolean().default(false).describe('Établissement en Alsace-Moselle'),
    partAlternants: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("Part d'alternants dans l'effectif, de 0 à 1 (CSA, 250 salariés et plus)"),
    cdd: z.boolean().default(false).describe('Rémunérations de titulaires de CDD (CPF-CDD)'),
    travailTemporaire: z
      .boolean()
      .default(false)
      .describe('Entreprise de travail temporaire (CFP à 1,30 % dès 11 salariés, L6331-5)'),
    alternantsAnneePrecedente: z
      .number()
      .finite()
      .min(0)
      .optional()
      .describe(
        "Nombre annuel moyen d'alternants l'année précédente : exonération de CSA si au moins 3 % d'alternants et +10 % sur un an (L6242-1 II)",
      ),
    remunerationsApprentis: z
      .number()
      .finite()
      .min(0)
      .default(0)
      .describe(
        "Rémunérations des apprentis comprises dans l'assiette, en euros (exonérations de L6331-1 et de la taxe d'apprentissage)",
      ),
    dateEvaluation: z
      .string()
      .refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' })
      .optional()
      .describe('Date à laquelle citer les textes (par défaut la date du mois de paie)'),
  })
  .meta({ id: 'SituationContributions' });

export type EntreeContributions = z.input<typeof situationContributionsSchema>;

const centimes = z.number().int();

export const resultatContributionsSchema = z
  .object({
    dateEvaluation: z.string(),
    unite: z.literal('centimes'),
    cfp: centimes.describe('Contribution à la formation professionnelle'),
    taBase: centimes.describe(
      "Taxe d'apprentissage, part principale (ou toute la taxe en Alsace-Moselle)",
    ),
    taSolde: centimes.nullable().describe("Solde de la taxe d'apprentissage (hors Alsace-Moselle)"),
    csa: centimes
      .nullable()
      .describe("Contribution supplémentaire à l'apprentissage (250 salariés et plus)"),
    taTotal: centimes.describe("Taxe d'apprentissage et CSA, total arrondi une fois"),
    cpfCdd: centimes.nullable().describe('Contribution CPF des titulaires de CDD'),
    total: centimes.describe('CFP + taxe d’apprentissage et CSA + CPF-CDD'),
    explication: noeudSchema,
    citations: z.array(citationSchema),
  })
  .meta({ id: 'ResultatContributions' });

export type ResultatContributionsJson = z.infer<typeof resultatContributionsSchema>;
