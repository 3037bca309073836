import { sql, type Kysely } from 'kysely';

/**
 * Dossiers (issue 12 point 9, docs/adr/ADR-2026-12-02-dossiers-depot-groupe.md): the projection
 * of a dossier (≈ 12 kB of JSON) and the contents of its events are compressed with LZ4 instead
 * of pglz when the server has it (PostgreSQL ≥ 14 built with lz4; not PGlite, which keeps pglz):
 * compressing them was the largest part of the server's CPU for a deposit. Only new values are
 * compressed so; old ones stay readable as they are. A dump restored on a server without lz4
 * needs `pg_dump --no-toast-compression`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const r = await sql<{ lz4: boolean }>`
    select coalesce(bool_or('lz4' = any(enumvals)), false) as lz4
    from pg_settings where name = 'default_toast_compression'`.execute(db);
  if (!r.rows[0]?.lz4) return;
  await sql`alter table dossier alter column projection set compression lz4`.execute(db);
  await sql`alter table dossier_evenement alter column contenu set compression lz4`.execute(db);
}
