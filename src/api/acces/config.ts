import path from 'node:path';
import { z } from 'zod';
import { ErreurOpco } from '../../partage/erreurs.ts';

/** Settings of accounts and access, read from the environment (docs/comptes.md). */
export interface ConfigComptes {
  /** Absolute session lifetime (ASVS 3.3.2: at most 12 h) and idle timeout (30 min). */
  dureeSessionMs: number;
  inactiviteSessionMs: number;
  /** Sign-in attempts per IP and minute on POST /api/v1/session (@fastify/rate-limit). */
  connexionsParMinuteParIp: number;
  /** Consecutive failures before an account is locked, and for how long. */
  echecsAvantBlocage: number;
  dureeBlocageMs: number;
  /** One-time tokens (invitation, password reset). */
  dureeJetonMs: number;
  /** Folder the development mail adapter writes to. */
  dossierCourriels: string;
  /** Public base URL for links in mails (no trailing slash). */
  urlPublique: string;
  /**
   * How long a session or API key lookup is reused by one process (0: never). Revocation is
   * immediate in the process that revokes and, on PostgreSQL, in the others by LISTEN/NOTIFY;
   * this bounds the delay if that notification is lost.
   */
  cacheAccesMs: number;
  /** OpenID Connect (ProConnect): read here, sign-in flow not delivered yet (docs/comptes.md). */
  oidc: ConfigOidc | null;
}

export interface ConfigOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Redirect URI registered at the provider: <urlPublique>/api/v1/session/oidc/retour. */
  redirection: string;
  scopes: string;
  /** Plain-http issuer allowed (local test provider only). */
  autoriserHttp: boolean;
}

const env = z.object({
  OPCO_SESSION_DUREE_MINUTES: z.coerce.number().int().min(1).max(720).default(720),
  OPCO_SESSION_INACTIVITE_MINUTES: z.coerce.number().int().min(1).max(720).default(30),
  OPCO_CONNEXIONS_PAR_MINUTE: z.coerce.number().int().min(1).default(10),
  OPCO_ECHECS_AVANT_BLOCAGE: z.coerce.number().int().min(1).default(5),
  OPCO_BLOCAGE_MINUTES: z.coerce.number().int().min(1).default(15),
  OPCO_COURRIELS_DIR: z.string().min(1).default('.opco/courriels'),
  OPCO_CACHE_ACCES_SECONDES: z.coerce.number().int().min(0).max(60).default(5),
  OPCO_URL_PUBLIQUE: z.string().url().default('http://localhost:3000'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().min(1).default('openid email'),
  OIDC_AUTORISER_HTTP: z.enum(['0', '1']).default('0'),
});

export function lireConfigComptes(
  e: Record<string, string | undefined> = process.env,
  racine: string = process.cwd(),
): ConfigComptes {
  const r = env.safeParse(e);
  if (!r.success)
    throw new ErreurOpco('ERR_CONFIGURATION', {
      detail: r.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; '),
    });
  const v = r.data;
  const url = v.OPCO_URL_PUBLIQUE.replace(/\/+$/, '');
  return {
    dureeSessionMs: v.OPCO_SESSION_DUREE_MINUTES * 60_000,
    inactiviteSessionMs: v.OPCO_SESSION_INACTIVITE_MINUTES * 60_000,
    connexionsParMinuteParIp: v.OPCO_CONNEXIONS_PAR_MINUTE,
    echecsAvantBlocage: v.OPCO_ECHECS_AVANT_BLOCAGE,
    dureeBlocageMs: v.OPCO_BLOCAGE_MINUTES * 60_000,
    dureeJetonMs: 24 * 3_600_000,
    dossierCourriels: path.resolve(racine, v.OPCO_COURRIELS_DIR),
    urlPublique: url,
    cacheAccesMs: v.OPCO_CACHE_ACCES_SECONDES * 1000,
    oidc:
      v.OIDC_ISSUER && v.OIDC_CLIENT_ID && v.OIDC_CLIENT_SECRET
        ? {
            issuer: v.OIDC_ISSUER,
            clientId: v.OIDC_CLIENT_ID,
            clientSecret: v.OIDC_CLIENT_SECRET,
            redirection: `${url}/api/v1/session/oidc/retour`,
            scopes: v.OIDC_SCOPES,
            autoriserHttp: v.OIDC_AUTORISER_HTTP === '1',
          }
        : null,
  };
}
