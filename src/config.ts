import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ReglagesRattachement } from './domaine/rattachement/types.ts';
import { ErreurOpco } from './partage/erreurs.ts';

/**
 * Configuration read from the environment. Never throws on import: call `lireConfig`
 * with the environment to get a parsed, typed value.
 */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /**
   * PostgreSQL only: the schema holding the tables (OPCO_DB_SCHEMA; default `public`). Lets
   * several platforms (or test runs) share one database; every process of one platform names
   * the same schema.
   */
  schema?: string;
  dbPath: string;
  dataDir: string | undefined;
  /** Where the data folder was looked for, to say so when it is missing. */
  dataDirCherche: string;
  logLevel: string;
  /** SIRO compatibility: requests per minute allowed to one API key (per server process). */
  siroLimiteParMinute: number;
  /** SIRO compatibility: lifetime of a partner token, in hours (clients cache it one day). */
  siroDureeJetonHeures: number;
  rattachement: ReglagesRattachement;
}

/** The reference data carried by the repository (donnees/, see donnees/README.md). */
export const DOSSIER_DONNEES_DEPOT = path.resolve(import.meta.dirname, '..', 'donnees');

/** Default of OPCO_SEUIL_OPCO_UNIQUE: 99.9 % of the establishments (docs/rattachement.md). */
export const SEUIL_OPCO_UNIQUE_DEFAUT = 0.999;

export const reglagesRattachementParDefaut: ReglagesRattachement = {
  seuilOpcoUnique: SEUIL_OPCO_UNIQUE_DEFAUT,
};

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).optional(),
  OPCO_DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'un nom de schéma PostgreSQL en minuscules est attendu')
    .optional(),
  OPCO_DB_PATH: z.string().min(1).default('.opco/db'),
  OPCO_DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.string().min(1).default('info'),
  OPCO_SIRO_LIMITE_PAR_MINUTE: z.coerce.number().int().min(1).default(600),
  OPCO_SIRO_DUREE_JETON_HEURES: z.coerce
    .number()
    .int()
    .min(24, 'au moins 24 heures (les clients gardent le jeton un jour)')
    .default(168),
  OPCO_SEUIL_OPCO_UNIQUE: z.coerce
    .number()
    .gt(0.5, 'un seuil strictement supérieur à 0,5 est attendu')
    .max(1, 'un seuil au plus égal à 1 est attendu')
    .default(SEUIL_OPCO_UNIQUE_DEFAUT),
});

export function lireConfig(
  env: Record<string, string | undefined> = process.env,
  racine: string = process.cwd(),
): Config {
  const r = envSchema.safeParse(env);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; ');
    throw new ErreurOpco('ERR_CONFIGURATION', { detail });
  }
  const e = r.data;
  const cherche = e.OPCO_DATA_DIR ? path.resolve(racine, e.OPCO_DATA_DIR) : DOSSIER_DONNEES_DEPOT;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    ...(e.OPCO_DB_SCHEMA ? { schema: e.OPCO_DB_SCHEMA } : {}),
    dbPath: e.OPCO_DB_PATH,
    dataDir: existsSync(cherche) ? cherche : undefined,
    dataDirCherche: cherche,
    logLevel: e.LOG_LEVEL,
    siroLimiteParMinute: e.OPCO_SIRO_LIMITE_PAR_MINUTE,
    siroDureeJetonHeures: e.OPCO_SIRO_DUREE_JETON_HEURES,
    rattachement: { seuilOpcoUnique: e.OPCO_SEUIL_OPCO_UNIQUE },
  };
}
