import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { choisirMillesime } from '../../domaine/rattachement/index.ts';
import { reponseSiro, siretInterrogeable } from '../../domaine/siro/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import {
  connexionSiroSchema,
  messageSiroSchema,
  reponseSiroSchema,
  type ReponseSiro,
} from '../../partage/siro.schema.ts';
import type { Base } from '../../stockage/db.ts';
import { obtenirRattacheur } from '../../stockage/rattachement.depot.ts';
import {
  cleValide,
  connecterPartenaire,
  empreinte,
  jetonValide,
} from '../../stockage/siro.depot.ts';
import type { ModuleRoutes } from '../types.ts';

/**
 * Drop-in compatibility with France compétences' SIRO API (« Quel est mon OPCO ? »), so that its
 * existing clients only change their base URL (contract: ../shared/domain/siro-api.md, docs in
 * docs/rattachement.md). The answers come from the same finder as GET /api/v1/rattachement.
 * Unlike the rest of the API, the 401 and 429 answers keep the gateway's `{"message": …}` body
 * that these clients know (docs/errors.md).
 */

export const TAG_SIRO = 'SIRO (compatibilité)';
export const ENTETE_CLE = 'x-gravitee-api-key';

const MESSAGE_401 = { message: 'Unauthorized' } as const;
const MESSAGE_429 = { message: 'Too Many Requests' } as const;

const enteteCle = z
  .string()
  .optional()
  .describe('Clé d’API (créée par « opco siro cle creer <nom> »)');

const enteteBearer = z
  .string()
  .optional()
  .describe('« Bearer <jeton> », jeton obtenu par POST /siropartfc-auth/login');

const reponsesLookup = {
  200: reponseSiroSchema,
  401: messageSiroSchema.describe('Clé absente ou invalide (ou jeton pour la route partenaire)'),
  429: messageSiroSchema.describe('Trop de requêtes pour cette clé dans la minute'),
  503: reponsesErreur[503],
} as const;

function entete(req: FastifyRequest, nom: string): string | undefined {
  const v = req.headers[nom];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function refuser(reply: FastifyReply): FastifyReply {
  return reply.code(401).type('application/json; charset=utf-8').send(MESSAGE_401);
}

/** Lookup for one SIRET as received: 99 for a malformed or unknown one, never an error. */
async function chercher(base: Base, siret: string): Promise<ReponseSiro> {
  if (!siretInterrogeable(siret)) return { code: '99', siret };
  const r = await obtenirRattacheur(base);
  const m = choisirMillesime(r.ref.siro, null);
  // Answering 99 (« unknown ») without the real table would be false; the demonstration
  // sample is synthetic and these clients cannot see a « demo » flag.
  if (!m || m.source.demo)
    throw new ErreurOpco('ERR_DONNEES_ABSENTES', {
      jeu: 'siro',
      detail: m
        ? 'seul l’échantillon de démonstration de la table SIRET-OPCO est chargé ; les routes compatibles SIRO ne servent que la table publiée par France compétences : importez-la avec « opco import siro <fichier> ».'
        : 'aucune table SIRET-OPCO n’est chargée : importez celle de France compétences avec « opco import siro <fichier> ».',
    });
  return reponseSiro(siret, r.parSiret(siret, null));
}

export const routesSiro: ModuleRoutes = (app, { base, config }) => {
  void app.register(async (instance) => {
    const siro = instance.withTypeProvider<ZodTypeProvider>();

    // Per API key (its SHA-256, never the key itself), or per address without a key. The
    // counters live in this process: with several processes the limit applies to each.
    await siro.register(rateLimit, {
      global: true,
      max: config.siroLimiteParMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => {
        const cle = entete(req, ENTETE_CLE);
        return cle ? `cle:${empreinte(cle)}` : `ip:${req.ip}`;
      },
      errorResponseBuilder: (_req, ctx) =>
        Object.assign(new Error(MESSAGE_429.message), { statusCode: ctx.statusCode }),
    });

    siro.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.statusCode === 429)
        return reply.code(429).type('application/json; charset=utf-8').send(MESSAGE_429);
      // Everything else goes to the application's handler (problem+json).
      throw err;
    });

    // Every SIRO path needs an active key, checked before the body is read.
    siro.addHook('onRequest', async (req, reply) => {
      const cle = entete(req, ENTETE_CLE);
      if (!cle || !(await cleValide(base, cle))) return refuser(reply);
    });

    const jetonRequis = async (req: FastifyRequest, reply: FastifyReply) => {
      const a = entete(req, 'authorization');
      const m = a ? /^Bearer\s+(\S+)\s*$/i.exec(a) : null;
      if (!m?.[1] || !(await jetonValide(base, m[1]))) return refuser(reply);
    };

    siro.get(
      '/siro/v1/public/:siret',
      {
        // SIRO checks its own keys and tokens (siro_cle, siro_jeton): public for the access table.
        config: { acces: 'public' },
        schema: {
          summary: 'SIRO public : l’OPCO d’un SIRET, au format de France compétences',
          description:
            'Compatible avec GET https://api.francecompetences.fr/siro/v1/public/{siret} : même chemin, même en-tête X-Gravitee-Api-Key, même corps. ' +
            'Toujours 200 pour une recherche : code 01 (trouvé) ou 99 (inconnu ou mal formé, avec le SIRET tel que demandé). ' +
            '401 {"message":"Unauthorized"} sans clé valide ; 429 {"message":"Too Many Requests"} au-delà de la limite par clé.',
          tags: [TAG_SIRO],
          params: z.object({ siret: z.string().describe('SIRET (14 chiffres)') }),
          headers: z.object({ [ENTETE_CLE]: enteteCle }),
          response: reponsesLookup,
        },
      },
      async (req) => chercher(base, req.params.siret),
    );

    const schemaPartenaire = {
      params: z.object({ siret: z.string().describe('SIRET (14 chiffres)') }),
      headers: z.object({ [ENTETE_CLE]: enteteCle, authorization: enteteBearer }),
      response: reponsesLookup,
    };

    siro.get(
      '/siropartfc/v1/api/partenaire/:siret',
      {
        // SIRO checks its own keys and tokens (siro_cle, siro_jeton): public for the access table.
        config: { acces: 'public' },
        onRequest: jetonRequis,
        schema: {
          summary: 'SIRO partenaire : l’OPCO d’un SIRET, avec clé et jeton',
          description:
            'Compatible avec GET https://api.francecompetences.fr/siropartfc/v1/api/partenaire/{siret} : en-têtes X-Gravitee-Api-Key et Authorization: Bearer <jeton>. Même corps que la route publique.',
          tags: [TAG_SIRO],
          ...schemaPartenaire,
        },
      },
      async (req) => chercher(base, req.params.siret),
    );

    siro.get(
      '/siropartfc/:siret',
      {
        // SIRO checks its own keys and tokens (siro_cle, siro_jeton): public for the access table.
        config: { acces: 'public' },
        onRequest: jetonRequis,
        schema: {
          summary: 'SIRO partenaire, ancien chemin de préproduction',
          description:
            'Ancien chemin (GET /siropartfc/{siret}) encore présent dans l’historique des clients ; identique à /siropartfc/v1/api/partenaire/{siret}.',
          tags: [TAG_SIRO],
          ...schemaPartenaire,
        },
      },
      async (req) => chercher(base, req.params.siret),
    );

    siro.post(
      '/siropartfc-auth/login',
      {
        // SIRO checks its own keys and tokens (siro_cle, siro_jeton): public for the access table.
        config: { acces: 'public' },
        schema: {
          summary: 'SIRO partenaire : obtenir un jeton',
          description:
            'Compatible avec POST https://api.francecompetences.fr/siropartfc-auth/login : corps JSON {login, password} et en-tête X-Gravitee-Api-Key. ' +
            `Réponse : le jeton seul, en text/plain, valable ${config.siroDureeJetonHeures} heures (OPCO_SIRO_DUREE_JETON_HEURES). 401 pour une clé, un login ou un mot de passe invalides.`,
          tags: [TAG_SIRO],
          headers: z.object({ [ENTETE_CLE]: enteteCle }),
          body: connexionSiroSchema,
          response: {
            200: z.string().describe('Le jeton, en text/plain'),
            400: reponsesErreur[400],
            401: messageSiroSchema.describe('Clé, login ou mot de passe invalides'),
            429: messageSiroSchema,
          },
        },
      },
      async (req, reply) => {
        const jeton = await connecterPartenaire(
          base,
          req.body.login,
          req.body.password,
          config.siroDureeJetonHeures,
        );
        if (!jeton) return refuser(reply);
        return reply.type('text/plain; charset=utf-8').send(jeton);
      },
    );
  });
};
