import type { Role, TypeOrganisation } from '../../domaine/comptes/index.ts';
import type { BaseComptes } from './tables.ts';

/** API keys of organisations, stored by the hash of the key. */

export interface CleApi {
  id: string;
  organisationId: string;
  role: Role;
  libelle: string;
  prefixe: string;
  creeLe: string;
  revoqueeLe: string | null;
}

function iso(d: Date | string | null): string | null {
  if (d === null) return null;
  return typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();
}

function versCle(l: {
  id: string;
  organisation_id: string;
  role: string;
  libelle: string;
  prefixe: string;
  cree_le: Date;
  revoquee_le: Date | null;
}): CleApi {
  return {
    id: l.id,
    organisationId: l.organisation_id,
    role: l.role as Role,
    libelle: l.libelle,
    prefixe: l.prefixe,
    creeLe: iso(l.cree_le) ?? '',
    revoqueeLe: iso(l.revoquee_le),
  };
}

export async function creerCle(
  db: BaseComptes,
  c: {
    id: string;
    organisationId: string;
    role: Role;
    libelle: string;
    prefixe: string;
    empreinte: string;
    creePar: string | null;
  },
): Promise<CleApi> {
  const l = await db
    .insertInto('cle_api')
    .values({
      id: c.id,
      organisation_id: c.organisationId,
      role: c.role,
      libelle: c.libelle,
      prefixe: c.prefixe,
      empreinte: c.empreinte,
      cree_par: c.creePar,
      revoquee_le: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return versCle(l);
}

export type CleValide = CleApi & { typeOrganisation: TypeOrganisation };

/** A valid (not revoked) key by the hash of its secret, with its organisation's kind. */
export async function lireCleValide(db: BaseComptes, empreinte: string): Promise<CleValide | null> {
  const l = await db
    .selectFrom('cle_api')
    .innerJoin('organisation', 'organisation.id', 'cle_api.organisation_id')
    .selectAll('cle_api')
    .select('organisation.type')
    .where('cle_api.empreinte', '=', empreinte)
    .where('cle_api.revoquee_le', 'is', null)
    .executeTakeFirst();
  return l ? { ...versCle(l), typeOrganisation: l.type as TypeOrganisation } : null;
}

export async function listerCles(
  db: BaseComptes,
  organisations: 'toutes' | ReadonlySet<string>,
): Promise<CleApi[]> {
  if (organisations !== 'toutes' && organisations.size === 0) return [];
  let q = db.selectFrom('cle_api').selectAll();
  if (organisations !== 'toutes') q = q.where('organisation_id', 'in', [...organisations]);
  return (await q.orderBy('cree_le').orderBy('id').execute()).map(versCle);
}

export async function trouverCle(db: BaseComptes, id: string): Promise<CleApi | null> {
  const l = await db.selectFrom('cle_api').selectAll().where('id', '=', id).executeTakeFirst();
  return l ? versCle(l) : null;
}

export async function revoquerCle(db: BaseComptes, id: string, maintenant: Date): Promise<void> {
  await db
    .updateTable('cle_api')
    .set({ revoquee_le: maintenant })
    .where('id', '=', id)
    .where('revoquee_le', 'is', null)
    .execute();
}
