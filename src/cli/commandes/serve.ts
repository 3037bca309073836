import { Command } from 'commander';
import { barreProgression } from '../progression.ts';

export function commandeServe(): Command {
  return new Command('serve')
    .description(
      'Migre la base, charge les données de référence et démarre la plateforme (API + interface web)',
    )
    .option('-p, --port <port>', 'port HTTP (sinon PORT, défaut 3000)')
    .action(async (opts: { port?: string }) => {
      const [{ construireApp }, { lireConfig }, { demarrerContexte }, { assurerInterfaceWeb }] =
        await Promise.all([
          import('../../api/app.ts'),
          import('../../config.ts'),
          import('../../contexte.ts'),
          import('../construire-web.ts'),
        ]);
      const config = lireConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
      const web = assurerInterfaceWeb();
      if (web) process.stderr.write(`${web}\n`);
      const ctx = await demarrerContexte(config, { progression: () => barreProgression() });
      for (const m of ctx.migrationsAppliquees)
        process.stderr.write(`Migration appliquée : ${m}\n`);
      for (const r of ctx.chargement.resultats)
        process.stderr.write(
          `Données « ${r.source} » : ${r.statut === 'importe' ? `importées (${r.lignesEcrites} lignes)` : 'à jour'} — ${r.fichier}\n`,
        );
      for (const m of ctx.chargement.manquants) process.stderr.write(`ATTENTION : ${m}\n`);
      const app = await construireApp(
        {
          base: ctx.base,
          config,
          donnees: { dossier: ctx.chargement.dossier, manquants: ctx.chargement.manquants },
          moteur: ctx.moteur,
        },
        { logger: { level: config.logLevel } },
      );
      const arreter = async () => {
        await app.close();
        await ctx.base.fermer();
        process.exit(0);
      };
      process.once('SIGINT', () => void arreter());
      process.once('SIGTERM', () => void arreter());
      await app.listen({ port: config.port, host: config.host });
      process.stderr.write(
        `Plateforme OPCO prête sur http://localhost:${config.port} (base : ${ctx.base.emplacement})\n`,
      );
      // Keep the process alive: the action resolves but the server keeps listening.
      await new Promise<never>(() => {});
    });
}
