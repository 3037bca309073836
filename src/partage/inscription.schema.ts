import { z } from 'zod';
import { verifierSiret } from '../domaine/entreprise/index.ts';
import { moiSchema } from './comptes.schema.ts';

/** Entreprise attestée à la première utilisation (docs/comptes.md). */
export const inscriptionEntrepriseSchema = z.object({
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
    .describe('SIRET d’un établissement de l’entreprise (14 chiffres, clé de Luhn)'),
  denomination: z.string().trim().max(200).optional().describe('Nom usuel de l’entreprise'),
  courriel: z.string().trim().min(3).max(254).describe('Adresse électronique'),
  motDePasse: z.string().min(1).max(1024),
  attestation: z
    .literal(true, { error: 'la déclaration sur l’honneur doit être cochée' })
    .describe('Déclaration sur l’honneur d’être habilité(e) à représenter l’entreprise'),
});
export type InscriptionEntreprise = z.input<typeof inscriptionEntrepriseSchema>;

export const inscriptionReponseSchema = z.object({
  moi: moiSchema,
  opco: z
    .object({ code: z.string(), nom: z.string() })
    .nullable()
    .describe(
      'OPCO de l’établissement selon « Trouver mon OPCO » (null : SIRET inconnu des tables)',
    ),
  declaration: z.string().describe('La déclaration attestée, mot pour mot'),
  confirmationEnvoyeeA: z.string(),
});
export type InscriptionReponse = z.infer<typeof inscriptionReponseSchema>;

export const confirmationAttestationSchema = z.object({
  jeton: z.string().min(10).max(200).describe('Jeton du lien reçu par courriel'),
});
export const confirmationReponseSchema = z.object({
  organisations: z.array(z.string()).describe('Organisations dont l’accès est désormais complet'),
});
