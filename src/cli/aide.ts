import { Help, type Command, type Option } from 'commander';

/** Commander's section titles, in French. */
const TITRES: Record<string, string> = {
  'Usage:': 'Utilisation :',
  'Options:': 'Options :',
  'Commands:': 'Commandes :',
  'Arguments:': 'Arguments :',
  'Global Options:': 'Options globales :',
};

/** Commander's error messages, in French (the first matching pattern wins). */
const ERREURS: readonly [RegExp, string][] = [
  [/error: unknown option '(.*)'/, 'erreur : option inconnue « $1 »'],
  [/error: unknown command '(.*)'/, 'erreur : commande inconnue « $1 »'],
  [/error: missing required argument '(.*)'/, 'erreur : argument obligatoire manquant « $1 »'],
  [/error: option '(.*)' argument missing/, 'erreur : l’option « $1 » attend une valeur'],
  [/error: required option '(.*)' not specified/, 'erreur : l’option obligatoire « $1 » manque'],
  [
    /error: option '(.*)' argument '(.*)' is invalid\./,
    'erreur : valeur « $2 » invalide pour l’option « $1 ».',
  ],
  [
    /error: command-argument value '(.*)' is invalid for argument '(.*)'\./,
    'erreur : valeur « $1 » invalide pour l’argument « $2 ».',
  ],
  [
    /error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\./,
    'erreur : trop d’arguments ($2 attendu(s), $3 reçu(s))',
  ],
  [/error: (.*) cannot be used with (.*)/, 'erreur : $1 ne peut pas être utilisée avec $2'],
  [/\(Did you mean one of (.*)\?\)/, '(Vouliez-vous dire l’une de ces possibilités : $1 ?)'],
  [/\(Did you mean (.*)\?\)/, '(Vouliez-vous dire $1 ?)'],
  [/^error: /, 'erreur : '],
];

export function traduireErreur(message: string): string {
  let m = message;
  for (const [motif, francais] of ERREURS) m = m.replace(motif, francais);
  return m;
}

const aideOriginale = new Help();

/**
 * French help and errors for a command and all its subcommands (commander's texts are English;
 * subcommands built with `new Command()` do not inherit settings, hence the walk). Call it once
 * the whole tree is built.
 */
export function franciser(cmd: Command): Command {
  cmd
    .helpOption('-h, --help', 'affiche l’aide de la commande')
    .configureHelp({
      styleTitle: (titre: string) => TITRES[titre] ?? titre,
      styleUsage: (usage: string) =>
        usage.replace('[command]', '[commande]').replace('[options]', '[options]'),
      optionDescription: (option: Option) =>
        aideOriginale
          .optionDescription(option)
          .replace(/\(default: /, '(défaut : ')
          .replace(/choices: /, 'valeurs : '),
    })
    .configureOutput({ outputError: (texte, ecrire) => ecrire(traduireErreur(texte)) })
    .showHelpAfterError()
    // Errors reach main() as CommanderError (an exit code), never a process.exit from inside.
    .exitOverride();
  if (cmd.commands.length > 0) cmd.helpCommand('help [commande]', 'affiche l’aide d’une commande');
  for (const sous of cmd.commands) franciser(sous);
  return cmd;
}
