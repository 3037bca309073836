import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { ouvrirBase } from '../../stockage/db.ts';
import { etatMigrations, migrer } from '../../stockage/migrer.ts';

export function commandeDb(): Command {
  const db = new Command('db').description('Base de données : migrations et état');
  db.command('migrate')
    .description('Applique les migrations en attente (PGlite, ou PostgreSQL si DATABASE_URL)')
    .action(async () => {
      const config = lireConfig();
      const base = await ouvrirBase(config);
      try {
        const appliquees = await migrer(base);
        process.stdout.write(
          appliquees.length === 0
            ? `Base à jour (${base.emplacement}).\n`
            : `Migrations appliquées sur ${base.emplacement} :\n${appliquees.map((m) => `  ✓ ${m}`).join('\n')}\n`,
        );
      } finally {
        await base.fermer();
      }
    });
  db.command('status')
    .description('Liste les migrations appliquées et en attente')
    .option('--json', 'sortie JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = lireConfig();
      const base = await ouvrirBase(config);
      try {
        const etat = await etatMigrations(base);
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ base: base.emplacement, migrations: etat }, null, 2)}\n`,
          );
          return;
        }
        const lignes = etat.map((m) =>
          m.appliquee ? `  appliquée   ${m.nom}  (${m.appliqueeLe})` : `  en attente  ${m.nom}`,
        );
        const attente = etat.filter((m) => !m.appliquee).length;
        process.stdout.write(
          `Base : ${base.emplacement}\n${lignes.join('\n')}\n${etat.length - attente} appliquée(s), ${attente} en attente.\n`,
        );
      } finally {
        await base.fermer();
      }
    });
  return db;
}
