import { Migrator, sql, type MigrationInfo, type MigrationProvider } from 'kysely';
import { ErreurOpco } from '../partage/erreurs.ts';
import type { Base } from './db.ts';
import { migrations } from './migrations/index.ts';

const fournisseur: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

function migrateur(base: Base): Migrator {
  // Forward-only: we never call migrateDown, and refuse a database whose history differs.
  // The migration table is looked up in the base's own schema: Kysely's introspection would
  // otherwise see another schema's table of the same name on a shared PostgreSQL.
  return new Migrator({
    db: base.db,
    provider: fournisseur,
    allowUnorderedMigrations: false,
    migrationTableSchema: base.schema,
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

/**
 * Names of the migrations not applied yet, in name order, read from Kysely's migration table
 * alone: no introspection of the catalogue and no DDL (which `Migrator.getMigrations` runs on
 * every call), so that `/health` stays one small query and never races other schemas being
 * created or dropped on a shared PostgreSQL.
 */
export async function migrationsEnAttente(base: Base): Promise<string[]> {
  const table = sql.table(base.schema ? `${base.schema}.kysely_migration` : 'kysely_migration');
  const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(base.db);
  const appliquees = new Set(rows.map((r) => r.name));
  return Object.keys(migrations)
    .filter((nom) => !appliquees.has(nom))
    .sort();
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
