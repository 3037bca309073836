import path from 'node:path';
import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { comparerDroit, formaterDiffDroit, lireVersion } from '../../droit/diff-droit.ts';
import { versionsParDefaut } from '../../droit/simulation-salaire.ts';
import { RACINE_DEPOT } from '../../import/textes/droit.lecture.ts';

/** `opco droit diff <ref1> <ref2>`: parameters, rules and law test cases that change. */
export function commandeDroit(): Command {
  const droit = new Command('droit').description('Le droit en données : comparer deux versions');
  droit
    .command('diff')
    .description(
      'Liste les paramètres et règles qui diffèrent entre deux versions du droit (révisions git ou dossiers contenant droit/ et tests/droit/), et les cas de test de tests/droit dont le résultat change, chacun évalué avec le droit de chaque version',
    )
    .argument('<avant>', 'révision git (ex. HEAD~3, main) ou dossier')
    .argument('<apres>', 'révision git ou dossier')
    .option('--json', 'sortie JSON')
    .option('--depot <dossier>', 'dépôt git où chercher les révisions', RACINE_DEPOT)
    .action((avant: string, apres: string, opts: { json?: boolean; depot: string }) => {
      const depot = path.resolve(opts.depot);
      const d = comparerDroit(
        lireVersion(avant, depot),
        lireVersion(apres, depot),
        versionsParDefaut(lireConfig().dataDir),
      );
      process.stdout.write(opts.json ? `${JSON.stringify(d, null, 2)}\n` : formaterDiffDroit(d));
    });
  return droit;
}
