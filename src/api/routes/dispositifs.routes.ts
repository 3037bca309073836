import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import {
  comparerBaremesPlan,
  listerBaremesPlan,
  simulerDispositif,
} from '../../droit/simulation-dispositifs.ts';
import { versionsParDefaut } from '../../droit/simulation-salaire.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import {
  DISPOSITIFS_SIMULES,
  comparaisonPlanSchema,
  comparaisonResultatSchema,
  listeBaremesSchema,
  resultatDispositifSchema,
  type SlugDispositif,
} from '../../partage/simulation-dispositifs.schema.ts';
import type { ModuleRoutes } from '../types.ts';

/**
 * POST /api/v1/simulations/<dispositif> for the schemes served by the generic rules engine
 * (contrat de professionnalisation, aide tutorale, Pro-A, période de reconversion, plan < 50
 * with an OPCO barème, formation SSCT du CSE); the plan < 50 barèmes and their comparison.
 */
export const routesDispositifs: ModuleRoutes = (app, deps) => {
  const droit = (deps.moteur ?? moteurParDefaut(deps.config.dataDir)).droit;
  const versions = versionsParDefaut(deps.config.dataDir);
  for (const slug of Object.keys(DISPOSITIFS_SIMULES) as SlugDispositif[]) {
    const d = DISPOSITIFS_SIMULES[slug];
    app.post(
      `/api/v1/simulations/${slug}`,
      {
        config: { acces: 'public' },
        schema: {
          summary: `Simule : ${d.titre}`,
          description:
            'Évalue les règles de droit/regles/' +
            d.regles +
            ' aux paramètres en vigueur à la date qui choisit le droit : montant, motifs de refus (des valeurs, avec leurs articles), avertissements, valeurs intermédiaires, explication et textes cités.',
          tags: ['droit'],
          body: d.schema,
          response: {
            200: resultatDispositifSchema,
            400: reponsesErreur[400],
            500: reponsesErreur[500],
          },
        },
      },
      async (req) => simulerDispositif(droit, versions, slug, req.body as Record<string, unknown>),
    );
  }
  app.get(
    '/api/v1/baremes/plan-moins-50',
    {
      config: { acces: 'public' },
      schema: {
        summary:
          'Barèmes des OPCO et des branches pour le plan de développement des compétences (< 50)',
        tags: ['droit'],
        response: { 200: listeBaremesSchema, 500: reponsesErreur[500] },
      },
    },
    async () => listerBaremesPlan(droit),
  );
  app.post(
    '/api/v1/comparaisons/plan-moins-50',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Compare le plan < 50 d'une entreprise sous le barème de chaque OPCO",
        description:
          'Le même profil (effectif, action, coûts) simulé avec chaque barème en vigueur à la date de début, du plus favorable au moins favorable ; un barème absent à cette date ou une tranche non couverte est un refus motivé.',
        tags: ['droit'],
        body: comparaisonPlanSchema,
        response: {
          200: comparaisonResultatSchema,
          400: reponsesErreur[400],
          500: reponsesErreur[500],
        },
      },
    },
    async (req) => comparerBaremesPlan(droit, versions, req.body as Record<string, unknown>),
  );
};
