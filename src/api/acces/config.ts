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
  /**
   * OpenID Connect identity providers (docs/comptes.md, « Connexion OIDC »): the platform-wide
   * one (ProConnect, `OIDC_ISSUER`…) and those of OPCOs (`OIDC_FOURNISSEURS`). Empty: no OIDC.
   */
  oidc: ConfigOidc[];
}

export interface ConfigOidc {
  /** Short name in URLs: /api/v1/session/oidc/<id>. */
  id: string;
  /** Shown on the sign-in button (« Se connecter avec … »). */
  libelle: string;
  /**
   * France compétences code of the OPCO whose staff sign in with this provider; only accounts
   * that are members of that OPCO may use it. Null: platform-wide (every existing account).
   */
  opco: string | null;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How the client authenticates at the token endpoint. */
  authentification: 'client_secret_basic' | 'client_secret_post';
  /** Redirect URI registered at the provider: <urlPublique>/api/v1/session/oidc/retour. */
  redirection: string;
  scopes: string;
  /**
   * The provider only gives verified e-mail addresses (ProConnect): link by e-mail without the
   * `email_verified` claim. Otherwise `email_verified: true` is required to link by e-mail.
   */
  courrielVerifie: boolean;
  /** Plain-http issuer allowed (local test provider only). */
  autoriserHttp: boolean;
}

const fournisseurSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .refine((x) => x !== 'retour', 'identifiant réservé'),
  libelle: z.string().min(1).max(80),
  opco: z
    .string()
    .regex(/^[0-9]{2}$/)
    .nullable()
    .default(null),
  issuer: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  authentification: z
    .enum(['client_secret_basic', 'client_secret_post'])
    .default('client_secret_basic'),
  scopes: z.string().min(1).default('openid email'),
  courrielVerifie: z.boolean().default(false),
  autoriserHttp: z.boolean().default(false),
});

/** `OIDC_FOURNISSEURS`: a JSON array of providers (one per OPCO that has its own). */
const fournisseursSchema = z
  .string()
  .transform((t, ctx) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'JSON invalide' });
      return z.NEVER;
    }
  })
  .pipe(z.array(fournisseurSchema));

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
  OIDC_LIBELLE: z.string().min(1).default('ProConnect'),
  OIDC_SCOPES: z.string().min(1).default('openid email'),
  OIDC_AUTHENTIFICATION: z
    .enum(['client_secret_basic', 'client_secret_post'])
    .default('client_secret_basic'),
  OIDC_COURRIEL_VERIFIE: z.enum(['0', '1']).default('0'),
  OIDC_AUTORISER_HTTP: z.enum(['0', '1']).default('0'),
  OIDC_FOURNISSEURS: fournisseursSchema.optional(),
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
  const ids = [
    ...(v.OIDC_ISSUER ? ['plateforme'] : []),
    ...(v.OIDC_FOURNISSEURS ?? []).map((f) => f.id),
  ];
  if (new Set(ids).size !== ids.length)
    throw new ErreurOpco('ERR_CONFIGURATION', {
      detail: 'OIDC_FOURNISSEURS : identifiants de fournisseurs en double',
    });
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
    oidc: [
      ...(v.OIDC_ISSUER && v.OIDC_CLIENT_ID && v.OIDC_CLIENT_SECRET
        ? [
            {
              id: 'plateforme',
              libelle: v.OIDC_LIBELLE,
              opco: null,
              issuer: v.OIDC_ISSUER,
              clientId: v.OIDC_CLIENT_ID,
              clientSecret: v.OIDC_CLIENT_SECRET,
              authentification: v.OIDC_AUTHENTIFICATION,
              redirection: `${url}/api/v1/session/oidc/retour`,
              scopes: v.OIDC_SCOPES,
              courrielVerifie: v.OIDC_COURRIEL_VERIFIE === '1',
              autoriserHttp: v.OIDC_AUTORISER_HTTP === '1',
            },
          ]
        : []),
      ...(v.OIDC_FOURNISSEURS ?? []).map((f) => ({
        ...f,
        redirection: `${url}/api/v1/session/oidc/retour`,
      })),
    ],
  };
}
