import { z } from 'zod';
import { estDateIso } from '../moteur/index.ts';

/** Oldest conclusion date the law data covers (the 2018 reform applies from 2019-01-01). */
export const DATE_CONCLUSION_MIN = '2019-01-01';

/**
 * Technical bounds of the inputs (not law): they keep every computation finite and quick.
 * Documented in docs/droit.md (« Limites des entrées »).
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2100-12-31';
/** Largest amount accepted, in euros (10 million). */
export const MONTANT_MAX = 10_000_000;
/** Largest count of nights or meals accepted. */
export const QUANTITE_MAX = 100_000;

const dateIso = z
  .string()
  .refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' })
  .refine((d) => !estDateIso(d) || (d >= DATE_MIN && d <= DATE_MAX), {
    message: `date comprise entre le ${DATE_MIN} et le ${DATE_MAX} attendue`,
  })
  .describe(`Date calendaire AAAA-MM-JJ (du ${DATE_MIN} au ${DATE_MAX})`);

const euros = z
  .number()
  .finite()
  .min(0)
  .max(MONTANT_MAX, `au plus ${MONTANT_MAX.toLocaleString('fr-FR')} €`);

/** Input of POST /api/v1/simulations/apprentissage and of `opco simuler apprentissage`. */
export const situationApprentissageSchema = z
  .object({
    dateConclusion: dateIso.describe('Date de conclusion (signature) du contrat'),
    dateDebut: dateIso.describe("Date de début d'exécution du contrat"),
    dateFin: dateIso.describe('Date de fin prévue du contrat'),
    dateRupture: dateIso.optional().describe('Date de rupture anticipée (dernier jour du contrat)'),
    dateNouveauContrat: dateIso
      .optional()
      .describe(
        'Après une rupture : date de signature d’un nouveau contrat, qui arrête le maintien de la prise en charge (L6222-18-2)',
      ),
    niveau: z
      .number()
      .int()
      .min(3)
      .max(8)
      .describe('Niveau de la certification dans le cadre national (3 à 8)'),
    npecAnnuel: z
      .number()
      .finite()
      .positive()
      .max(MONTANT_MAX, `au plus ${MONTANT_MAX.toLocaleString('fr-FR')} €`)
      .optional()
      .describe('NPEC annuel en euros, s’il est connu'),
    rncp: z
      .string()
      .regex(/^(RNCP)?\d{1,6}$/i, 'code RNCP attendu, ex. RNCP35185')
      .optional()
      .describe('Code RNCP de la certification (pour chercher le NPEC au référentiel)'),
    idcc: z
      .string()
      .regex(/^\d{1,4}$/, 'IDCC de 1 à 4 chiffres attendu')
      .optional()
      .describe("IDCC de la convention collective de l'employeur"),
    partDistanciel: z.number().min(0).max(1).describe('Part des enseignements à distance (0 à 1)'),
    certificationExemptee: z
      .boolean()
      .optional()
      .describe('Certification exemptée de minoration (arrêté, D6332-82-1 II)'),
    rqth: z
      .object({
        montantMajoration: euros.describe(
          'Majoration demandée (référentiel RQTH), en euros par an',
        ),
      })
      .optional(),
    dureeReduite: z
      .boolean()
      .optional()
      .describe('Durée réduite par convention tripartite (L6222-7-1 al. 3)'),
    nouvelEmployeurApresRupture: z
      .boolean()
      .optional()
      .describe('Contrat conclu avec un nouvel employeur après une rupture (L6222-18-2)'),
    fraisAnnexes: z
      .object({
        nuitees: z
          .number()
          .int()
          .min(0)
          .max(QUANTITE_MAX, `au plus ${QUANTITE_MAX}`)
          .optional()
          .describe('Nombre de nuitées'),
        repas: z
          .number()
          .int()
          .min(0)
          .max(QUANTITE_MAX, `au plus ${QUANTITE_MAX}`)
          .optional()
          .describe('Nombre de repas'),
        premierEquipement: euros.optional().describe('Premier équipement demandé, en euros'),
        mobiliteInternationale: euros
          .optional()
          .describe('Mobilité internationale demandée, en euros'),
      })
      .optional(),
    dateEvaluation: dateIso
      .optional()
      .describe('Date à laquelle citer les textes (par défaut la date de conclusion)'),
  })
  .superRefine((s, ctx) => {
    const ok = (d: string | undefined) => d !== undefined && estDateIso(d);
    if (!ok(s.dateConclusion) || !ok(s.dateDebut) || !ok(s.dateFin)) return;
    if (s.dateConclusion < DATE_CONCLUSION_MIN)
      ctx.addIssue({
        code: 'custom',
        path: ['dateConclusion'],
        message: `contrats conclus à partir du ${DATE_CONCLUSION_MIN} seulement (réforme de 2018)`,
      });
    if (s.dateFin <= s.dateDebut)
      ctx.addIssue({
        code: 'custom',
        path: ['dateFin'],
        message: 'la date de fin doit être postérieure à la date de début',
      });
    if (s.dateConclusion > s.dateFin)
      ctx.addIssue({
        code: 'custom',
        path: ['dateConclusion'],
        message: 'la date de conclusion doit précéder la date de fin',
      });
    if (
      s.dateRupture !== undefined &&
      ok(s.dateRupture) &&
      (s.dateRupture < s.dateDebut || s.dateRupture > s.dateFin)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['dateRupture'],
        message: 'la date de rupture doit être comprise entre la date de début et la date de fin',
      });
    if (s.dateNouveauContrat !== undefined && ok(s.dateNouveauContrat)) {
      if (s.dateRupture === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['dateNouveauContrat'],
          message: 'un nouveau contrat suppose une date de rupture',
        });
      else if (s.dateNouveauContrat <= s.dateRupture)
        ctx.addIssue({
          code: 'custom',
          path: ['dateNouveauContrat'],
          message: 'le nouveau contrat doit être signé après la rupture',
        });
    }
  })
  .meta({ id: 'SituationApprentissage' });

export type EntreeSimulationApprentissage = z.infer<typeof situationApprentissageSchema>;
