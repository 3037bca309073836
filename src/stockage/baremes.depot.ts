import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Versions of barèmes edited through the API (migration 0080_baremes). */
export type TablesBaremes = {
  bareme_version: {
    id: Generated<number>;
    dispositif: string;
    bareme: string;
    version: number;
    organisation_id: string;
    compte_id: string | null;
    cle_id: string | null;
    contenu: string;
    cree_le: Generated<string | Date>;
  };
};

type Base = Kysely<Database> | Transaction<Database>;
const t = (db: Base) => (db as Kysely<Database>).withTables<TablesBaremes>();

export interface VersionBareme {
  id: number;
  dispositif: string;
  bareme: string;
  version: number;
  organisationId: string;
  compteId: string | null;
  creeLe: string;
  contenu: string;
}

interface Ligne {
  id: number;
  dispositif: string;
  bareme: string;
  version: number;
  organisation_id: string;
  compte_id: string | null;
  contenu: string;
  cree_le: string | Date;
}
const versionDe = (r: Ligne): VersionBareme => ({
  id: r.id,
  dispositif: r.dispositif,
  bareme: r.bareme,
  version: r.version,
  organisationId: r.organisation_id,
  compteId: r.compte_id,
  creeLe: r.cree_le instanceof Date ? r.cree_le.toISOString() : String(r.cree_le),
  contenu: r.contenu,
});

/** Highest version id (a change marker shared by every server process). */
export async function derniereVersionBaremes(db: Base): Promise<number> {
  const r = await t(db)
    .selectFrom('bareme_version')
    .select(sql<number>`coalesce(max(id), 0)`.as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** The latest version of every edited barème of a scheme. */
export async function baremesCourants(db: Base, dispositif: string): Promise<VersionBareme[]> {
  const rs = await t(db)
    .selectFrom('bareme_version as v')
    .selectAll()
    .where('v.dispositif', '=', dispositif)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bareme_version as w')
            .select('w.id')
            .whereRef('w.dispositif', '=', 'v.dispositif')
            .whereRef('w.bareme', '=', 'v.bareme')
            .whereRef('w.version', '>', 'v.version'),
        ),
      ),
    )
    .orderBy('v.bareme')
    .execute();
  return rs.map(versionDe);
}

export async function historiqueBareme(
  db: Base,
  dispositif: string,
  bareme: string,
): Promise<VersionBareme[]> {
  const rs = await t(db)
    .selectFrom('bareme_version')
    .selectAll()
    .where('dispositif', '=', dispositif)
    .where('bareme', '=', bareme)
    .orderBy('version')
    .execute();
  return rs.map(versionDe);
}

/**
 * Appends the next version of a barème inside the caller's transaction. The barème's rows are
 * locked (FOR UPDATE) so that concurrent editors, even in other processes, get consecutive
 * versions; the unique constraint is the last guard. Returns null when another organisation
 * owns the barème.
 */
export async function ajouterVersionBareme(
  trx: Transaction<Database>,
  v: {
    dispositif: string;
    bareme: string;
    organisationId: string;
    compteId: string | null;
    cleId: string | null;
    contenu: string;
  },
): Promise<VersionBareme | null> {
  await sql`select pg_advisory_xact_lock(hashtext(${`bareme:${v.dispositif}:${v.bareme}`}))`.execute(
    trx,
  );
  const prec = await t(trx)
    .selectFrom('bareme_version')
    .select(['version', 'organisation_id'])
    .where('dispositif', '=', v.dispositif)
    .where('bareme', '=', v.bareme)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (prec && prec.organisation_id !== v.organisationId) return null;
  const r = await t(trx)
    .insertInto('bareme_version')
    .values({
      dispositif: v.dispositif,
      bareme: v.bareme,
      version: (prec?.version ?? 0) + 1,
      organisation_id: v.organisationId,
      compte_id: v.compteId,
      cle_id: v.cleId,
      contenu: v.contenu,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return versionDe(r);
}
