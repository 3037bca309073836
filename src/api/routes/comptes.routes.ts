import { z } from 'zod';
import { organisationsPermises } from '../../domaine/comptes/index.ts';
import {
  cleApiSchema,
  cleCreeeSchema,
  creationCleSchema,
  creationOrganisationSchema,
  invitationSchema,
  membreSchema,
  organisationSchema,
  reponsesAcces,
} from '../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import { acteurDe } from '../acces/service.ts';
import { authentificationDe } from '../acces/installer.ts';
import type { ModuleRoutes } from '../types.ts';

const tag = ['comptes'];
const paramOrg = z.object({ organisation: z.string().min(1).max(100) });

export const routesComptes: ModuleRoutes = (app) => {
  const service = app.comptes;
  const db = () => depot.comptes(service.base.db);

  async function organisationOu404(id: string) {
    const o = await depot.trouverOrganisation(db(), id);
    if (!o)
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
        ressource: 'Organisation',
        identifiant: id,
      });
    return o;
  }

  app.get(
    '/api/v1/organisations',
    {
      config: { acces: { action: 'compte.lire_soi' } },
      schema: {
        summary: 'Les organisations que je peux voir',
        tags: tag,
        response: {
          200: z.object({ organisations: z.array(organisationSchema) }),
          ...reponsesAcces,
        },
      },
    },
    async (req) => {
      const ids = organisationsPermises(authentificationDe(req).sujet, 'organisation.lire');
      return { organisations: await depot.listerOrganisations(db(), ids) };
    },
  );

  app.post(
    '/api/v1/organisations',
    {
      config: { acces: { action: 'organisation.creer' } },
      schema: {
        summary: 'Créer une organisation (administrateur de la plateforme)',
        tags: tag,
        body: creationOrganisationSchema,
        response: { 201: organisationSchema, 400: reponsesErreur[400], ...reponsesAcces },
      },
    },
    async (req, reply) => {
      const { type, nom, ...ids } = req.body;
      const o = await service.creerOrganisation(
        acteurDe(authentificationDe(req).sujet),
        type,
        nom,
        ids,
      );
      return reply.status(201).send(o);
    },
  );

  app.get(
    '/api/v1/organisations/:organisation',
    {
      config: { acces: { action: 'organisation.lire', organisation: 'organisation' } },
      schema: {
        summary: 'Une organisation',
        tags: tag,
        params: paramOrg,
        response: { 200: organisationSchema, 404: reponsesErreur[404], ...reponsesAcces },
      },
    },
    async (req) => organisationOu404(req.params.organisation),
  );

  app.get(
    '/api/v1/organisations/:organisation/membres',
    {
      config: { acces: { action: 'organisation.administrer', organisation: 'organisation' } },
      schema: {
        summary: 'Les utilisateurs d’une organisation et leurs rôles',
        tags: tag,
        params: paramOrg,
        response: { 200: z.object({ membres: z.array(membreSchema) }), ...reponsesAcces },
      },
    },
    async (req) => ({ membres: await depot.membresDe(db(), req.params.organisation) }),
  );

  app.post(
    '/api/v1/organisations/:organisation/membres',
    {
      config: { acces: { action: 'organisation.administrer', organisation: 'organisation' } },
      schema: {
        summary: 'Inviter une personne dans l’organisation avec un rôle (courriel avec un lien)',
        tags: tag,
        params: paramOrg,
        body: invitationSchema,
        response: {
          201: z.object({ compteId: z.string(), nouveau: z.boolean() }),
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          ...reponsesAcces,
        },
      },
    },
    async (req, reply) => {
      const o = await organisationOu404(req.params.organisation);
      const r = await service.inviter(
        authentificationDe(req),
        o,
        req.body.courriel,
        req.body.role,
        req.body.nom ?? null,
      );
      return reply.status(201).send(r);
    },
  );

  app.delete(
    '/api/v1/organisations/:organisation/membres/:compte',
    {
      config: { acces: { action: 'organisation.administrer', organisation: 'organisation' } },
      schema: {
        summary: 'Retirer une personne de l’organisation (tous ses rôles)',
        tags: tag,
        params: paramOrg.extend({ compte: z.string().min(1).max(100) }),
        response: {
          204: z.null(),
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          ...reponsesAcces,
        },
      },
    },
    async (req, reply) => {
      const ok = await service.retirerMembre(
        authentificationDe(req),
        req.params.organisation,
        req.params.compte,
      );
      if (!ok)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Membre',
          identifiant: req.params.compte,
        });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/organisations/:organisation/cles',
    {
      config: { acces: { action: 'cle_api.gerer', organisation: 'organisation' } },
      schema: {
        summary: 'Les clés d’API de l’organisation (sans leur secret)',
        tags: tag,
        params: paramOrg,
        response: { 200: z.object({ cles: z.array(cleApiSchema) }), ...reponsesAcces },
      },
    },
    async (req) => ({ cles: await depot.listerCles(db(), new Set([req.params.organisation])) }),
  );

  app.post(
    '/api/v1/organisations/:organisation/cles',
    {
      config: { acces: { action: 'cle_api.gerer', organisation: 'organisation' } },
      schema: {
        summary: 'Créer une clé d’API pour un logiciel de l’organisation (montrée une seule fois)',
        tags: tag,
        params: paramOrg,
        body: creationCleSchema,
        response: {
          201: cleCreeeSchema,
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          ...reponsesAcces,
        },
      },
    },
    async (req, reply) => {
      const o = await organisationOu404(req.params.organisation);
      const r = await service.creerCle(authentificationDe(req), o, req.body.role, req.body.libelle);
      return reply.status(201).send(r);
    },
  );

  app.delete(
    '/api/v1/organisations/:organisation/cles/:cle',
    {
      config: { acces: { action: 'cle_api.gerer', organisation: 'organisation' } },
      schema: {
        summary: 'Révoquer une clé d’API',
        tags: tag,
        params: paramOrg.extend({ cle: z.string().min(1).max(100) }),
        response: { 204: z.null(), 404: reponsesErreur[404], ...reponsesAcces },
      },
    },
    async (req, reply) => {
      const ok = await service.revoquerCle(
        authentificationDe(req),
        req.params.organisation,
        req.params.cle,
      );
      if (!ok)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Clé d’API',
          identifiant: req.params.cle,
        });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/cles',
    {
      config: { acces: { action: 'compte.lire_soi' } },
      schema: {
        summary: 'Les clés d’API des organisations que j’administre',
        tags: tag,
        response: { 200: z.object({ cles: z.array(cleApiSchema) }), ...reponsesAcces },
      },
    },
    async (req) => {
      const ids = organisationsPermises(authentificationDe(req).sujet, 'cle_api.gerer');
      return { cles: await depot.listerCles(db(), ids) };
    },
  );
};
