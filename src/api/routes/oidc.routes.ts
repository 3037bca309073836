import { z } from 'zod';
import { ErreurOpco } from '../../partage/erreurs.ts';
import {
  fournisseursOidcSchema,
  parametreFournisseurSchema,
  retourOidcSchema,
} from '../../partage/oidc.schema.ts';
import { problemeSchema, reponsesErreur } from '../../partage/probleme.ts';
import { cookieSecurise, lireCookie, poserCookieSession } from '../acces/installer.ts';
import { ConnexionOidc, DUREE_DEMANDE_MS, EchecOidc, NOM_COOKIE_OIDC } from '../acces/oidc.ts';
import type { AppZod, ModuleRoutes } from '../types.ts';

const tag = ['comptes'];
const chemin = '/api/v1/session/oidc';

const redirection = z.null().describe('Redirection (en-tête Location)');

/**
 * Sign-in through OpenID Connect (authorization code + PKCE): the browser is sent to the
 * provider, comes back to /retour, and lands on /connexion (which opens the person's space, or
 * shows the error named in `?erreur=`).
 */
export const routesOidc: ModuleRoutes = (app: AppZod) => {
  const service = app.comptes;
  const oidc = new ConnexionOidc(service.config.oidc, () => service.horloge());
  const limite = { max: service.config.connexionsParMinuteParIp, timeWindow: 60_000 };
  const options = (secure: boolean) => ({
    path: chemin,
    httpOnly: true,
    secure,
    // Lax: the provider's redirect back is a cross-site top-level navigation.
    sameSite: 'lax' as const,
  });

  app.get(
    chemin,
    {
      config: { acces: 'public' },
      schema: {
        summary: 'Fournisseurs d’identité OpenID Connect proposés à la connexion',
        tags: tag,
        response: { 200: fournisseursOidcSchema, 400: reponsesErreur[400] },
      },
    },
    async () => ({
      fournisseurs: oidc.fournisseurs.map((f) => ({ id: f.id, libelle: f.libelle, opco: f.opco })),
    }),
  );

  app.get(
    `${chemin}/retour`,
    {
      config: { acces: 'public', rateLimit: limite },
      schema: {
        summary:
          'Retour du fournisseur d’identité : vérifie le code (PKCE, state, nonce), ouvre la session et renvoie vers /connexion',
        tags: tag,
        querystring: retourOidcSchema,
        response: { 302: redirection, 400: reponsesErreur[400], 429: problemeSchema },
      },
    },
    async (req, reply) => {
      const cookie = lireCookie(req, NOM_COOKIE_OIDC);
      void reply.clearCookie(NOM_COOKIE_OIDC, options(cookieSecurise(req)));
      const requete = new URLSearchParams(req.raw.url?.split('?')[1] ?? '');
      try {
        const identite = await oidc.terminer(cookie, requete);
        const s = await service.connecterOidc(identite);
        poserCookieSession(req, reply, s.jeton, service.config.dureeSessionMs);
        return reply.redirect('/connexion?oidc=1', 302);
      } catch (e) {
        const code =
          e instanceof ErreurOpco && e.code === 'ERR_OIDC_COMPTE_INCONNU'
            ? 'ERR_OIDC_COMPTE_INCONNU'
            : 'ERR_OIDC_ECHEC';
        const raison =
          e instanceof EchecOidc ? e.raison : e instanceof ErreurOpco ? e.message : 'erreur';
        req.log.warn({ code, raison }, 'connexion OIDC refusée');
        if (!(e instanceof EchecOidc) && !(e instanceof ErreurOpco)) req.log.error(e);
        return reply.redirect(`/connexion?erreur=${code}`, 302);
      }
    },
  );

  app.get(
    `${chemin}/:fournisseur`,
    {
      config: { acces: 'public', rateLimit: limite },
      schema: {
        summary: 'Se connecter par un fournisseur d’identité OpenID Connect (redirection)',
        tags: tag,
        params: parametreFournisseurSchema,
        response: {
          302: redirection,
          400: reponsesErreur[400],
          404: problemeSchema,
          429: problemeSchema,
        },
      },
    },
    async (req, reply) => {
      const f = oidc.fournisseur(req.params.fournisseur);
      if (!f)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Fournisseur d’identité',
          identifiant: req.params.fournisseur,
        });
      try {
        const d = await oidc.demarrer(f);
        void reply.setCookie(NOM_COOKIE_OIDC, d.cookie, {
          ...options(cookieSecurise(req)),
          maxAge: Math.floor(DUREE_DEMANDE_MS / 1000),
        });
        return reply.redirect(d.url, 302);
      } catch (e) {
        req.log.warn({ raison: e instanceof EchecOidc ? e.raison : 'erreur' }, 'OIDC injoignable');
        return reply.redirect('/connexion?erreur=ERR_OIDC_ECHEC', 302);
      }
    },
  );
};
