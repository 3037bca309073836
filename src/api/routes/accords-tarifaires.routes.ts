import { z } from 'zod';
import { empreinteValeur } from '../../domaine/comptes/index.ts';
import {
  accordTarifaireSchema,
  editionAccordSchema,
  type AccordTarifaireJson,
} from '../../partage/accords-tarifaires.schema.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import {
  accordsCourants,
  ajouterVersionAccord,
  historiqueAccord,
  type VersionAccord,
} from '../../stockage/accords-tarifaires.depot.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
import { authentificationDe } from '../acces/installer.ts';
import type { ModuleRoutes } from '../types.ts';

/**
 * Accords tarifaires (issue 14): an OPCO records the rate negotiated with a training body. Each
 * change is a new version (author, time) on the audit trail; the plan < 50 simulation applies the
 * latest version when the body, the certification and the start date match (citing it).
 */
const publique = (v: VersionAccord): AccordTarifaireJson => ({
  accord: v.accord,
  version: v.version,
  organisationId: v.organisationId,
  opco: v.opco,
  organismeSiret: v.organismeSiret,
  certification: v.certification,
  intitule: v.intitule,
  unite: v.unite,
  prix: v.prixCentimes / 100,
  dateDebut: v.dateDebut,
  dateFin: v.dateFin,
  quantiteMax: v.quantiteMax,
  reference: v.reference,
  creeLe: v.creeLe,
});

const params = z.object({
  organisation: z.string().min(1).max(100),
  accord: z.string().regex(/^[a-z0-9_-]{1,60}$/, {
    message: 'identifiant en minuscules ASCII, chiffres, - et _ (60 au plus)',
  }),
});

export const routesAccordsTarifaires: ModuleRoutes = (app, deps) => {
  const db = () => deps.base.db;

  app.put(
    '/api/v1/organisations/:organisation/accords-tarifaires/:accord',
    {
      config: { acces: { action: 'catalogue.modifier', organisation: 'organisation' } },
      schema: {
        summary: "Enregistre une version d'un accord tarifaire avec un organisme de formation",
        description:
          'Prix négocié par stagiaire ou par heure, validité, places ou volume. Chaque enregistrement est une nouvelle version (jamais modifiée), sur le journal d’audit ; la simulation du plan < 50 applique la dernière version quand l’organisme, la certification et la date de début correspondent. Pour mettre fin à un accord, enregistrer une version avec une date de fin antérieure.',
        tags: ['droit'],
        params,
        body: editionAccordSchema,
        response: { 201: accordTarifaireSchema, 400: reponsesErreur[400], ...reponsesAcces },
      },
    },
    async (req, reply) => {
      const { organisation, accord } = req.params;
      const b = req.body;
      const acteur = authentificationDe(req).sujet;
      const v = await db()
        .transaction()
        .execute(async (trx) => {
          const r = await ajouterVersionAccord(trx, {
            accord,
            organisationId: organisation,
            opco: b.opco,
            organismeSiret: b.organismeSiret,
            certification: b.certification,
            intitule: b.intitule,
            unite: b.unite,
            prixCentimes: Math.round(b.prix * 100),
            dateDebut: b.dateDebut,
            dateFin: b.dateFin,
            quantiteMax: b.quantiteMax,
            reference: b.reference,
            compteId: acteur.compteId,
            cleId: acteur.cleId,
          });
          if (!r)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: `params.accord : l'accord « ${accord} » appartient à une autre organisation`,
              champ: 'params.accord',
            });
          await ajouterAudit(trx, {
            horodatage: new Date().toISOString(),
            compteId: acteur.compteId,
            cleId: acteur.cleId,
            organisationId: organisation,
            action: 'catalogue.modifier',
            ressource: `accord_tarifaire:${accord}:v${r.version.version}`,
            avant: r.avant ? empreinteValeur(publique(r.avant)) : null,
            apres: empreinteValeur(b),
          });
          return r.version;
        });
      return reply.status(201).send(publique(v));
    },
  );

  app.get(
    '/api/v1/organisations/:organisation/accords-tarifaires',
    {
      config: { acces: { action: 'catalogue.modifier', organisation: 'organisation' } },
      schema: {
        summary: "Accords tarifaires de l'OPCO (dernière version de chacun)",
        tags: ['droit'],
        params: params.pick({ organisation: true }),
        response: { 200: z.array(accordTarifaireSchema), ...reponsesAcces },
      },
    },
    async (req) =>
      (await accordsCourants(db(), { organisationId: req.params.organisation })).map(publique),
  );

  app.get(
    '/api/v1/organisations/:organisation/accords-tarifaires/:accord/versions',
    {
      config: { acces: { action: 'catalogue.modifier', organisation: 'organisation' } },
      schema: {
        summary:
          "Versions d'un accord tarifaire (auteur, date), de la plus ancienne à la plus récente",
        tags: ['droit'],
        params,
        response: { 200: z.array(accordTarifaireSchema), ...reponsesAcces },
      },
    },
    async (req) =>
      (await historiqueAccord(db(), req.params.accord))
        .filter((v) => v.organisationId === req.params.organisation)
        .map(publique),
  );
};
