import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { enregistrerPublic, installerAcces, type OptionsAcces } from './acces/installer.ts';
import { journalMasque } from './acces/journal.ts';
import {
  envoyerProbleme,
  erreurClient,
  erreursFramework,
  installerGestionErreurs,
  LONGUEUR_MAX_PARAMETRE,
  probleme,
} from './erreurs.ts';
import { journalDeRequete } from './journal.ts';
import { modulesRoutes } from './routes/index.ts';
import { serialiseurDeConfiance, serialiseurValide } from './serialisation.ts';
import type { AppZod, Dependances, ModuleRoutes } from './types.ts';
import { validateurAvecVoiesRapides } from './validation.ts';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dossierWeb = path.join(racine, 'dist', 'web');

export interface OptionsApp {
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built web UI; defaults to dist/web. */
  dossierWeb?: string;
  /** Re-validate every answer with its zod schema before writing it (tests; see serialisation.ts). */
  serialisationValidee?: boolean;
  /** Extra route modules (tests of the error mapping). */
  modulesSupplementaires?: readonly ModuleRoutes[];
  /** Accounts and access: configuration, mail adapter, clock (defaults from the environment). */
  comptes?: OptionsAcces;
}

/**
 * Builds the whole HTTP application around its dependencies, without listening: tests use
 * `app.inject`, src/cli/commandes/serve.ts calls `listen`.
 */
export async function construireApp(deps: Dependances, options: OptionsApp = {}): Promise<AppZod> {
  const app = Fastify({
    logger: options.logger ? journalMasque(options.logger) : false,
    // No pino child per request while nothing is logged (src/api/journal.ts).
    ...(options.logger ? { childLoggerFactory: journalDeRequete } : {}),
    genReqId: () => crypto.randomUUID(),
    // Fastify's own refusals (bad % encoding, long parameter, unreadable HTTP) as problem+json.
    routerOptions: { maxParamLength: LONGUEUR_MAX_PARAMETRE },
    frameworkErrors: erreursFramework,
    clientErrorHandler: erreurClient,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validateurAvecVoiesRapides);
  app.setSerializerCompiler(
    options.serialisationValidee ? serialiseurValide : serialiseurDeConfiance,
  );
  app.decorate('serialisationValidee', options.serialisationValidee === true);
  installerGestionErreurs(app);
  // Before any route: its onRoute hook records every route's access declaration.
  await installerAcces(app, deps, options.comptes);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Plateforme OPCO — API',
        description:
          'API ouverte des opérateurs de compétences : référentiels, rattachement, règles de financement. Les erreurs sont au format application/problem+json (RFC 9457) avec un code stable.',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true }, config: { acces: 'public' } }, async () =>
    app.swagger(),
  );

  for (const enregistrer of [...modulesRoutes, ...(options.modulesSupplementaires ?? [])])
    enregistrer(app, deps);

  const web = options.dossierWeb ?? dossierWeb;
  const webPresent = existsSync(path.join(web, 'index.html'));
  if (webPresent) {
    // The built web UI is public: the file routes it registers say so (src/api/acces).
    await enregistrerPublic(app, async () => {
      await app.register(fastifyStatic, {
        root: web,
        prefix: '/',
        wildcard: false,
        index: 'index.html',
      });
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    const veutHtml = (req.headers.accept ?? '').includes('text/html');
    const estApi = url.startsWith('/api/') || url === '/health' || url.startsWith('/docs');
    // The web UI routes on the client: every other page a browser asks for gets index.html.
    if (webPresent && req.method === 'GET' && veutHtml && !estApi) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return envoyerProbleme(
      reply,
      probleme('ERR_ROUTE_INCONNUE', { methode: req.method, url }, url),
    );
  });

  return app;
}
