import { Migrator, sql, type MigrationInfo, type MigrationProvider } from 'kysely';
import { ErreurOpco } from '../partage/erreurs.ts';
import type { Base } from './db.ts';
import { migrations } from './migrations/index.ts';

const fournisseur: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/**
 * The migration tables live in the current schema. Kysely otherwise looks for them by name in
 * every schema, and skips creating them when another schema of the same PostgreSQL database
 * (another test run, another worktree) already has a `kysely_migration` table.
 */
async function migrateur(base: Base): Promise<Migrator> {
  const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(base.db);
  // Forward-only: we never call migrateDown, and refuse a database whose history differs.
  return new Migrator({
    db: base.db,
    provider: fournisseur,
    allowUnorderedMigrations: false,
    migrationTableSchema: r.rows[0]?.schema ?? 'public',
  });
}

export interface EtatMigration {
  nom: string;
  appliquee: boolean;
  appliqueeLe: string | null;
}

export async function etatMigrations(base: Base): Promise<EtatMigration[]> {
  const infos: readonly MigrationInfo[] = await (await migrateur(base)).getMigrations();
  return infos.map((m) => ({
    nom: m.name,
    appliquee: m.executedAt !== undefined,
    appliqueeLe: m.executedAt ? m.executedAt.toISOString() : null,
  }));
}

/** Applies pending migrations; returns the names applied. */
export async function migrer(base: Base): Promise<string[]> {
  const { error, results } = await (await migrateur(base)).migrateToLatest();
  if (error) {
    const echec = results?.find((r) => r.status === 'Error');
    throw new ErreurOpco(
      'ERR_MIGRATION',
      {
        migration: echec?.migrationName ?? '(inconnue)',
        detail: error instanceof Error ? error.message : String(error),
      },
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
