import { z } from 'zod';
import { ajouterAnnees, estDateIso, iso, jour } from '../moteur/index.ts';
import { citationSchema, noeudSchema } from './explication.schema.ts';

/** Oldest date the wage rules cover (the 2018 reform applies to contracts from 2019-01-01). */
export const DATE_SALAIRE_MIN = '2019-01-01';
/** Longest contract simulated: 4 years (R6222-46) and a one-year prolongation (L6222-11). */
const DUREE_MAX_ANNEES = 5;

const dateIso = z
  .string()
  .refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' })
  .describe('Date calendaire AAAA-MM-JJ');

/** Input of POST /api/v1/simulations/salaire-apprenti and of `opco simuler salaire-apprenti`. */
export const situationSalaireApprentiSchema = z
  .object({
    dateNaissance: dateIso.describe("Date de naissance de l'apprenti"),
    dateDebut: dateIso.describe("Date de début d'exécution du contrat"),
    dateFin: dateIso.describe('Date de fin prévue du contrat (prolongation comprise)'),
    dateConclusion: dateIso
      .optional()
      .describe(
        'Date de conclusion du contrat (par défaut la date de début) : elle fixe la version des textes qui le régissent',
      ),
    premierCycleSecondaireAcheve: z
      .boolean()
      .optional()
      .describe(
        "L'apprenti justifie avoir accompli la scolarité du premier cycle de l'enseignement secondaire (L6222-1 : dès 15 ans)",
      ),
    dureeCycleMois: z
      .number()
      .int()
      .min(6)
      .max(48)
      .optional()
      .describe(
        'Durée du cycle de formation en mois, si le contrat est plus court ou plus long (D6222-28-1, D6222-28-2)',
      ),
    prolongation: z
      .object({
        motif: z
          .enum(['echec_examen', 'handicap'])
          .describe(
            'echec_examen : L6222-11 et D6222-28 ; handicap : R6222-47 et R6222-48 (+15 points)',
          ),
        depuis: dateIso.describe('Premier jour de la prolongation'),
      })
      .optional(),
    licenceProfessionnelle: z.boolean().optional().describe('Licence professionnelle (D6222-32)'),
    diplomeMemeNiveau: z
      .boolean()
      .optional()
      .describe(
        'Contrat d’au plus un an pour un diplôme de même niveau, en rapport direct avec le précédent (D6222-30)',
      ),
    tauxContratPrecedent: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'Part du SMIC de la dernière année d’un contrat précédent réussi (D6222-29), de 0 à 1',
      ),
    salaireMinimumConventionnel: z
      .number()
      .finite()
      .positive()
      .optional()
      .describe(
        'Salaire minimum conventionnel mensuel de l’emploi occupé, en euros (D6222-26, dès 21 ans)',
      ),
    mayotte: z.boolean().optional().describe('Employeur à Mayotte (SMIC de Mayotte)'),
    dateEvaluation: dateIso
      .optional()
      .describe('Date à laquelle citer les textes (par défaut la date de conclusion)'),
  })
  .superRefine((s, ctx) => {
    const probleme = (champ: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path: champ, message });
    const ok = (d: string | undefined): d is string => d !== undefined && estDateIso(d);
    if (!ok(s.dateNaissance) || !ok(s.dateDebut) || !ok(s.dateFin)) return;
    if (s.dateDebut < DATE_SALAIRE_MIN)
      probleme(
        ['dateDebut'],
        `contrats exécutés à partir du ${DATE_SALAIRE_MIN} seulement (réforme de 2018)`,
      );
    if (ok(s.dateConclusion) && s.dateConclusion < DATE_SALAIRE_MIN)
      probleme(
        ['dateConclusion'],
        `contrats conclus à partir du ${DATE_SALAIRE_MIN} seulement (réforme de 2018)`,
      );
    if (ok(s.dateConclusion) && s.dateConclusion > s.dateFin)
      probleme(['dateConclusion'], 'la date de conclusion doit précéder la date de fin');
    if (s.dateFin <= s.dateDebut)
      probleme(['dateFin'], 'la date de fin doit être postérieure à la date de début');
    else if (s.dateFin >= iso(ajouterAnnees(jour(s.dateDebut), DUREE_MAX_ANNEES)))
      probleme(
        ['dateFin'],
        `un contrat d'apprentissage dure au plus ${DUREE_MAX_ANNEES} ans, prolongation comprise`,
      );
    if (s.dateNaissance >= s.dateDebut)
      probleme(['dateNaissance'], 'la date de naissance doit précéder le début du contrat');
    const p = s.prolongation;
    if (p && ok(p.depuis) && (p.depuis <= s.dateDebut || p.depuis > s.dateFin))
      probleme(
        ['prolongation', 'depuis'],
        'la prolongation doit commencer après le début et au plus tard à la fin du contrat',
      );
  })
  .meta({ id: 'SituationSalaireApprenti' });

export type EntreeSalaireApprenti = z.infer<typeof situationSalaireApprentiSchema>;

export const periodeSalaireSchema = z.object({
  du: z.string(),
  au: z.string(),
  age: z.number().int().describe('Âge au premier jour de la période'),
  tranche: z.enum(['16_17_ans', '18_20_ans', '21_25_ans', '26_ans_et_plus']),
  anneeExecution: z.number().int().describe("Année d'exécution du contrat"),
  anneeRetenue: z
    .number()
    .int()
    .describe('Année dont le taux s’applique (cycle, prolongation, licence professionnelle)'),
  tauxPourcent: z.number().describe('Part de la base, en %'),
  base: z
    .enum(['SMIC', 'SMC'])
    .describe('SMIC, ou salaire minimum conventionnel quand il est supérieur'),
  smicHoraireCentimes: z.number().int(),
  baseMensuelleCentimes: z.number().int(),
  montantMensuelCentimes: z.number().int().describe('Salaire minimum mensuel brut, en centimes'),
});

export const resultatSalaireApprentiSchema = z
  .object({
    dateEvaluation: z.string(),
    unite: z.literal('centimes/mois'),
    ageDebut: z.number().int(),
    periodes: z.array(periodeSalaireSchema),
    avertissements: z.array(z.string()),
    explication: noeudSchema,
    citations: z.array(citationSchema),
  })
  .meta({ id: 'ResultatSalaireApprenti' });

export type ResultatSalaireApprentiJson = z.infer<typeof resultatSalaireApprentiSchema>;
