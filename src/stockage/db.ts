import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { PglitePool } from './pglite-pool.ts';
import type { Database } from './schema.ts';
import { DialectePostgresSchema } from './introspection.ts';
import { verrouillerDossier } from './verrou.ts';

export type Moteur = 'pglite' | 'postgres';

export interface Base {
  db: Kysely<Database>;
  moteur: Moteur;
  /** The PostgreSQL schema holding the tables (`public` unless isolated for tests). */
  schema: string;
  /** Human description of where the data lives (never the password). */
  emplacement: string;
  fermer(): Promise<void>;
  /** Raw access for bulk loading (COPY), used by src/stockage/copie.ts only. */
  brut?: AccesBrut;
}

/**
 * PGlite: the instance itself (single session, so a statement sent while a Kysely transaction
 * holds the pool runs inside that transaction). PostgreSQL: the pool's clients by backend pid,
 * so that COPY runs on the very connection of a Kysely transaction.
 */
export type AccesBrut =
  | { moteur: 'pglite'; pglite: PGlite }
  | { moteur: 'postgres'; clientDePid(pid: number): pg.PoolClient | undefined };

export interface OptionsBase {
  databaseUrl?: string | undefined;
  /** PGlite folder, or `memory://` for an in-memory database. */
  dbPath?: string;
  /** PostgreSQL only: a schema to create and use (isolates test runs). */
  schema?: string;
  /**
   * PGlite only: `serveur` (long-lived, 32 MB of shared buffers) or `commande` (a short CLI
   * command, 16 MB); without it, PostgreSQL's default of 128 MB, resident in the process from the
   * start but best for bulk imports (`opco db charger`, `opco import`, tests).
   */
  usage?: 'serveur' | 'commande';
}

/**
 * The PostgreSQL driver, loaded only for a PostgreSQL base: a PGlite command (a CLI lookup) does
 * not pay for loading it (~0.25 s: it loads Node's fetch implementation).
 */
async function pilotePostgres(): Promise<typeof pg> {
  const { default: pilote } = await import('pg');
  // PostgreSQL returns int8 and numeric as strings by default: money is integer cents in int8.
  pilote.types.setTypeParser(20, (v) => Number(v));
  pilote.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'
  return pilote;
}

export async function ouvrirBase(options: OptionsBase): Promise<Base> {
  if (options.databaseUrl) return ouvrirPostgres(options.databaseUrl, options.schema);
  return ouvrirPglite(options.dbPath ?? '.opco/db', options.usage);
}

async function ouvrirPostgres(url: string, schema: string | undefined): Promise<Base> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schéma invalide : ${schema}`);
  const pg = await pilotePostgres();
  if (schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create schema if not exists ${schema}`);
    await c.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const clients = new Map<number, pg.PoolClient>();
  pool.on('connect', (client) => {
    const pid = (client as unknown as { processID?: number | null }).processID;
    if (typeof pid === 'number') clients.set(pid, client);
  });
  pool.on('remove', (client) => {
    const pid = (client as unknown as { processID?: number | null }).processID;
    if (typeof pid === 'number') clients.delete(pid);
  });
  const db = new Kysely<Database>({
    dialect: new DialectePostgresSchema({ pool }, schema ?? 'public'),
  });
  const u = new URL(url);
  return {
    db,
    moteur: 'postgres',
    schema: schema ?? 'public',
    emplacement: `postgres://${u.host}${u.pathname}${schema ? ` (schéma ${schema})` : ''}`,
    async fermer() {
      await db.destroy();
    },
    brut: { moteur: 'postgres', clientDePid: (pid) => clients.get(pid) },
  };
}

async function ouvrirPglite(
  dbPath: string,
  usage: 'serveur' | 'commande' | undefined,
): Promise<Base> {
  const memoire = dbPath === 'memory://' || dbPath.startsWith('memory://');
  if (!memoire) mkdirSync(path.resolve(dbPath), { recursive: true });
  // PGlite does not lock its folder: one process at a time (see verrou.ts).
  const verrou = memoire ? null : verrouillerDossier(dbPath);
  const extensions = { unaccent };
  const options = usage
    ? {
        extensions,
        startParams: [
          ...PGlite.defaultStartParams,
          '-c',
          `shared_buffers=${usage === 'serveur' ? '32MB' : '16MB'}`,
        ],
      }
    : { extensions };
  let pglite: PGlite;
  try {
    pglite = memoire ? new PGlite(options) : new PGlite(path.resolve(dbPath), options);
    await pglite.waitReady;
  } catch (e) {
    verrou?.liberer();
    throw e;
  }
  const pool = new PglitePool(pglite);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
  });
  return {
    db,
    moteur: 'pglite',
    schema: 'public',
    emplacement: memoire ? 'PGlite en mémoire' : `PGlite ${path.resolve(dbPath)}`,
    async fermer() {
      try {
        await db.destroy();
      } finally {
        verrou?.liberer();
      }
    },
    brut: { moteur: 'pglite', pglite },
  };
}

export async function verifierBase(base: Base): Promise<void> {
  await sql`select 1`.execute(base.db);
}
