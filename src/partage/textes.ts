import { z } from 'zod';

/** Schemas of the /api/v1/textes routes, shared by the API (validation, OpenAPI) and the web UI (types). */

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ')
  .describe('Date calendaire AAAA-MM-JJ');

export const versionResumeSchema = z
  .object({
    idLegiarti: z.string().describe('Identifiant Légifrance de la version (LEGIARTI…)'),
    etat: z.string().describe('État LEGI : VIGUEUR, MODIFIE, ABROGE, MODIFIE_MORT_NE…'),
    numero: z.string().nullable().describe('Numéro de version LEGI (« 10.0 »)'),
    du: dateSchema.describe('Début de vigueur (inclus)'),
    au: dateSchema.nullable().describe('Fin de vigueur (exclue) ; null : pas de fin connue'),
    texteDisponible: z
      .boolean()
      .describe('Le texte de cette version est-il dans une publication importée ?'),
    source: z.string().describe('Publication (paquet@version) dont viennent l’état et les dates'),
    sourceTexte: z.string().nullable().describe('Publication (paquet@version) dont vient le texte'),
    remarque: z.string().nullable(),
    url: z.string().describe('Page de cette version sur Légifrance'),
  })
  .meta({ id: 'VersionArticle' });
export type VersionResume = z.infer<typeof versionResumeSchema>;

export const versionTexteSchema = versionResumeSchema
  .extend({ texte: z.string().nullable().describe('Texte de la version, null si inconnu') })
  .meta({ id: 'VersionArticleAvecTexte' });
export type VersionTexte = z.infer<typeof versionTexteSchema>;

export const renvoiSchema = z
  .object({ demande: z.string(), article: z.string() })
  .nullable()
  .describe('Article renuméroté : le numéro demandé et le numéro actuel');

export const texteEnVigueurSchema = z
  .object({
    article: z.string(),
    date: dateSchema,
    version: versionTexteSchema,
    sections: z.array(z.string()).describe('Partie, livre, titre, chapitre, section'),
    renvoi: renvoiSchema,
  })
  .meta({ id: 'TexteEnVigueur' });
export type TexteEnVigueur = z.infer<typeof texteEnVigueurSchema>;

export const versionsSchema = z
  .object({
    article: z.string(),
    sections: z.array(z.string()),
    renvoi: renvoiSchema,
    versions: z.array(versionResumeSchema),
  })
  .meta({ id: 'VersionsArticle' });
export type VersionsArticle = z.infer<typeof versionsSchema>;

export const segmentSchema = z.object({
  type: z.enum(['egal', 'supprime', 'ajoute']),
  texte: z.string(),
});

export const diffSchema = z
  .object({
    article: z.string(),
    de: versionResumeSchema,
    a: versionResumeSchema,
    segments: z
      .array(segmentSchema)
      .describe('Le texte, par morceaux inchangés, supprimés, ajoutés'),
    motsSupprimes: z.number().int(),
    motsAjoutes: z.number().int(),
  })
  .meta({ id: 'DiffArticle' });
export type DiffArticle = z.infer<typeof diffSchema>;

export const resultatRechercheSchema = z
  .object({
    q: z.string(),
    total: z.number().int(),
    articles: z.array(
      z.object({
        article: z.string(),
        idLegiarti: z.string(),
        etat: z.string(),
        du: dateSchema,
        au: dateSchema.nullable(),
        extrait: z.string(),
      }),
    ),
  })
  .meta({ id: 'RechercheTextes' });
export type ResultatRecherche = z.infer<typeof resultatRechercheSchema>;

export const citantSchema = z.object({
  genre: z.enum(['parametre', 'regle', 'cas_de_test']),
  identifiant: z.string(),
  fichier: z.string(),
  dates: z.array(dateSchema),
  via: z.array(z.string()),
});

export const citationsSchema = z
  .object({ article: z.string(), citants: z.array(citantSchema) })
  .meta({ id: 'CitationsArticle' });
export type CitationsArticle = z.infer<typeof citationsSchema>;

export const publicationsSchema = z
  .object({
    publications: z.array(
      z.object({
        source: z.string(),
        paquet: z.string(),
        version: z.string(),
        dateCode: dateSchema,
        nbArticles: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'PublicationsTextes' });
export type PublicationsTextes = z.infer<typeof publicationsSchema>;
