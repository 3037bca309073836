import { z } from 'zod';

/** OpenID Connect sign-in (docs/comptes.md, « Connexion OIDC »). */
export const fournisseurOidcSchema = z
  .object({
    id: z.string(),
    libelle: z.string(),
    opco: z.string().nullable().describe('Code de l’OPCO dont le personnel se connecte ainsi'),
  })
  .meta({ id: 'FournisseurOidc' });

export const fournisseursOidcSchema = z.object({ fournisseurs: z.array(fournisseurOidcSchema) });
export type FournisseursOidc = z.infer<typeof fournisseursOidcSchema>;

export const parametreFournisseurSchema = z.object({
  fournisseur: z.string().regex(/^[a-z0-9-]{1,32}$/, 'identifiant de fournisseur invalide'),
});

/** What the provider adds to the redirect URI; checked by openid-client, not here. */
export const retourOidcSchema = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(1024).optional(),
  session_state: z.string().max(512).optional(),
});
