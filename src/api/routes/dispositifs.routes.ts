import { z } from 'zod';
import { empreinteValeur } from '../../domaine/comptes/index.ts';
import { droitAvecBaremes, validerBareme } from '../../droit/baremes-edites.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import type { Droit } from '../../moteur/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
import {
  ajouterVersionBareme,
  baremesCourants,
  derniereVersionBaremes,
  historiqueBareme,
} from '../../stockage/baremes.depot.ts';
import { accordsCourants } from '../../stockage/accords-tarifaires.depot.ts';
import { authentificationDe } from '../acces/installer.ts';
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
const PLAN = 'plan_moins_50';
const versionBaremeSchema = z
  .object({
    bareme: z.string(),
    version: z.number(),
    organisationId: z.string(),
    creeLe: z.string(),
  })
  .meta({ id: 'VersionBareme' });

export const routesDispositifs: ModuleRoutes = (app, deps) => {
  const base = (deps.moteur ?? moteurParDefaut(deps.config.dataDir)).droit;
  const versions = versionsParDefaut(deps.config.dataDir);
  const db = () => deps.base.db;
  // The law with the edited barèmes, rebuilt when another version appears (any process).
  let cache: { marque: number; droit: Droit } = { marque: 0, droit: base };
  async function droitCourant(): Promise<Droit> {
    const marque = await derniereVersionBaremes(db());
    if (marque !== cache.marque)
      cache = { marque, droit: droitAvecBaremes(base, await baremesCourants(db(), PLAN)) };
    return cache.droit;
  }
  // Accords tarifaires of the training body named by a plan < 50 request (latest versions).
  const accordsDe = async (corps: unknown) => {
    const siret =
      typeof corps === 'object' && corps !== null && 'organismeSiret' in corps
        ? corps.organismeSiret
        : undefined;
    return typeof siret === 'string' ? accordsCourants(db(), { organismeSiret: siret }) : [];
  };
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
      async (req) =>
        simulerDispositif(
          await droitCourant(),
          versions,
          slug,
          req.body as Record<string, unknown>,
          await accordsDe(req.body),
        ),
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
    async () => listerBaremesPlan(await droitCourant()),
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
    async (req) =>
      comparerBaremesPlan(
        await droitCourant(),
        versions,
        req.body as Record<string, unknown>,
        await accordsDe(req.body),
      ),
  );
  app.put(
    '/api/v1/organisations/:organisation/baremes/plan-moins-50/:bareme',
    {
      config: { acces: { action: 'bareme.modifier', organisation: 'organisation' } },
      schema: {
        summary: "Publie une nouvelle version d'un barème du plan < 50 de l'organisation",
        description:
          'Chaque champ est un fichier de paramètre (format de droit/parametres, en JSON) : valeurs datées et références (la décision du conseil d’administration). Validé par le même chargeur que droit/ ; un champ invalide est refusé en 400 en le nommant. Chaque publication est une nouvelle version, sur le journal d’audit ; les simulations à une date passée lisent les valeurs alors en vigueur.',
        tags: ['droit'],
        params: z.object({
          organisation: z.string().min(1).max(100),
          bareme: z.string().regex(/^[a-z0-9_]{1,60}$/, {
            message: 'identifiant en minuscules ASCII, chiffres et _ (60 au plus)',
          }),
        }),
        body: z.object({ champs: z.record(z.string(), z.unknown()) }).meta({ id: 'EditionBareme' }),
        response: { 201: versionBaremeSchema, 400: reponsesErreur[400], ...reponsesAcces },
      },
    },
    async (req, reply) => {
      const { organisation, bareme } = req.params;
      validerBareme(base, PLAN, bareme, req.body.champs);
      const contenu = JSON.stringify(req.body.champs);
      const acteur = authentificationDe(req).sujet;
      const v = await db()
        .transaction()
        .execute(async (trx) => {
          const nv = await ajouterVersionBareme(trx, {
            dispositif: PLAN,
            bareme,
            organisationId: organisation,
            compteId: acteur.compteId,
            cleId: acteur.cleId,
            contenu,
          });
          if (!nv)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: `params.bareme : le barème « ${bareme} » appartient à une autre organisation`,
              champ: 'params.bareme',
            });
          await ajouterAudit(trx, {
            horodatage: new Date().toISOString(),
            compteId: acteur.compteId,
            cleId: acteur.cleId,
            organisationId: organisation,
            action: 'bareme.modifier',
            ressource: `bareme:${PLAN}:${bareme}:v${nv.version}`,
            avant: null,
            apres: empreinteValeur(req.body.champs),
          });
          return nv;
        });
      return reply.status(201).send({
        bareme: v.bareme,
        version: v.version,
        organisationId: v.organisationId,
        creeLe: v.creeLe,
      });
    },
  );
  app.get(
    '/api/v1/baremes/plan-moins-50/:bareme/versions',
    {
      config: { acces: 'public' },
      schema: {
        summary:
          "Versions publiées d'un barème édité (auteur, date), de la plus ancienne à la plus récente",
        tags: ['droit'],
        params: z.object({ bareme: z.string().max(60) }),
        response: { 200: z.array(versionBaremeSchema), 500: reponsesErreur[500] },
      },
    },
    async (req) =>
      (await historiqueBareme(db(), PLAN, req.params.bareme)).map((v) => ({
        bareme: v.bareme,
        version: v.version,
        organisationId: v.organisationId,
        creeLe: v.creeLe,
      })),
  );
};
