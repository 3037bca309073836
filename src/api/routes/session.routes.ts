import { z } from 'zod';
import { espacesDe } from '../../domaine/comptes/index.ts';
import {
  changementMotDePasseSchema,
  connexionSchema,
  definitionMotDePasseSchema,
  demandeReinitialisationSchema,
  moiSchema,
  reponsesAcces,
  type Moi,
} from '../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { problemeSchema, reponsesErreur } from '../../partage/probleme.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import {
  authentificationDe,
  effacerCookieSession,
  poserCookieSession,
} from '../acces/installer.ts';
import type { Authentification } from '../acces/service.ts';
import type { AppZod, ModuleRoutes } from '../types.ts';

/** What GET /api/v1/moi answers for an authentication. */
export async function decrireMoi(
  app: AppZod,
  auth: Authentification,
  jetonCsrf: string | null,
): Promise<Moi> {
  const db = depot.comptes(app.comptes.base.db);
  const ids = new Set(auth.sujet.adhesions.map((a) => a.organisationId));
  const organisations = await depot.listerOrganisations(db, ids);
  return {
    compte: {
      id: auth.compte?.id ?? null,
      courriel: auth.compte?.courriel ?? null,
      nom: auth.compte?.nom ?? null,
      administrateurPlateforme: auth.sujet.administrateurPlateforme,
      methode: auth.session ? 'session' : 'cle_api',
    },
    motDePasseAChanger: auth.compte?.doitChangerMotDePasse ?? false,
    organisations: organisations.map((o) => ({
      ...o,
      roles: auth.sujet.adhesions.filter((a) => a.organisationId === o.id).map((a) => a.role),
      enAttente: auth.sujet.adhesions.some(
        (a) => a.organisationId === o.id && a.enAttente === true,
      ),
    })),
    espaces: espacesDe(auth.sujet),
    jetonCsrf,
  };
}

const tag = ['comptes'];

export const routesSession: ModuleRoutes = (app) => {
  const service = app.comptes;

  app.post(
    '/api/v1/session',
    {
      config: {
        acces: 'public',
        rateLimit: {
          max: service.config.connexionsParMinuteParIp,
          timeWindow: 60_000,
        },
      },
      schema: {
        summary: 'Se connecter (courriel et mot de passe) : pose le cookie de session',
        tags: tag,
        body: connexionSchema,
        response: {
          200: moiSchema,
          400: reponsesErreur[400],
          401: problemeSchema,
          429: problemeSchema,
        },
      },
    },
    async (req, reply) => {
      const r = await service.connecter(req.body.courriel, req.body.motDePasse);
      if (!r.ok) {
        if (r.motif === 'bloque')
          throw new ErreurOpco('ERR_TROP_DE_TENTATIVES', {
            quand: `après ${r.jusqua?.toISOString() ?? 'un délai'}`,
          });
        throw new ErreurOpco('ERR_IDENTIFIANTS_INVALIDES', {});
      }
      poserCookieSession(req, reply, r.jeton, service.config.dureeSessionMs);
      const auth = await service.resoudreSession(r.jeton);
      if (!auth) throw new ErreurOpco('ERR_NON_AUTHENTIFIE', {});
      return decrireMoi(app, auth, r.jetonCsrf);
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { acces: { action: 'compte.lire_soi', avantChangementMotDePasse: true } },
      schema: {
        summary: 'Se déconnecter : la session est supprimée de la base',
        tags: tag,
        response: { 204: z.null(), ...reponsesAcces },
      },
    },
    async (req, reply) => {
      await service.fermerSession(authentificationDe(req));
      effacerCookieSession(req, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/moi',
    {
      config: { acces: { action: 'compte.lire_soi', avantChangementMotDePasse: true } },
      schema: {
        summary: 'Mon compte, mes organisations et mes rôles',
        tags: tag,
        response: { 200: moiSchema, ...reponsesAcces },
      },
    },
    async (req) => {
      const auth = authentificationDe(req);
      return decrireMoi(app, auth, auth.session?.jetonCsrf ?? null);
    },
  );

  app.put(
    '/api/v1/moi/mot-de-passe',
    {
      config: { acces: { action: 'compte.modifier_soi', avantChangementMotDePasse: true } },
      schema: {
        summary: 'Changer mon mot de passe (les autres sessions sont fermées)',
        tags: tag,
        body: changementMotDePasseSchema,
        response: { 204: z.null(), 400: reponsesErreur[400], ...reponsesAcces },
      },
    },
    async (req, reply) => {
      await service.changerMotDePasse(
        authentificationDe(req),
        req.body.motDePasseActuel,
        req.body.nouveauMotDePasse,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/mot-de-passe/reinitialisation',
    {
      config: {
        acces: 'public',
        rateLimit: { max: service.config.connexionsParMinuteParIp, timeWindow: 60_000 },
      },
      schema: {
        summary:
          'Demander un lien de réinitialisation du mot de passe (réponse identique que le compte existe ou non)',
        tags: tag,
        body: demandeReinitialisationSchema,
        response: { 202: z.null(), 400: reponsesErreur[400], 429: problemeSchema },
      },
    },
    async (req, reply) => {
      await service.demanderReinitialisation(req.body.courriel);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/v1/mot-de-passe/definition',
    {
      config: {
        acces: 'public',
        rateLimit: { max: service.config.connexionsParMinuteParIp, timeWindow: 60_000 },
      },
      schema: {
        summary:
          'Choisir son mot de passe avec le lien d’invitation ou de réinitialisation, et se connecter',
        tags: tag,
        body: definitionMotDePasseSchema,
        response: { 200: moiSchema, 400: reponsesErreur[400], 429: problemeSchema },
      },
    },
    async (req, reply) => {
      const r = await service.definirParJeton(req.body.jeton, req.body.motDePasse);
      poserCookieSession(req, reply, r.jeton, service.config.dureeSessionMs);
      const auth = await service.resoudreSession(r.jeton);
      if (!auth) throw new ErreurOpco('ERR_NON_AUTHENTIFIE', {});
      return decrireMoi(app, auth, r.jetonCsrf);
    },
  );
};
