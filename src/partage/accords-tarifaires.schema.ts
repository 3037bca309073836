import { z } from 'zod';
import { estDateIso } from '../moteur/index.ts';

/** Accords tarifaires of an OPCO with training bodies (PUT/GET …/accords-tarifaires). */
const dateIso = z.string().refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' });

export const editionAccordSchema = z
  .object({
    opco: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/, {
        message: "code de l'OPCO des barèmes attendu (ex. atlas, opco_ep)",
      })
      .describe("Code de l'OPCO, le même que le champ « opco » de ses barèmes"),
    organismeSiret: z
      .string()
      .regex(/^\d{14}$/, { message: 'SIRET à 14 chiffres attendu' })
      .describe("SIRET de l'organisme de formation"),
    certification: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Certification (RNCP…, RS…) ou action'),
    intitule: z.string().trim().min(1).max(300).describe("Intitulé de l'action"),
    unite: z.enum(['stagiaire', 'heure']).describe('Prix par stagiaire ou par heure et stagiaire'),
    prix: z.number().finite().min(0).max(1_000_000).describe('Prix négocié (€ HT)'),
    dateDebut: dateIso.describe("Début de validité de l'accord"),
    dateFin: dateIso.describe("Fin de validité de l'accord (incluse)"),
    quantiteMax: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .nullable()
      .default(null)
      .describe(
        "Places (prix par stagiaire) ou heures (prix horaire) d'une demande ; null : sans limite",
      ),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .describe("Référence de l'accord (marché, décision de l'OPCO), citée par les simulations"),
  })
  .refine((a) => a.dateFin >= a.dateDebut, {
    message: 'la fin de validité précède le début',
    path: ['dateFin'],
  })
  .meta({ id: 'EditionAccordTarifaire' });

export const accordTarifaireSchema = z
  .object({
    accord: z.string(),
    version: z.number(),
    organisationId: z.string(),
    opco: z.string(),
    organismeSiret: z.string(),
    certification: z.string(),
    intitule: z.string(),
    unite: z.enum(['stagiaire', 'heure']),
    prix: z.number(),
    dateDebut: z.string(),
    dateFin: z.string(),
    quantiteMax: z.number().nullable(),
    reference: z.string(),
    creeLe: z.string(),
  })
  .meta({ id: 'AccordTarifaire' });
export type AccordTarifaireJson = z.infer<typeof accordTarifaireSchema>;
