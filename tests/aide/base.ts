import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { lireConfig, type Config } from '../../src/config.ts';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { migrer } from '../../src/stockage/migrer.ts';
import { demarrerContexte, type Contexte } from '../../src/contexte.ts';

/** The reference data carried by the repository (donnees/), read in place, never copied. */
export const dossierDonnees = path.resolve(import.meta.dirname, '..', '..', 'donnees');

/**
 * France compétences' code of an OPCO, by its label (fc_label, e.g. 'ATLAS'), as
 * donnees/opcos.csv gives it: tests follow the data, they never hard-code the codes.
 */
export function codeOpco(nom: string): string {
  const ligne = readFileSync(path.join(dossierDonnees, 'opcos.csv'), 'utf8')
    .split('\n')
    .find((l) => l.split(',')[1] === nom);
  const code = ligne?.split(',')[0];
  if (!code) throw new Error(`OPCO « ${nom} » absent de donnees/opcos.csv`);
  return code;
}

export const moteurDeTest = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, empty, migrated database for one test file: in-memory PGlite by default, or, when
 * DATABASE_URL is set, a schema of its own on that PostgreSQL (dropped on close).
 */
export async function baseDeTest(
  options: { migrer?: boolean } = {},
): Promise<Base & { schema?: string }> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const base = await ouvrirBase({
    databaseUrl: url,
    dbPath: 'memory://',
    ...(schema ? { schema } : {}),
  });
  if (options.migrer !== false) await migrer(base);
  const fermer = base.fermer;
  return {
    ...base,
    async fermer() {
      await fermer();
      if (url && schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    },
  };
}

/** A configuration for tests: in-memory PGlite (or DATABASE_URL), the repository's data folder. */
export function configDeTest(surcharges: Record<string, string> = {}): Config {
  return lireConfig({
    OPCO_DB_PATH: 'memory://',
    OPCO_DATA_DIR: dossierDonnees,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...surcharges,
  });
}

/**
 * A started platform context (migrated, reference data loaded) on a fresh database: in-memory
 * PGlite, or a private schema on DATABASE_URL's PostgreSQL. `fermer` drops what it created.
 */
export async function contexteDeTest(
  surcharges: Record<string, string> = {},
  options: { chargerDonnees?: boolean } = {},
): Promise<Contexte & { fermer(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const ctx = await demarrerContexte(configDeTest(surcharges), {
    ...options,
    ...(schema ? { schema } : {}),
  });
  return {
    ...ctx,
    async fermer() {
      await ctx.base.fermer();
      if (url && schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    },
  };
}
