import { sql } from 'kysely';
import type { Config } from './config.ts';
import type { BilanChargement } from './import/sources.ts';
import { progressionMuette, type Progression } from './partage/progression.ts';
import { ouvrirBase, type Base } from './stockage/db.ts';
import { migrations } from './stockage/migrations/index.ts';
import { migrer } from './stockage/migrer.ts';
import type { Moteur } from './moteur/index.ts';

/**
 * Composition root: opens the database, applies pending migrations and loads the reference
 * data found in OPCO_DATA_DIR. Every adapter (server, CLI, tests) starts from here.
 */
export interface Contexte {
  config: Config;
  base: Base;
  migrationsAppliquees: string[];
  chargement: BilanChargement;
  /** The rules engine with the law data, loaded once. */
  moteur: Moteur;
}

export async function demarrerContexte(
  config: Config,
  options: {
    chargerDonnees?: boolean;
    progression?: (source: string) => Progression;
    schema?: string;
  } = {},
): Promise<Contexte> {
  const base = await ouvrirBase({
    databaseUrl: config.databaseUrl,
    dbPath: config.dbPath,
    ...((options.schema ?? config.schema) ? { schema: options.schema ?? config.schema } : {}),
  });
  try {
    return await initialiserContexte(config, base, options);
  } catch (e) {
    await base.fermer();
    throw e;
  }
}

/** Migrates an open base and loads the reference data (the base is not closed on failure). */
async function initialiserContexte(
  config: Config,
  base: Base,
  options: { chargerDonnees?: boolean; progression?: (source: string) => Progression },
): Promise<Contexte> {
  // Imported here, not at the top: a read command of the CLI never loads the importers.
  const [{ chargerDonneesReference }, { avertissementsCitations }, { moteurParDefaut }] =
    await Promise.all([
      import('./import/sources.ts'),
      import('./import/textes/verification.ts'),
      import('./droit/moteur-par-defaut.ts'),
    ]);
  const migrationsAppliquees = await migrer(base);
  const chargement =
    options.chargerDonnees === false
      ? { dossier: config.dataDir ?? null, resultats: [], manquants: [] }
      : await chargerDonneesReference(
          base,
          config.dataDir,
          config.dataDirCherche,
          options.progression ?? (() => ({ debut() {}, avance() {}, fin() {} })),
        );
  if (options.chargerDonnees !== false)
    chargement.manquants.push(...(await avertissementsCitations(base)));
  const moteur = moteurParDefaut(config.dataDir);
  return { config, base, migrationsAppliquees, chargement, moteur };
}

/**
 * Sources loaded at every full start whatever the data folder holds (npm packages): when their
 * imports are recorded, a full load has run to its end at least once.
 */
const SOURCES_TEMOINS = ['naf', 'textes'] as const;

/**
 * Whether the base has every migration and has been fully loaded once: two small queries, no
 * file read. Read commands trust such a base as it is (`opco serve`, `opco import` and
 * `opco db charger` refresh it).
 */
export async function baseInitialisee(base: Base): Promise<boolean> {
  try {
    const appliquees = await sql<{ name: string }>`select name from kysely_migration`.execute(
      base.db,
    );
    const noms = new Set(appliquees.rows.map((r) => r.name));
    if (!Object.keys(migrations).every((m) => noms.has(m))) return false;
    const sources = await base.db
      .selectFrom('import_meta')
      .select('source')
      .distinct()
      .where('statut', '=', 'termine')
      .where('source', 'in', [...SOURCES_TEMOINS])
      .execute();
    return sources.length === SOURCES_TEMOINS.length;
  } catch {
    return false; // no migration table yet: a new base
  }
}

/**
 * The base for a read command of the CLI (a lookup, a simulation): opened with a small memory
 * footprint and used as it is when already initialised — no migration run, no reference data
 * re-read. A new base is initialised once (migrations and reference data), saying so on stderr.
 */
export async function ouvrirBaseCommande(
  config: Config,
  options: { journal?: (ligne: string) => void } = {},
): Promise<Base> {
  const base = await ouvrirBase({
    databaseUrl: config.databaseUrl,
    dbPath: config.dbPath,
    ...(config.schema ? { schema: config.schema } : {}),
    usage: 'commande',
  });
  try {
    if (await baseInitialisee(base)) return base;
    const journal = options.journal ?? ((l: string) => process.stderr.write(`${l}\n`));
    journal(
      `Première utilisation de ${base.emplacement} : migrations et chargement des données de référence…`,
    );
    const ctx = await initialiserContexte(config, base, { progression: () => progressionMuette });
    for (const m of ctx.chargement.manquants) journal(`ATTENTION : ${m}`);
    return base;
  } catch (e) {
    await base.fermer();
    throw e;
  }
}
