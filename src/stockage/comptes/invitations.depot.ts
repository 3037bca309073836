import type { BaseComptes } from './tables.ts';

/** One-time tokens: invitations and password resets, stored by the hash of the token. */

export type UsageJeton = 'invitation' | 'reinitialisation' | 'confirmation';

export async function creerJeton(
  db: BaseComptes,
  j: { empreinte: string; compteId: string; usage: UsageJeton; expireLe: Date },
): Promise<void> {
  await db
    .insertInto('jeton_unique')
    .values({
      empreinte: j.empreinte,
      compte_id: j.compteId,
      usage: j.usage,
      expire_le: j.expireLe,
      utilise_le: null,
    })
    .execute();
}

export async function lireJetonValide(
  db: BaseComptes,
  empreinte: string,
  maintenant: Date,
): Promise<{ compteId: string; usage: UsageJeton } | null> {
  const l = await db
    .selectFrom('jeton_unique')
    .select(['compte_id', 'usage'])
    .where('empreinte', '=', empreinte)
    .where('utilise_le', 'is', null)
    .where('expire_le', '>', maintenant)
    .executeTakeFirst();
  return l ? { compteId: l.compte_id, usage: l.usage as UsageJeton } : null;
}

/** Marks the token used, atomically; returns its account if it was valid, unused and unexpired. */
export async function consommerJeton(
  db: BaseComptes,
  empreinte: string,
  maintenant: Date,
): Promise<{ compteId: string; usage: UsageJeton } | null> {
  const l = await db
    .updateTable('jeton_unique')
    .set({ utilise_le: maintenant })
    .where('empreinte', '=', empreinte)
    .where('utilise_le', 'is', null)
    .where('expire_le', '>', maintenant)
    .returning(['compte_id', 'usage'])
    .executeTakeFirst();
  return l ? { compteId: l.compte_id, usage: l.usage as UsageJeton } : null;
}
