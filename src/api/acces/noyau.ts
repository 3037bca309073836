import { sql, type Transaction } from 'kysely';
import { empreinteValeur, normaliserCourriel, type Sujet } from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import type { Base } from '../../stockage/db.ts';
import type { Database } from '../../stockage/schema.ts';
import type { CacheAcces } from './cache.ts';
import type { ConfigComptes } from './config.ts';
import type { Courrier } from './courriels.ts';
import { empreinteSecret, secretAleatoire } from './secrets.ts';

/**
 * The core shared by the modules of the accounts service (`service.ts`): who acts, the resolved
 * authentication, and the audited transaction every change runs in.
 */

/** Who performs a change, as written in the audit trail. */
export interface Acteur {
  compteId: string | null;
  cleId: string | null;
}

export const acteurSysteme: Acteur = { compteId: null, cleId: null };

export function acteurDe(s: Sujet): Acteur {
  return { compteId: s.compteId, cleId: s.cleId };
}

/** A resolved authentication, computed once per request. */
export interface Authentification {
  sujet: Sujet;
  compte: depot.Compte | null;
  /** Session only: hash of the session id and its CSRF token. */
  session: { empreinte: string; jetonCsrf: string } | null;
}

/** What the modules of the service read from it (`ServiceComptes` implements it). */
export interface ContexteComptes {
  readonly base: Base;
  readonly config: ConfigComptes;
  readonly courrier: Courrier;
  /** Read on every use: tests move the clock to check expiry. */
  readonly horloge: () => Date;
  readonly cacheSessions: CacheAcces<depot.SessionLue>;
  readonly cacheCles: CacheAcces<depot.CleValide>;
  readonly canalInvalidation: string;
  invalider(): void;
}

export function dbComptes(ctx: ContexteComptes) {
  return depot.comptes(ctx.base.db);
}

export function refuser(champ: string, probleme: string): never {
  throw new ErreurOpco('ERR_VALIDATION', { detail: `${champ} : ${probleme}`, champ });
}

export function verifierCourriel(brut: string): string {
  const c = normaliserCourriel(brut);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c) || c.length > 254)
    refuser('courriel', 'adresse électronique invalide');
  return c;
}

/**
 * Runs `f` in a transaction and appends its audit row in the same transaction. Unless the
 * change can make no cached session or key stale (`revoque: false`: a new session, account,
 * organisation, token or key), the caches are emptied here and in the other processes.
 */
export async function enTransaction<T>(
  ctx: ContexteComptes,
  acteur: Acteur,
  quoi: { action: string; ressource: string; organisationId: string | null },
  f: (trx: Transaction<Database & depot.TablesComptes>) => Promise<{
    resultat: T;
    avant?: unknown;
    apres?: unknown;
  }>,
  revoque = true,
): Promise<T> {
  try {
    return await dbComptes(ctx)
      .transaction()
      .execute(async (trx) => {
        const r = await f(trx);
        // Delivered at commit only: the other processes drop their cached sessions and keys.
        if (revoque && ctx.base.moteur === 'postgres')
          await sql`select pg_notify(${ctx.canalInvalidation}, '')`.execute(trx);
        await ajouterAudit(trx as unknown as Transaction<Database>, {
          horodatage: ctx.horloge().toISOString(),
          compteId: acteur.compteId,
          cleId: acteur.cleId,
          organisationId: quoi.organisationId,
          action: quoi.action,
          ressource: quoi.ressource,
          avant: r.avant === undefined ? null : empreinteValeur(r.avant),
          apres: r.apres === undefined ? null : empreinteValeur(r.apres),
        });
        return r.resultat;
      });
  } finally {
    // A change that may revoke (session closed, password, membership, key…) empties the cache.
    if (revoque) ctx.invalider();
  }
}

export async function nouveauJeton(
  ctx: ContexteComptes,
  compteId: string,
  usage: depot.UsageJeton,
  acteur: Acteur,
  organisationId: string | null,
): Promise<string> {
  const jeton = secretAleatoire();
  await enTransaction(
    ctx,
    acteur,
    { action: `jeton.${usage}`, ressource: `compte:${compteId}`, organisationId },
    async (trx) => {
      await depot.creerJeton(trx, {
        empreinte: empreinteSecret(jeton),
        compteId,
        usage,
        expireLe: new Date(ctx.horloge().getTime() + ctx.config.dureeJetonMs),
      });
      return { resultat: null };
    },
    false,
  );
  return jeton;
}
