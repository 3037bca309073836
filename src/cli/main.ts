import { Command, CommanderError } from 'commander';
import { estErreurOpco } from '../partage/erreurs.ts';
import { commandeDb } from './commandes/db.ts';
import { commandeDroit } from './commandes/droit.ts';
import { commandeImport, preparerAideImport } from './commandes/import.ts';
import { commandeRattachement } from './commandes/rattachement.ts';
import { commandeServe } from './commandes/serve.ts';
import { commandeSiro } from './commandes/siro.ts';
import { commandeTextes } from './commandes/textes.ts';
import { commandeSimuler } from './commandes/simuler.ts';
import { ajouterSimulationsAutres } from './commandes/simuler-autres.ts';
import { franciser } from './aide.ts';
// zod's messages in French for the CLI's input errors, as in the API.
import '../partage/zod-fr.ts';
import { commandeComptes } from './commandes/comptes.ts';
import { commandeAudit } from './commandes/audit.ts';
import { commandeDossiers } from './commandes/dossiers.ts';

/**
 * The `opco` command. Each capability adds its subcommand in src/cli/commandes/ and registers
 * it below; every subcommand has --help. A command module imports its heavy modules inside its
 * action (`await import(…)`), so that `opco --help` or a lookup loads only what it uses.
 */
export function construireCli(): Command {
  const cli = new Command('opco')
    .description(
      'Plateforme OPCO : serveur, base de données, imports et calculs en ligne de commande',
    )
    .showHelpAfterError()
    .exitOverride();
  cli.addCommand(commandeServe());
  cli.addCommand(commandeDb());
  cli.addCommand(commandeImport());
  cli.addCommand(commandeTextes());
  const simuler = commandeSimuler();
  ajouterSimulationsAutres(simuler);
  cli.addCommand(simuler);
  cli.addCommand(commandeRattachement());
  cli.addCommand(commandeDroit());
  cli.addCommand(commandeSiro());
  cli.addCommand(commandeComptes());
  cli.addCommand(commandeAudit());
  cli.addCommand(commandeDossiers());
  // Help texts that need a heavy module are prepared just before their subcommand runs.
  cli.hook('preSubcommand', async (_cli, sous) => {
    if (sous.name() === 'import') await preparerAideImport();
  });
  return franciser(cli);
}

export async function main(argv: string[]): Promise<number> {
  const cli = construireCli();
  try {
    await cli.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (estErreurOpco(e)) {
      process.stderr.write(`Erreur ${e.code} : ${e.message}\n`);
      return 1;
    }
    process.stderr.write(
      `Erreur inattendue : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 1;
  }
}
