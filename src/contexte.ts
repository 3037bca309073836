import type { Config } from './config.ts';
import { moteurParDefaut } from './droit/moteur-par-defaut.ts';
import { chargerDonneesReference, type BilanChargement } from './import/sources.ts';
import { avertissementsCitations } from './import/textes/verification.ts';
import type { Progression } from './partage/progression.ts';
import { ouvrirBase, type Base } from './stockage/db.ts';
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
    ...(options.schema ? { schema: options.schema } : {}),
  });
  try {
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
  } catch (e) {
    await base.fermer();
    throw e;
  }
}
