import path from 'node:path';
import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { RACINE_DEPOT } from '../../import/textes/droit.lecture.ts';
import { importerTextesParDefaut } from '../../import/textes/textes.importer.ts';
import {
  calculerImpact,
  exigerCitationsValides,
  formaterImpact,
  verifierCitationsDroit,
} from '../../import/textes/verification.ts';
import { progressionMuette } from '../../partage/progression.ts';
import { ouvrirBase, type Base } from '../../stockage/db.ts';
import { migrer } from '../../stockage/migrer.ts';

/** Opens the base, migrates and makes sure the default publications are imported (idempotent). */
async function avecTextes<T>(action: (base: Base) => Promise<T>): Promise<T> {
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
