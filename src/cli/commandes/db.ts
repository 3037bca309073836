import { Command } from 'commander';
import { barreProgression } from '../progression.ts';

/** Modules of the actions, loaded when a subcommand runs (`opco --help` stays instant). */
async function modules() {
  const [{ lireConfig }, { ouvrirBase }, { etatMigrations, migrer }] = await Promise.all([
    import('../../config.ts'),
    import('../../stockage/db.ts'),
    import('../../stockage/migrer.ts'),
  ]);
  return { lireConfig, ouvrirBase, etatMigrations, migrer };
}

export function commandeDb(): Command {
  const db = new Command('db').description('Base de données : migrations et état');
  db.command('migrate')
    .description('Applique les migrations en attente (PGlite, ou PostgreSQL si DATABASE_URL)')
    .action(async () => {
      const { lireConfig, ouvrirBase, migrer } = await modules();
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
      const { lireConfig, ouvrirBase, etatMigrations } = await modules();
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
  db.command('charger')
    .description(
      'Migre la base et charge ou met à jour les données de référence (comme au démarrage du serveur) ; les commandes de consultation utilisent ensuite la base telle quelle',
    )
    .option('--json', 'bilan en JSON (migrations appliquées, résultats, manquants)')
    .action(async (opts: { json?: boolean }) => {
      const [{ lireConfig }, { demarrerContexte }] = await Promise.all([
        import('../../config.ts'),
        import('../../contexte.ts'),
      ]);
      const ctx = await demarrerContexte(lireConfig(), { progression: () => barreProgression() });
      try {
        if (opts.json) {
          const { migrationsAppliquees, chargement } = ctx;
          process.stdout.write(`${JSON.stringify({ migrationsAppliquees, chargement })}\n`);
          return;
        }
        for (const m of ctx.migrationsAppliquees)
          process.stdout.write(`Migration appliquée : ${m}\n`);
        for (const r of ctx.chargement.resultats)
          process.stdout.write(
            `Données « ${r.source} » : ${r.statut === 'importe' ? `importées (${r.lignesEcrites} lignes)` : 'à jour'} — ${r.fichier}\n`,
          );
        for (const m of ctx.chargement.manquants) process.stdout.write(`ATTENTION : ${m}\n`);
        process.stdout.write(`Base prête : ${ctx.base.emplacement}\n`);
      } finally {
        await ctx.base.fermer();
      }
    });
  return db;
}
