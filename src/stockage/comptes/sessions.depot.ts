import { sql } from 'kysely';
import type { Adhesion } from '../../domaine/comptes/index.ts';
import { versCompte, type Compte } from './comptes.depot.ts';
import type { BaseComptes } from './tables.ts';

/** Sessions of people (cookie), stored by the hash of their id. */

export interface SessionLue {
  compte: Compte;
  jetonCsrf: string;
  derniereActivite: Date;
  expireLe: Date;
  adhesions: Adhesion[];
}

export async function creerSession(
  db: BaseComptes,
  s: { empreinte: string; compteId: string; jetonCsrf: string; maintenant: Date; expireLe: Date },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      empreinte: s.empreinte,
      compte_id: s.compteId,
      jeton_csrf: s.jetonCsrf,
      cree_le: s.maintenant,
      derniere_activite: s.maintenant,
      expire_le: s.expireLe,
    })
    .execute();
}

/**
 * One query: the session, its account and the account's memberships (aggregated), so a request
 * costs one round trip. Expiry is checked by the caller (it owns the clock).
 */
export async function lireSession(db: BaseComptes, empreinte: string): Promise<SessionLue | null> {
  const l = await db
    .selectFrom('session')
    .innerJoin('compte', 'compte.id', 'session.compte_id')
    .selectAll('compte')
    .select(['session.jeton_csrf', 'session.derniere_activite', 'session.expire_le'])
    .select(
      sql<
        Adhesion[] | string
      >`coalesce((select json_agg(json_build_object('organisationId', a.organisation_id, 'typeOrganisation', o.type, 'role', a.role, 'enAttente', a.en_attente) order by a.organisation_id, a.role) from adhesion a join organisation o on o.id = a.organisation_id where a.compte_id = compte.id), '[]'::json)`.as(
        'adhesions',
      ),
    )
    .where('session.empreinte', '=', empreinte)
    .executeTakeFirst();
  if (!l) return null;
  return {
    compte: versCompte(l),
    jetonCsrf: l.jeton_csrf,
    derniereActivite: l.derniere_activite,
    expireLe: l.expire_le,
    // A full membership carries no `enAttente` (as adhesionsDe returns it).
    adhesions: (typeof l.adhesions === 'string'
      ? (JSON.parse(l.adhesions) as Adhesion[])
      : l.adhesions
    ).map(({ enAttente, ...a }) => (enAttente ? { ...a, enAttente } : a)),
  };
}

export async function toucherSession(
  db: BaseComptes,
  empreinte: string,
  maintenant: Date,
): Promise<void> {
  await db
    .updateTable('session')
    .set({ derniere_activite: maintenant })
    .where('empreinte', '=', empreinte)
    .execute();
}

export async function supprimerSession(db: BaseComptes, empreinte: string): Promise<void> {
  await db.deleteFrom('session').where('empreinte', '=', empreinte).execute();
}

/** Ends every session of an account (after a password change or reset), except `sauf`. */
export async function supprimerSessionsDe(
  db: BaseComptes,
  compteId: string,
  sauf?: string,
): Promise<void> {
  let q = db.deleteFrom('session').where('compte_id', '=', compteId);
  if (sauf) q = q.where('empreinte', '!=', sauf);
  await q.execute();
}
