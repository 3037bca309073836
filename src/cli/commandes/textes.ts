import path from 'node:path';
import { Command } from 'commander';
import type { Base } from '../../stockage/db.ts';

/** The repository (droit/ and tests/droit/), as RACINE_DEPOT of droit.lecture.ts. */
const RACINE_DEPOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Modules of the actions, loaded when a subcommand runs (`opco --help` stays instant). */
async function modules() {
  const [config, importeur, verification, progression, db, migrer] = await Promise.all([
    import('../../config.ts'),
    import('../../import/textes/textes.importer.ts'),
    import('../../import/textes/verification.ts'),
    import('../../partage/progression.ts'),
    import('../../stockage/db.ts'),
    import('../../stockage/migrer.ts'),
  ]);
  return { ...config, ...importeur, ...verification, ...progression, ...db, ...migrer };
}

/** Opens the base, migrates and makes sure the default publications are imported (idempotent). */
async function avecTextes<T>(action: (base: Base) => Promise<T>): Promise<T> {
  const { lireConfig, ouvrirBase, migrer, importerTextesParDefaut, progressionMuette } =
    await modules();
  const base = await ouvrirBase(lireConfig());
  try {
    await migrer(base);
    await importerTextesParDefaut(base, progressionMuette);
    return await action(base);
  } finally {
    await base.fermer();
  }
}

export function commandeTextes(): Command {
  const textes = new Command('textes').description(
    'Textes du Code du travail : impact d’une nouvelle publication, vérification des citations du droit',
  );
  textes
    .command('impact')
    .description(
      'Liste les articles changés entre deux publications du corpus et, pour chacun, les paramètres, règles et cas de test qui le citent',
    )
    .argument('<ancienne>', 'version de la publication de départ, ex. 2.229.0')
    .argument('<nouvelle>', "version de la publication d'arrivée, ex. 2.513.0")
    .option('--json', 'sortie JSON')
    .option('--cites-seulement', 'ne lister que les articles cités par le droit')
    .option('--racine-droit <dossier>', 'dossier contenant droit/ et tests/droit/', RACINE_DEPOT)
    .action(
      async (
        ancienne: string,
        nouvelle: string,
        opts: { json?: boolean; citesSeulement?: boolean; racineDroit: string },
      ) => {
        const { calculerImpact, formaterImpact } = await modules();
        const r = await avecTextes((base) =>
          calculerImpact(base, ancienne, nouvelle, path.resolve(opts.racineDroit)),
        );
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(r, null, 2)}\n`
            : formaterImpact(r, { citesSeulement: opts.citesSeulement === true }),
        );
      },
    );
  textes
    .command('verifier')
    .description(
      'Vérifie que chaque référence juridique de droit/ et tests/droit/ désigne un article connu, en vigueur à la date citée',
    )
    .option('--racine-droit <dossier>', 'dossier contenant droit/ et tests/droit/', RACINE_DEPOT)
    .action(async (opts: { racineDroit: string }) => {
      const { verifierCitationsDroit, exigerCitationsValides } = await modules();
      const v = await avecTextes((base) =>
        verifierCitationsDroit(base, path.resolve(opts.racineDroit)),
      );
      const avis = exigerCitationsValides(v.anomalies);
      for (const a of avis) process.stdout.write(`  avis : ${a.message}\n`);
      process.stdout.write(
        `${v.references.length} référence(s) vérifiée(s) : toutes désignent un article connu${avis.length ? ` (${avis.length} hors du corpus importé)` : ''}.\n`,
      );
    });
  return textes;
}
