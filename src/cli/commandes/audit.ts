import { Command, CommanderError } from 'commander';
import { verifierAudit } from '../../api/routes/audit.routes.ts';
import { lireConfig } from '../../config.ts';
import { ouvrirBase } from '../../stockage/db.ts';
import { migrer } from '../../stockage/migrer.ts';

export function commandeAudit(): Command {
  const c = new Command('audit').description('Journal d’audit en ajout seul, chaîné par SHA-256');
  c.command('verifier')
    .description(
      'Vérifie la chaîne d’empreintes du journal d’audit et nomme la première ligne rompue (code de sortie 1)',
    )
    .action(async () => {
      const base = await ouvrirBase(lireConfig());
      try {
        await migrer(base);
        const r = await verifierAudit(base);
        if (r.valide) {
          process.stdout.write(`Journal d’audit intègre : ${r.lignes} ligne(s) vérifiée(s).\n`);
          return;
        }
        process.stdout.write(
          `Journal d’audit ROMPU à la ligne ${r.rang} : ${r.raison}.\n${r.lignes - 1} ligne(s) intègre(s) avant elle.\n`,
        );
        // Exit code 1 (main() turns a CommanderError into its code, printing nothing more).
        throw new CommanderError(1, 'opco.audit.rompu', 'journal d’audit rompu');
      } finally {
        await base.fermer();
      }
    });
  return c;
}
