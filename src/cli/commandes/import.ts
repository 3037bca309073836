import path from 'node:path';
import { Command } from 'commander';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { barreProgression } from '../progression.ts';

/** The list of sources for the help, filled by `preparerAideImport` (the registry is heavy). */
let aideSources = '';

/** Loads the source registry to list the sources in the help (run before the subcommand). */
export async function preparerAideImport(): Promise<void> {
  const { sourcesImport } = await import('../../import/sources.ts');
  aideSources = `\nSources :\n${sourcesImport.map((s) => `  ${s.nom.padEnd(15)} ${s.description}`).join('\n')}\n`;
}

export function commandeImport(): Command {
  return new Command('import')
    .description(
      'Importe un fichier de données officielles (tout ou rien, idempotent, provenance enregistrée)',
    )
    .argument('<source>', 'source des données (liste ci-dessous)')
    .argument('<fichier>', 'chemin du fichier à importer')
    .addHelpText('after', () => aideSources)
    .action(async (nomSource: string, fichier: string) => {
      const [
        { sourcesImport, trouverSource, chargerDependances },
        { lireConfig },
        { ouvrirBase },
        { migrer },
      ] = await Promise.all([
        import('../../import/sources.ts'),
        import('../../config.ts'),
        import('../../stockage/db.ts'),
        import('../../stockage/migrer.ts'),
      ]);
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
