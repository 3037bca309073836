import { z } from 'zod';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { simulerApprentissage } from '../../droit/simulation.ts';
import {
  simulerContributions,
  simulerSalaireApprenti,
  versionsParDefaut,
} from '../../droit/simulation-salaire.ts';
import {
  resultatContributionsSchema,
  situationContributionsSchema,
} from '../../partage/simulation-contributions.schema.ts';
import {
  resultatSalaireApprentiSchema,
  situationSalaireApprentiSchema,
} from '../../partage/simulation-salaire.schema.ts';
import { citationSchema, noeudSchema } from '../../partage/explication.schema.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import { situationApprentissageSchema } from '../../partage/simulation-apprentissage.schema.ts';
import { chercherNpec } from '../../stockage/npec.depot.ts';
import type { ModuleRoutes } from '../types.ts';

const resultatSchema = z
  .object({
    dateEvaluation: z.string(),
    valeur: z.number().nullable().describe("Total versé par l'OPCO au CFA (somme de l'échéancier)"),
    unite: z.literal('€'),
    npec: z
      .object({
        annuel: z.number(),
        applique: z.number().describe('NPEC annuel après modulations (distanciel, RQTH)'),
        source: z.looseObject({
          type: z.enum(['saisie', 'referentiel', 'amorcage']),
          libelle: z.string(),
        }),
      })
      .nullable(),
    priseEnCharge: z
      .object({
        total: z.number(),
        parAnnee: z.array(
          z.object({ du: z.string(), au: z.string(), jours: z.number(), montant: z.number() }),
        ),
      })
      .nullable(),
    participationEmployeur: z.number().nullable(),
    fraisAnnexes: z.object({
      total: z.number(),
      detail: z.object({
        nuitees: z.number(),
        repas: z.number(),
        premierEquipement: z.number(),
        mobiliteInternationale: z.number(),
      }),
    }),
    echeancier: z.array(
      z.object({ date: z.string().optional(), montant: z.number(), motif: z.string() }),
    ),
    explication: noeudSchema.nullable(),
    citations: z.array(citationSchema),
    manquantes: z.array(z.object({ champ: z.string(), message: z.string() })),
  })
  .meta({ id: 'ResultatApprentissage' });

export const routesSimulations: ModuleRoutes = (app, deps) => {
  const moteur = deps.moteur ?? moteurParDefaut(deps.config.dataDir);
  app.post(
    '/api/v1/simulations/apprentissage',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Simule la prise en charge d'un contrat d'apprentissage par l'OPCO",
        description:
          'NPEC (saisi, trouvé au référentiel par RNCP + IDCC, ou valeur d’amorçage), modulations, proratisation par année d’exécution, participation de l’employeur, frais annexes et échéancier, avec l’explication et les articles cités à la date d’évaluation.',
        tags: ['droit'],
        body: situationApprentissageSchema,
        response: { 200: resultatSchema, 400: reponsesErreur[400], 500: reponsesErreur[500] },
      },
    },
    async (req) =>
      simulerApprentissage(
        moteur,
        (rncp, idcc, date) => chercherNpec(deps.base.db, rncp, idcc, date),
        req.body,
      ),
  );
  const versions = versionsParDefaut(deps.config.dataDir);
  app.post(
    '/api/v1/simulations/salaire-apprenti',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Simule le salaire minimum d'un apprenti, période par période",
        description:
          "D6222-26 à D6222-32 : tranche d'âge (relevée le premier jour du mois qui suit l'anniversaire), année d'exécution, cycle plus court ou plus long, prolongation (échec, handicap : +15 points), licence professionnelle, même niveau de diplôme, salaire minimum conventionnel s'il est supérieur, SMIC de Mayotte. Montants en centimes, avec l'explication et les textes cités (décrets et arrêtés du SMIC compris). Un apprenti de moins de 15 ans (16 sans le premier cycle du secondaire) est refusé (L6222-1).",
        tags: ['droit'],
        body: situationSalaireApprentiSchema,
        response: {
          200: resultatSalaireApprentiSchema,
          400: reponsesErreur[400],
          500: reponsesErreur[500],
        },
      },
    },
    async (req) => simulerSalaireApprenti(moteur.droit, versions, req.body),
  );
  app.post(
    '/api/v1/simulations/contributions',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Simule les contributions de l'employeur à la formation pour un mois",
        description:
          "CFP (0,55 % ou 1 % selon l'effectif), taxe d'apprentissage (part principale et solde, ou taux d'Alsace-Moselle), contribution supplémentaire à l'apprentissage (250 salariés et plus, selon la part d'alternants) et CPF-CDD, aux taux en vigueur à la date. Montants en centimes, avec l'explication et les textes cités.",
        tags: ['droit'],
        body: situationContributionsSchema,
        response: {
          200: resultatContributionsSchema,
          400: reponsesErreur[400],
          500: reponsesErreur[500],
        },
      },
    },
    async (req) => simulerContributions(moteur.droit, versions, req.body),
  );
};
