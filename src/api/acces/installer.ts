import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { decider, type Action } from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { obtenirRattacheur } from '../../stockage/rattachement.depot.ts';
import type { AppZod, Dependances } from '../types.ts';
import { lireConfigComptes, type ConfigComptes } from './config.ts';
import { courrierDossier, type Courrier } from './courriels.ts';
import { ecouterCanal } from './notifications.ts';
import { ServiceComptes, type Authentification } from './service.ts';

/**
 * What a route requires, declared in its options: `config: { acces: 'public' }` or
 * `config: { acces: { action: 'organisation.lire', organisation: 'organisation' } }` where
 * `organisation` names the path parameter holding the organisation the resource belongs to.
 */
export type Acces =
  | 'public'
  | {
      action: Action;
      /** Path parameter carrying the id of the organisation owning the resource. */
      organisation?: string;
      /** Open to an account that must still change its initial password. */
      avantChangementMotDePasse?: boolean;
    };

export interface RouteDeclaree {
  readonly methode: string;
  readonly url: string;
  readonly acces: Acces | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    acces?: Acces;
  }
  interface FastifyRequest {
    /** Resolved once per request by the access hook (null on public routes). */
    authentification: Authentification | null;
  }
  interface FastifyInstance {
    comptes: ServiceComptes;
    /** The finder's OPCO of a SIRET, for companies attested on first use. */
    trouverOpco: TrouverOpco;
    /** Every route with its access declaration (null: none — refused, and a test fails). */
    routesAcces: RouteDeclaree[];
  }
}

/** Routes registered by plugins (Swagger UI, static files of the web UI): public. */
function estInfrastructure(url: string): boolean {
  return url === '/' || url === '/*' || url === '/openapi.json' || url.startsWith('/docs');
}

export const NOM_COOKIE = 'opco_session';

/**
 * A cookie of the request, its header parsed only by the code that reads one (the access hook of
 * non-public routes, OIDC): @fastify/cookie runs no parsing hook on every request
 * (`hook: false`), so the finder and the texts never parse cookies.
 */
export function lireCookie(req: FastifyRequest, nom: string): string | undefined {
  const entete = req.headers.cookie;
  if (!entete) return undefined;
  return req.server.parseCookie(entete)[nom];
}

/**
 * `Secure` is relaxed only for plain http on the loopback (development, tests): browsers refuse
 * to store a Secure cookie over http://127.0.0.1. Anything else gets Secure.
 */
export function cookieSecurise(req: FastifyRequest): boolean {
  if (req.protocol === 'https') return true;
  return !['localhost', '127.0.0.1', '[::1]', '::1'].includes(req.hostname);
}

export function poserCookieSession(
  req: FastifyRequest,
  reply: FastifyReply,
  jeton: string,
  dureeMs: number,
): void {
  void reply.setCookie(NOM_COOKIE, jeton, {
    path: '/',
    httpOnly: true,
    secure: cookieSecurise(req),
    sameSite: 'strict',
    maxAge: Math.floor(dureeMs / 1000),
  });
}

export function effacerCookieSession(req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(NOM_COOKIE, {
    path: '/',
    httpOnly: true,
    secure: cookieSecurise(req),
    sameSite: 'strict',
  });
}

/** The finder's OPCO for a SIRET (port: « Trouver mon OPCO »; null when the SIRET is unknown). */
export type TrouverOpco = (siret: string) => Promise<{ code: string; nom: string } | null>;

export interface OptionsAcces {
  config?: ConfigComptes;
  /** Defaults to the finder on the loaded reference data (src/stockage/rattachement.depot.ts). */
  trouverOpco?: TrouverOpco;
  courrier?: Courrier;
  horloge?: () => Date;
}

/**
 * The security headers helmet sets (CSP without inline script, HSTS, nosniff…), read once by
 * running its middleware on a recording response: they depend on no request. Names in lowercase,
 * as Fastify records them.
 */
export function entetesSecurite(): Record<string, string> {
  const entetes = new Map<string, string>();
  const milieu = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Swagger UI and React set inline styles; no inline script is allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Cross-origin isolation would break nothing here, but keep the default embedder policy off
    // so the OpenAPI document can be fetched by other tools.
    crossOriginEmbedderPolicy: false,
  });
  const enregistreur = {
    setHeader(nom: string, valeur: string | number | readonly string[]) {
      entetes.set(nom.toLowerCase(), Array.isArray(valeur) ? valeur.join(', ') : String(valeur));
    },
    removeHeader(nom: string) {
      entetes.delete(nom.toLowerCase());
    },
  };
  milieu(
    {} as unknown as IncomingMessage,
    enregistreur as unknown as ServerResponse,
    (e?: unknown) => {
      if (e) throw e;
    },
  );
  return Object.fromEntries(entetes);
}

/**
 * The security headers of an API answer (JSON, problem+json, CSV, files under `/api/` and
 * `/health`): the set of OWASP's REST Security Cheat Sheet instead of helmet's set for HTML
 * documents. An API answer is never rendered as a document (its type is sent with `nosniff`), so
 * the document directives (script, style, image sources, COOP, Origin-Agent-Cluster, DNS
 * prefetch, XSS filter…) do nothing there: they only made each answer ≈ 600 bytes longer.
 *  - `cache-control: no-store`: no answer of the API (sessions, dossiers, amounts) is kept by a
 *    browser or a proxy;
 *  - `content-security-policy: frame-ancestors 'none'` and `x-frame-options: DENY`: never
 *    framed. No `default-src 'none'`: it would blank the Cerfa PDF shown inline by browsers;
 *  - HSTS (the same value as on documents), `nosniff`, and `cross-origin-resource-policy:
 *    same-origin` (as before: no cross-origin `no-cors` read).
 * Decided in docs/adr/ADR-2026-12-02-performance-cli-serveur.md (« Suite 4 »).
 */
export function entetesSecuriteApi(documents: Record<string, string>): Record<string, string> {
  const hsts = documents['strict-transport-security'];
  return {
    'cache-control': 'no-store',
    'content-security-policy': "frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    ...(hsts ? { 'strict-transport-security': hsts } : {}),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

/** True for a request answered by the API (JSON, problem+json, files), not an HTML document. */
export function estUrlApi(url: string): boolean {
  if (url.startsWith('/api/')) return true;
  if (!url.startsWith('/health')) return false;
  return url.length === 7 || url.charCodeAt(7) === 63 /* ? */ || url.charCodeAt(7) === 47; /* / */
}

/** Fastify's own record of a reply's headers (an internal field: looked up by its description). */
let cleEntetesReponse: symbol | null | undefined;

/**
 * Sets headers whose names are already lowercase (the security headers) on a reply that has none
 * yet: as one copy of the object into Fastify's record of the reply's headers, where
 * `reply.headers` set them one by one (the record then grew key by key on every request). Falls
 * back to `reply.headers` if that record is not found or already holds a header.
 */
export function poserEntetes(reply: FastifyReply, entetes: Record<string, string>): void {
  if (cleEntetesReponse === undefined)
    cleEntetesReponse =
      Object.getOwnPropertySymbols(reply).find((s) => s.description === 'fastify.reply.headers') ??
      null;
  const enregistrees = cleEntetesReponse
    ? (reply as unknown as Record<symbol, unknown>)[cleEntetesReponse]
    : undefined;
  if (cleEntetesReponse && typeof enregistrees === 'object' && enregistrees !== null) {
    let vide = true;
    for (const _ in enregistrees) {
      vide = false;
      break;
    }
    if (vide) {
      (reply as unknown as Record<symbol, unknown>)[cleEntetesReponse] = { ...entetes };
      return;
    }
  }
  void reply.headers(entetes);
}

const methodesModifiantes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function cleDeRequete(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h.startsWith('Bearer ')) return h.slice(7).trim();
  const x = req.headers['x-api-key'];
  return typeof x === 'string' ? x.trim() : null;
}

/**
 * Installs accounts and access on the root instance: cookies, security headers, the login
 * rate limiter, the service, and the one hook that authenticates and decides for every route.
 * Must run before the first route is registered (the onRoute hook records their declarations).
 */
export async function installerAcces(
  app: AppZod,
  deps: Dependances,
  options: OptionsAcces = {},
): Promise<void> {
  const config = options.config ?? lireConfigComptes();
  const service = new ServiceComptes(
    deps.base,
    config,
    options.courrier ?? courrierDossier(config.dossierCourriels),
    options.horloge,
  );
  app.decorate('comptes', service);
  app.decorate(
    'trouverOpco',
    options.trouverOpco ??
      (async (siret: string) => {
        try {
          const r = await obtenirRattacheur(deps.base, false, deps.config.rattachement);
          const o = r.parSiret(siret, null).opco;
          return o ? { code: o.code, nom: o.nom } : null;
        } catch {
          return null; // no reference data loaded: the attestation records no OPCO
        }
      }),
  );
  // Several processes on one PostgreSQL: a change committed by one empties the others' cache of
  // sessions and keys (LISTEN/NOTIFY); the cache's lifetime bounds the delay if a notice is lost.
  if (deps.base.moteur === 'postgres' && deps.config.databaseUrl && config.cacheAccesMs > 0) {
    const ecoute = await ecouterCanal(
      deps.config.databaseUrl,
      service.canalInvalidation,
      () => service.invalider(),
      { journal: (m) => app.log.warn(m) },
    );
    app.addHook('onClose', async () => ecoute.fermer());
  }
  app.decorate('routesAcces', [] as RouteDeclaree[]);
  app.decorateRequest('authentification', null);

  // No parsing hook: see lireCookie.
  await app.register(fastifyCookie, { hook: false });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new ErreurOpco('ERR_TROP_DE_TENTATIVES', { quand: `dans ${Math.ceil(ctx.ttl / 1000)} s` }),
  });
  // Security headers computed once (@fastify/helmet rebuilt helmet's middleware — parsing the
  // CSP — on every request) and set by one hook: helmet's set on documents (web UI, Swagger UI,
  // static files, the HTML fallback), OWASP's REST set on API answers (entetesSecuriteApi).
  const documents = entetesSecurite();
  const api = entetesSecuriteApi(documents);
  app.addHook('onRequest', (req, reply, done) => {
    poserEntetes(reply, estUrlApi(req.url) ? api : documents);
    done();
  });

  // The check of a route's access declaration: authenticate, then decide. A route-level hook of
  // every route not public when registered (added below), so that public routes (the finder, the
  // texts…) run no access code at all — fail closed all the same: a route without a declaration
  // gets the hook, which refuses it.
  const verifierAcces = async (req: FastifyRequest) => {
    const acces = req.routeOptions.config.acces;
    if (acces === 'public') return; // declared public by a later onRoute hook (static files)
    if (!acces) {
      // Fail closed: a route that forgot its declaration is refused (and a test fails).
      throw new ErreurOpco('ERR_ACCES_REFUSE', { raison: 'route sans déclaration d’accès' });
    }
    const cle = cleDeRequete(req);
    let auth: Authentification | null = null;
    if (cle !== null) auth = await service.resoudreCle(cle);
    else {
      const jeton = lireCookie(req, NOM_COOKIE);
      if (jeton) auth = await service.resoudreSession(jeton);
    }
    if (!auth) throw new ErreurOpco('ERR_NON_AUTHENTIFIE', {});
    req.authentification = auth;
    if (methodesModifiantes.has(req.method)) {
      const csrf = req.headers['x-csrf-token'];
      if (!service.verifierCsrf(auth, typeof csrf === 'string' ? csrf : undefined))
        throw new ErreurOpco('ERR_CSRF', {});
    }
    if (auth.compte?.doitChangerMotDePasse && !acces.avantChangementMotDePasse)
      throw new ErreurOpco('ERR_MOT_DE_PASSE_A_CHANGER', {});
    let organisationId: string | null = null;
    if (acces.organisation) {
      const p = (req.params as Record<string, unknown>)[acces.organisation];
      organisationId = typeof p === 'string' ? p : null;
      if (organisationId === null)
        throw new ErreurOpco('ERR_ACCES_REFUSE', { raison: 'organisation non précisée' });
    }
    const d = decider(auth.sujet, acces.action, { organisationId });
    if (!d.autorise) throw new ErreurOpco('ERR_ACCES_REFUSE', { raison: d.motif });
  };

  app.addHook('onRoute', (route) => {
    const methodes = Array.isArray(route.method) ? route.method : [route.method];
    let acces = route.config?.acces ?? null;
    if (!acces && (estInfrastructure(route.url) || publicEnCours.has(app))) {
      acces = 'public';
      route.config = { ...(route.config ?? {}), acces };
    }
    if (acces !== 'public') {
      // First of the route's own hooks (before a rate limiter's), as when it was a global hook;
      // once (Fastify copies a GET route's options, hooks included, for its HEAD route).
      const propres = route.onRequest ? [route.onRequest].flat() : [];
      if (!propres.includes(verifierAcces)) route.onRequest = [verifierAcces, ...propres];
    }
    // Read the declaration lazily: a later onRoute hook (the static files' context) may set it.
    for (const m of methodes)
      if (m !== 'HEAD')
        app.routesAcces.push({
          methode: m,
          url: route.url,
          get acces() {
            return route.config?.acces ?? acces;
          },
        });
  });
}

const publicEnCours = new WeakSet<object>();

/**
 * Registers a plugin whose routes are all public (the built web UI's files): only the routes
 * registered while `f` runs are marked.
 */
export async function enregistrerPublic(app: AppZod, f: () => Promise<void>): Promise<void> {
  publicEnCours.add(app);
  try {
    await f();
  } finally {
    publicEnCours.delete(app);
  }
}

/** The authentication of a request on a non-public route (set by the hook). */
export function authentificationDe(req: FastifyRequest): Authentification {
  const a = req.authentification;
  if (!a) throw new ErreurOpco('ERR_NON_AUTHENTIFIE', {});
  return a;
}
