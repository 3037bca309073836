import { Command, CommanderError } from 'commander';
import { estErreurOpco } from '../partage/erreurs.ts';

/** The root `opco` command, without its subcommands (added by main.ts or entree.ts). */
export function racineCli(): Command {
  return new Command('opco')
    .description(
      'Plateforme OPCO : serveur, base de données, imports et calculs en ligne de commande',
    )
    .showHelpAfterError()
    .exitOverride();
}

/** Runs a built command line; returns the exit code (errors written in French on stderr). */
export async function executer(cli: Command, argv: string[]): Promise<number> {
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
