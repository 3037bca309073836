import { z } from 'zod';

/** RFC 9457 problem details, as every error of the API is sent (application/problem+json). */
export const problemeSchema = z
  .object({
    type: z.string().describe("URI de l'erreur, stable : urn:plateforme-opco:erreur:<code>"),
    title: z.string().describe("Titre court de l'erreur, en français"),
    status: z.number().int().describe('Statut HTTP'),
    code: z.string().describe('Code stable du registre des erreurs (docs/errors.md)'),
    detail: z.string().describe('Explication en français'),
    instance: z.string().optional().describe('Chemin de la requête'),
    erreurs: z
      .array(
        z.object({
          champ: z.string().describe('Chemin du champ en cause, ex. « body.dateDebut »'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('Détail par champ, pour les erreurs de validation'),
  })
  .meta({ id: 'Probleme' });
export type Probleme = z.infer<typeof problemeSchema>;

/** Standard error responses to declare on routes. */
export const reponsesErreur = {
  400: problemeSchema,
  404: problemeSchema,
  500: problemeSchema,
  503: problemeSchema,
} as const;
