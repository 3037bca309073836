import { z } from 'zod';
import {
  resultatDispositifSchema,
  situationAbondementCpfSchema,
} from './simulation-dispositifs.schema.ts';

/**
 * Per-OPCO CPF co-funding (abondement) barèmes entered by an OPCO administrator (no OPCO
 * publishes figures): routes of src/api/routes/demandes-abondement.routes.ts.
 */
export const identifiantBaremeAbondement = z.string().regex(/^[a-z0-9_]{1,60}$/, {
  message: 'identifiant en minuscules ASCII, chiffres et _ (60 au plus)',
});

export const editionBaremeAbondementSchema = z
  .object({
    champs: z
      .record(z.string(), z.unknown())
      .describe(
        'opco, libelle, taux (ratio, de 0 à 1), plafond (EUR) : chacun un fichier de paramètre de droit/ en JSON (valeurs datées, références de la décision du conseil d’administration)',
      ),
  })
  .meta({ id: 'EditionBaremeAbondement' });

const referenceSchema = z.object({
  article: z.string(),
  titre: z.string().optional(),
  url: z.string().optional(),
  depuis: z.string(),
});

export const baremeAbondementSchema = z
  .object({
    id: z.string(),
    opco: z.string(),
    libelle: z.string(),
    taux: z.number(),
    plafond: z.number().nullable(),
    depuis: z.string(),
    references: z.array(referenceSchema),
  })
  .meta({ id: 'BaremeAbondement' });

export const listeBaremesAbondementSchema = z.object({
  date: z.string(),
  baremes: z.array(baremeAbondementSchema),
  publies: z
    .array(z.string())
    .describe('Barèmes publiés dans droit/ : aucun, aucun OPCO ne publie ses chiffres'),
});

export const simulationAbondementBaremeSchema = situationAbondementCpfSchema
  .omit({ tauxOpco: true, plafondOpco: true })
  .meta({ id: 'SimulationAbondementBareme' });

export const resultatAbondementBaremeSchema = z.object({
  bareme: baremeAbondementSchema,
  simulation: resultatDispositifSchema,
});
