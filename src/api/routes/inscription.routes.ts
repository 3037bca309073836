import { z } from 'zod';
import { declarationSurLHonneur, normaliserCourriel } from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import {
  confirmationAttestationSchema,
  confirmationReponseSchema,
  inscriptionEntrepriseSchema,
  inscriptionReponseSchema,
} from '../../partage/inscription.schema.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { problemeSchema, reponsesErreur } from '../../partage/probleme.ts';
import { authentificationDe, poserCookieSession } from '../acces/installer.ts';
import type { ModuleRoutes } from '../types.ts';
import { decrireMoi } from './session.routes.ts';

const tag = ['comptes'];

/** Entreprise attestée à la première utilisation (docs/comptes.md). */
export const routesInscription: ModuleRoutes = (app) => {
  const service = app.comptes;
  const limite = { max: service.config.connexionsParMinuteParIp, timeWindow: 60_000 };

  app.post(
    '/api/v1/entreprises/inscription',
    {
      config: { acces: 'public', rateLimit: limite },
      schema: {
        summary:
          'Créer l’accès de son entreprise par SIRET, sur l’honneur : connecté(e) aussitôt en lecture seule, complet après confirmation du courriel',
        tags: tag,
        body: inscriptionEntrepriseSchema,
        response: {
          201: inscriptionReponseSchema,
          400: reponsesErreur[400],
          409: problemeSchema,
          429: problemeSchema,
        },
      },
    },
    async (req, reply) => {
      const opco = await app.trouverOpco(req.body.siret);
      const r = await service.inscrireEntreprise({
        siret: req.body.siret,
        courriel: req.body.courriel,
        motDePasse: req.body.motDePasse,
        denomination: req.body.denomination,
        opco,
      });
      poserCookieSession(req, reply, r.jeton, service.config.dureeSessionMs);
      const auth = await service.resoudreSession(r.jeton);
      if (!auth) throw new ErreurOpco('ERR_NON_AUTHENTIFIE', {});
      return reply.status(201).send({
        moi: await decrireMoi(app, auth, r.jetonCsrf),
        opco,
        declaration: declarationSurLHonneur(req.body.siret, r.compte.courriel),
        confirmationEnvoyeeA: normaliserCourriel(r.compte.courriel),
      });
    },
  );

  app.post(
    '/api/v1/entreprises/inscription/confirmation',
    {
      config: { acces: 'public', rateLimit: limite },
      schema: {
        summary:
          'Confirmer son courriel avec le lien reçu : l’accès de l’entreprise devient complet',
        tags: tag,
        body: confirmationAttestationSchema,
        response: { 200: confirmationReponseSchema, 400: reponsesErreur[400], 429: problemeSchema },
      },
    },
    async (req) => service.confirmerAttestation(req.body.jeton),
  );

  app.post(
    '/api/v1/entreprises/inscription/renvoi',
    {
      config: { acces: { action: 'compte.lire_soi' }, rateLimit: limite },
      schema: {
        summary: 'Recevoir un nouveau lien de confirmation (attestation en attente)',
        tags: tag,
        response: {
          202: z.object({ envoye: z.boolean() }),
          ...reponsesAcces,
          429: problemeSchema,
        },
      },
    },
    async (req, reply) =>
      reply
        .status(202)
        .send({ envoye: await service.renvoyerConfirmation(authentificationDe(req)) }),
  );
};
