import type { Command } from 'commander';
import { franciser } from './aide.ts';
import { COMMANDES } from './entree.ts';
import { executer, racineCli } from './executer.ts';
// zod's messages in French for the CLI's input errors, as in the API.
import '../partage/zod-fr.ts';

/**
 * The whole `opco` command tree, for the root help, `opco help` and unknown commands. Each
 * capability adds its subcommand in src/cli/commandes/ and registers it in the table of
 * entree.ts; every subcommand has --help. A command module imports its heavy modules inside its
 * action (`await import(…)`), so that `opco --help` or a lookup loads only what it uses.
 */
export async function construireCli(): Promise<Command> {
  const cli = racineCli();
  for (const commande of await Promise.all(Object.values(COMMANDES).map((f) => f())))
    cli.addCommand(commande);
  return franciser(cli);
}

export async function main(argv: string[]): Promise<number> {
  return executer(await construireCli(), argv);
}
