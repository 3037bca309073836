import { z } from 'zod';
import { empreinteValeur } from '../../domaine/comptes/index.ts';
import {
  DISPOSITIF_ABONDEMENT,
  droitAvecBaremesAbondement,
  resoudreBaremeAbondement,
  validerBaremeAbondement,
} from '../../droit/baremes-abondement.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { simulerDispositif } from '../../droit/simulation-dispositifs.ts';
import { versionsParDefaut } from '../../droit/simulation-salaire.ts';
import type { Droit } from '../../moteur/index.ts';
import {
  editionBaremeAbondementSchema,
  identifiantBaremeAbondement,
  listeBaremesAbondementSchema,
  resultatAbondementBaremeSchema,
  simulationAbondementBaremeSchema,
} from '../../partage/abondement-cpf.schema.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { dateIso } from '../../partage/cerfa-fa13.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
import {
  ajouterVersionBareme,
  baremesCourants,
  derniereVersionBaremes,
  historiqueBareme,
} from '../../stockage/baremes.depot.ts';
import { authentificationDe } from '../acces/installer.ts';
import { jourParis } from '../dossiers/service.ts';
import type { ModuleRoutes } from '../types.ts';

/**
 * Per-OPCO CPF co-funding barèmes (issue 14, abondement CPF): no OPCO publishes its rate and cap
 * as figures, so an OPCO administrator enters them — validated by the law loader, versioned,
 * dated, on the audit trail — and the abondement simulation reads the one in force at the date
 * of the request.
 */
const versionSchema = z.object({
  bareme: z.string(),
  version: z.number(),
  organisationId: z.string(),
  creeLe: z.string(),
});

export const routesAbondement: ModuleRoutes = (app, deps) => {
  const base = (deps.moteur ?? moteurParDefaut(deps.config.dataDir)).droit;
  const versions = versionsParDefaut(deps.config.dataDir);
  const db = () => deps.base.db;
  let cache: { marque: number; droit: Droit; ids: string[] } = { marque: 0, droit: base, ids: [] };
  async function courant() {
    const marque = await derniereVersionBaremes(db());
    if (marque !== cache.marque) {
      const v = await baremesCourants(db(), DISPOSITIF_ABONDEMENT);
      cache = { marque, droit: droitAvecBaremesAbondement(base, v), ids: v.map((x) => x.bareme) };
    }
    return cache;
  }

  app.get(
    '/api/v1/baremes/abondement-cpf',
    {
      config: { acces: 'public' },
      schema: {
        summary:
          "Barèmes d'abondement du CPF des OPCO en vigueur à une date (saisis par leurs administrateurs)",
        tags: ['droit'],
        querystring: z.object({ date: dateIso.optional() }),
        response: { 200: listeBaremesAbondementSchema, 400: reponsesErreur[400] },
      },
    },
    async (req) => {
      const date = req.query.date ?? jourParis(new Date());
      const c = await courant();
      return {
        date,
        baremes: c.ids
          .map((id) => resoudreBaremeAbondement(c.droit, id, date))
          .filter((b) => b !== null),
        publies: [],
      };
    },
  );

  app.put(
    '/api/v1/organisations/:organisation/baremes/abondement-cpf/:bareme',
    {
      config: { acces: { action: 'bareme.modifier', organisation: 'organisation' } },
      schema: {
        summary: "Publie une nouvelle version du barème d'abondement du CPF de l'organisation",
        description:
          'Champs opco, libelle, taux (part du reste à financer, de 0 à 1), plafond (€) : chacun un fichier de paramètre au format de droit/parametres, en JSON — valeurs datées, références (la décision du conseil d’administration). Validé par le même chargeur que droit/ ; un champ invalide est refusé en 400 en le nommant. Chaque publication est une nouvelle version, sur le journal d’audit ; une simulation à une date passée lit les valeurs alors en vigueur.',
        tags: ['droit'],
        params: z.object({
          organisation: z.string().min(1).max(100),
          bareme: identifiantBaremeAbondement,
        }),
        body: editionBaremeAbondementSchema,
        response: { 201: versionSchema, 400: reponsesErreur[400], ...reponsesAcces },
      },
    },
    async (req, reply) => {
      const { organisation, bareme } = req.params;
      validerBaremeAbondement(bareme, req.body.champs);
      const acteur = authentificationDe(req).sujet;
      const v = await db()
        .transaction()
        .execute(async (trx) => {
          const nv = await ajouterVersionBareme(trx, {
            dispositif: DISPOSITIF_ABONDEMENT,
            bareme,
            organisationId: organisation,
            compteId: acteur.compteId,
            cleId: acteur.cleId,
            contenu: JSON.stringify(req.body.champs),
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
            ressource: `bareme:${DISPOSITIF_ABONDEMENT}:${bareme}:v${nv.version}`,
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
    '/api/v1/baremes/abondement-cpf/:bareme/versions',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Versions publiées d'un barème d'abondement (auteur, date)",
        tags: ['droit'],
        params: z.object({ bareme: z.string().max(60) }),
        response: { 200: z.array(versionSchema), 500: reponsesErreur[500] },
      },
    },
    async (req) =>
      (await historiqueBareme(db(), DISPOSITIF_ABONDEMENT, req.params.bareme)).map((v) => ({
        bareme: v.bareme,
        version: v.version,
        organisationId: v.organisationId,
        creeLe: v.creeLe,
      })),
  );

  app.post(
    '/api/v1/baremes/abondement-cpf/:bareme/simulation',
    {
      config: { acces: 'public' },
      schema: {
        summary:
          "Simule l'abondement du CPF avec le barème de l'OPCO en vigueur à la date de la demande",
        description:
          'Le taux et le plafond viennent du barème (valeurs en vigueur à dateDemande, avec leurs références) ; les règles sont celles de droit/regles/abondement_cpf. Barème inconnu ou sans valeur à cette date → 404.',
        tags: ['droit'],
        params: z.object({ bareme: identifiantBaremeAbondement }),
        body: simulationAbondementBaremeSchema,
        response: {
          200: resultatAbondementBaremeSchema,
          400: reponsesErreur[400],
          404: reponsesErreur[404],
        },
      },
    },
    async (req) => {
      const c = await courant();
      const b = resoudreBaremeAbondement(c.droit, req.params.bareme, req.body.dateDemande);
      if (!b)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: `Barème d'abondement en vigueur au ${req.body.dateDemande}`,
          identifiant: req.params.bareme,
        });
      return {
        bareme: b,
        simulation: simulerDispositif(c.droit, versions, 'abondement-cpf', {
          ...req.body,
          tauxOpco: b.taux,
          ...(b.plafond !== null ? { plafondOpco: b.plafond } : {}),
        }),
      };
    },
  );
};
