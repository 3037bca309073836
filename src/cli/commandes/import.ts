import path from 'node:path';
import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { chargerDependances, sourcesImport, trouverSource } from '../../import/sources.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ouvrirBase } from '../../stockage/db.ts';
import { migrer } from '../../stockage/migrer.ts';
import { barreProgression } from '../progression.ts';

export function commandeImport(): Command {
  return new Command('import')
    .description(
      'Importe un fichier de données officielles (tout ou rien, idempotent, provenance enregistrée)',
    )
    .argument('<source>', `source : ${sourcesImport.map((s) => s.nom).join(', ')}`)
    .argument('<fichier>', 'chemin du fichier à importer')
    .addHelpText(
      'after',
      `\nSources :\n${sourcesImport.map((s) => `  ${s.nom.padEnd(12)} ${s.description}`).join('\n')}\n`,
    )
    .action(async (nomSource: string, fichier: string) => {
      const source = trouverSource(nomSource);
      if (!source)
        throw new ErreurOpco('ERR_IMPORT_SOURCE_INCONNUE', {
          source: nomSource,
          sources: sourcesImport.map((s) => s.nom).join(', '),
        });
      const config = lireConfig();
      const base = await ouvrirBase(config);
      try {
        await migrer(base);
        // The built-in reference data this source needs (e.g. the OPCO list for siro), as serve loads it.
        for (const d of await chargerDependances(
          base,
          source.nom,
          config.dataDir,
          config.dataDirCherche,
          () => barreProgression(),
        ))
          if (d.statut === 'importe')
            process.stderr.write(
              `Données de référence « ${d.source} » chargées (${d.lignesEcrites} lignes) — ${d.fichier}\n`,
            );
        const r = await source.importer(base, path.resolve(fichier), barreProgression());
        process.stdout.write(
          r.statut === 'deja_importe'
            ? `Déjà importé (import n° ${r.importId}, ${r.sommeControle}) : rien n'a changé.\n`
            : `Import n° ${r.importId} : ${r.lignesLues} ligne(s) lue(s), ${r.lignesEcrites} écrite(s) — ${r.sommeControle}\n`,
        );
      } finally {
        await base.fermer();
      }
    });
}
