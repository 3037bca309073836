import { z } from 'zod';
import { dateIso } from './cerfa-fa13.schema.ts';

/**
 * Export of the deposited contracts in the shape of DECA's contract object (D6224-4, R6332-33,
 * operations.md §4.1), and of the refused ones with their reasons (D6224-4, convention
 * `dossiers.deca_refus`), one JSON object per line (NDJSON). Shared by the route, the CLI and
 * the tests.
 */
export const exportDecaQuery = z
  .object({
    /** First day of the period (deposit, refusal, avenant, rupture or annulation recorded), included. */
    du: dateIso.optional(),
    /** Last day of the period, included. */
    au: dateIso.optional(),
  })
  .refine((q) => q.du === undefined || q.au === undefined || q.du <= q.au, {
    message: 'la date « du » doit précéder la date « au »',
    path: ['au'],
  });

const texteOuNull = z.string().nullable();

export const contratDecaSchema = z.object({
  numeroInterne: z.string(),
  alternant: z.object({
    nom: z.string(),
    prenom: z.string(),
    sexe: z.enum(['F', 'M']),
    dateNaissance: z.string(),
    departementNaissance: texteOuNull,
    nationalite: texteOuNull,
    handicap: z.boolean(),
    courriel: texteOuNull,
    telephone: texteOuNull,
    adresse: z.object({ numero: texteOuNull, voie: z.string(), codePostal: z.string() }),
    derniereClasse: texteOuNull,
  }),
  formation: z.object({
    dateDebutFormation: z.string(),
    dateFinFormation: z.string(),
    codeDiplome: texteOuNull,
    rncp: texteOuNull,
    intituleOuQualification: z.string(),
    typeDiplome: texteOuNull,
  }),
  etablissementFormation: z.object({ siret: z.string() }),
  organismeFormationResponsable: z.object({ uaiCfa: texteOuNull, siret: z.string() }),
  detailsContrat: z.object({
    noContrat: texteOuNull,
    dateDebutContrat: z.string(),
    dateFinContrat: texteOuNull,
    dateEffetAvenant: texteOuNull,
    noAvenant: texteOuNull,
    statut: z.enum(['', 'Rompu', 'Annulé', 'Non déposable']),
    typeContrat: z.string(),
    dispositif: z.enum(['APPR', 'PROF']),
    dateConclusion: z.string(),
  }),
  employeur: z.object({
    siret: z.string(),
    denomination: z.string(),
    adresse: z.object({ codePostal: z.string() }),
    naf: z.string(),
    codeIdcc: z.string(),
    nombreDeSalaries: z.number(),
    courriel: texteOuNull,
    telephone: texteOuNull,
    typeEmployeur: z.string(),
  }),
  rupture: z
    .object({
      dateEffetRupture: z.string(),
      codeMotifRupture: z.string(),
      commentaireRupture: texteOuNull,
      dateSignalement: z.string(),
    })
    .nullable(),
  /** Convention `dossiers.deca_refus` (docs/dossiers.md): a refused contract's decision. */
  refus: z
    .object({
      dateDecision: z.string(),
      automatique: z.boolean(),
      implicite: z.boolean(),
      libelleMotifNonDepot: z.string(),
      commentaireMotifNonDepot: texteOuNull,
      motifs: z.array(
        z.object({
          code: z.string(),
          message: z.string(),
          articles: z.array(z.object({ article: z.string(), id: z.string() })),
        }),
      ),
    })
    .nullable(),
});

export type ContratDecaExporte = z.infer<typeof contratDecaSchema>;
