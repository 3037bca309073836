import { z } from 'zod';

/**
 * Bodies of France compétences' SIRO API (« Quel est mon OPCO ? »), as its existing clients read
 * them (contract: ../shared/domain/siro-api.md). Key order is the wire order. Every value is a
 * string: `code` is a zero-padded status, `idcc` is `""` when unknown, never null.
 */

export const opcoSiroSchema = z.object({
  code: z.string().describe('Code OPCO France compétences à deux chiffres, ou « N/C »'),
  nom: z
    .string()
    .describe(
      'Nom écrit comme France compétences l’écrit (« OPCO2I », « L’OPCOMMERCE »…), ou « N/C »',
    ),
});

export const reponseSiroTrouveSchema = z.object({
  code: z
    .enum(['01', '02', '03'])
    .describe(
      '01 : SIRET trouvé dans la table SIRET-OPCO (OPCO propriétaire). 02 et 03 existent chez France compétences (OPCO revendicateur) ; cette plateforme, qui sert la table publiée, ne répond que 01 ou 99.',
    ),
  siret: z.string(),
  idcc: z.string().describe('IDCC à 4 chiffres déclaré en DSN, ou chaîne vide'),
  opcoRattachement: opcoSiroSchema.describe('OPCO de rattachement ; « N/C » si aucun'),
  opcoGestion: opcoSiroSchema
    .optional()
    .describe('OPCO de gestion (outre-mer) ; « N/C » quand il n’y en a pas d’autre'),
});

export const reponseSiroInconnuSchema = z.object({
  code: z.literal('99').describe('SIRET inconnu, ou mal formé'),
  siret: z.string().describe('Le SIRET tel que demandé'),
});

/** Union in this order: a 99 answer has only code and siret. */
export const reponseSiroSchema = z
  .union([reponseSiroInconnuSchema, reponseSiroTrouveSchema])
  .meta({ id: 'ReponseSiro' });
export type ReponseSiro = z.infer<typeof reponseSiroSchema>;
export type OpcoSiro = z.infer<typeof opcoSiroSchema>;

/** Body of the legacy 401 and 429 answers (the gateway's, not problem+json). */
export const messageSiroSchema = z.object({ message: z.string() }).meta({ id: 'MessageSiro' });

export const connexionSiroSchema = z.object({
  login: z.string().min(1, 'login attendu').max(200),
  password: z.string().min(1, 'password attendu').max(1000),
});
