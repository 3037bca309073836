import { z } from 'zod';

/** Explanation tree and citations shared by the simulation responses (API, CLI and web). */
export const referenceSchema = z.object({
  article: z.string(),
  titre: z.string(),
  url: z.string(),
  code: z.string().optional(),
  idLegifrance: z.string().optional(),
});

export interface NoeudJson {
  nature: 'regle' | 'parametre' | 'entree' | 'calcul';
  code: string;
  libelle: string;
  valeur: number | string | boolean | null;
  unite?: string | undefined;
  formule?: string | undefined;
  depuis?: string | undefined;
  references?: readonly z.infer<typeof referenceSchema>[] | undefined;
  convention?: boolean | undefined;
  /** The value in French (« 477,07 € », « 27 % », « 01/09/2024 »), where the response gives it. */
  texte?: string | undefined;
  enfants?: NoeudJson[] | undefined;
}

export const noeudSchema: z.ZodType<NoeudJson> = z.lazy(() =>
  z.object({
    nature: z.enum(['regle', 'parametre', 'entree', 'calcul']),
    code: z.string(),
    libelle: z.string(),
    valeur: z.union([z.number(), z.string(), z.boolean(), z.null()]),
    unite: z.string().optional(),
    formule: z.string().optional(),
    depuis: z.string().optional(),
    references: z.array(referenceSchema).optional(),
    convention: z.boolean().optional(),
    texte: z.string().optional().describe('La valeur écrite en français pour une personne'),
    enfants: z.array(noeudSchema).optional(),
  }),
);

export const citationSchema = z.object({
  article: z.string(),
  titre: z.string(),
  idVersion: z.string().nullable(),
  du: z.string().nullable(),
  au: z.string().nullable(),
  dateEvaluation: z.string(),
  lien: z
    .string()
    .describe('Page de l’article sur la plateforme, ou le Journal officiel pour un décret'),
  urlLegifrance: z.string(),
});
