import { Migrator, type MigrationInfo, type MigrationProvider } from 'kysely';
import { ErreurOpco } from '../partage/erreurs.ts';
import type { Base } from './db.ts';
import { migrations } from './migrations/index.ts';

const fournisseur: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

function migrateur(base: Base): Migrator {
  // Forward-only: we never call migrateDown, and refuse a database whose history differs.
  // With a schema of its own, the migration tables are looked for in that schema only (Kysely
  // otherwise finds another schema's kysely_migration_lock and never creates its own).
  return new Migrator({
    db: base.db,
    provider: fournisseur,
    allowUnorderedMigrations: false,
    ...(base.schema ? { migrationTableSchema: base.schema } : {}),
  });
}

export interface EtatMigration {
  nom: string;
  appliquee: boolean;
  appliqueeLe: string | null;
}

export async function etatMigrations(base: Base): Promise<EtatMigration[]> {
  const infos: readonly MigrationInfo[] = await migrateur(base).getMigrations();
  return infos.map((m) => ({
    nom: m.name,
    appliquee: m.executedAt !== undefined,
    appliqueeLe: m.executedAt ? m.executedAt.toISOString() : null,
  }));
}

/** Applies pending migrations; returns the names applied. */
export async function migrer(base: Base): Promise<string[]> {
  const { error, results } = await migrateur(base).migrateToLatest();
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
