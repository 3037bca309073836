import type { Command } from 'commander';
import { executer, racineCli } from './executer.ts';

/**
 * The entry of bin/opco.mjs: loads only the module of the subcommand asked for (`opco
 * rattachement …` never loads Fastify, the importers or the accounts service), so that a lookup
 * answers at once. The whole tree (main.ts) is built for the root help, `opco help`, an unknown
 * command, or a command missing from the table below (it then works as well, only slower).
 */
export const COMMANDES: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./commandes/serve.ts')).commandeServe(),
  db: async () => (await import('./commandes/db.ts')).commandeDb(),
  import: async () => {
    const m = await import('./commandes/import.ts');
    await m.preparerAideImport();
    return m.commandeImport();
  },
  textes: async () => (await import('./commandes/textes.ts')).commandeTextes(),
  simuler: async () => {
    const [{ commandeSimuler }, { ajouterSimulationsAutres }, { ajouterSimulationsDispositifs }] =
      await Promise.all([
        import('./commandes/simuler.ts'),
        import('./commandes/simuler-autres.ts'),
        import('./commandes/simuler-dispositifs.ts'),
      ]);
    const simuler = commandeSimuler();
    ajouterSimulationsAutres(simuler);
    ajouterSimulationsDispositifs(simuler);
    return simuler;
  },
  rattachement: async () => (await import('./commandes/rattachement.ts')).commandeRattachement(),
  droit: async () => (await import('./commandes/droit.ts')).commandeDroit(),
  siro: async () => (await import('./commandes/siro.ts')).commandeSiro(),
  comptes: async () => (await import('./commandes/comptes.ts')).commandeComptes(),
  audit: async () => (await import('./commandes/audit.ts')).commandeAudit(),
  finances: async () => (await import('./commandes/finances.ts')).commandeFinances(),
  dossiers: async () => (await import('./commandes/dossiers.ts')).commandeDossiers(),
  demandes: async () => (await import('./commandes/demandes.ts')).commandeDemandes(),
  deca: async () => (await import('./commandes/deca.ts')).commandeDeca(),
};

export async function main(argv: string[]): Promise<number> {
  const nom = argv[2];
  const construire = nom !== undefined && Object.hasOwn(COMMANDES, nom) ? COMMANDES[nom] : null;
  if (!construire) return (await import('./main.ts')).main(argv);
  const [commande, { franciser }] = await Promise.all([
    construire(),
    import('./aide.ts'),
    // zod's messages in French for the CLI's input errors, as in the API.
    import('../partage/zod-fr.ts'),
  ]);
  const cli = racineCli();
  cli.addCommand(commande);
  return executer(franciser(cli), argv);
}
