import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { Command } from 'commander';
import { optionsJournal } from '../../api/journal.ts';
import { VARIABLE_MESURE_BOUCLE } from '../../api/mesure-boucle.ts';
import { z } from 'zod';
import { ErreurOpco } from '../../partage/erreurs.ts';

const bilanSchema = z.object({
  migrationsAppliquees: z.array(z.string()),
  chargement: z.object({
    dossier: z.string().nullable(),
    resultats: z.array(
      z.object({
        source: z.string(),
        fichier: z.string(),
        statut: z.string(),
        lignesEcrites: z.number(),
      }),
    ),
    manquants: z.array(z.string()),
  }),
});

/**
 * Migrates and loads the reference data in a child process (`opco db charger --json`), so that
 * the server never holds what loading allocates (big JSON sources, import buffers, PGlite's
 * grown memory): it starts from a loaded base with a small footprint.
 */
async function chargerDansUnProcessus(): Promise<z.infer<typeof bilanSchema>> {
  const opco = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'opco.mjs');
  const enfant = spawn(process.execPath, [opco, 'db', 'charger', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let sortie = '';
  enfant.stdout.on('data', (d: Buffer) => (sortie += d.toString('utf8')));
  const [code] = (await once(enfant, 'exit')) as [number | null];
  if (code !== 0)
    throw new ErreurOpco('ERR_DONNEES_ABSENTES', {
      jeu: 'données de référence',
      detail: `le chargement (opco db charger) a échoué, code ${code}`,
    });
  return bilanSchema.parse(JSON.parse(sortie));
}

export function commandeServe(): Command {
  return new Command('serve')
    .description(
      'Migre la base, charge les données de référence et démarre la plateforme (API + interface web)',
    )
    .option('-p, --port <port>', 'port HTTP (sinon PORT, défaut 3000)')
    .action(async (opts: { port?: string }) => {
      const [{ construireApp }, { lireConfig }, { ouvrirBase }, { moteurParDefaut }, web] =
        await Promise.all([
          import('../../api/app.ts'),
          import('../../config.ts'),
          import('../../stockage/db.ts'),
          import('../../droit/moteur-par-defaut.ts'),
          import('../construire-web.ts'),
        ]);
      const config = lireConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
      const avis = web.assurerInterfaceWeb();
      if (avis) process.stderr.write(`${avis}\n`);
      // An in-memory PGlite base lives only in this process: load it here. Otherwise load in a
      // child process, so that the server keeps nothing of what loading allocates.
      const enMemoire = !config.databaseUrl && config.dbPath.startsWith('memory://');
      let bilan: z.infer<typeof bilanSchema>;
      let base: Awaited<ReturnType<typeof ouvrirBase>>;
      if (enMemoire) {
        const { demarrerContexte } = await import('../../contexte.ts');
        const ctxCharge = await demarrerContexte(config);
        bilan = {
          migrationsAppliquees: ctxCharge.migrationsAppliquees,
          chargement: ctxCharge.chargement,
        };
        base = ctxCharge.base;
      } else {
        bilan = await chargerDansUnProcessus();
        base = await ouvrirBase({ ...config, usage: 'serveur' });
      }
      for (const m of bilan.migrationsAppliquees)
        process.stderr.write(`Migration appliquée : ${m}\n`);
      for (const r of bilan.chargement.resultats)
        process.stderr.write(
          `Données « ${r.source} » : ${r.statut === 'importe' ? `importées (${r.lignesEcrites} lignes)` : 'à jour'} — ${r.fichier}\n`,
        );
      for (const m of bilan.chargement.manquants) process.stderr.write(`ATTENTION : ${m}\n`);
      const ctx = { base };
      const app = await construireApp(
        {
          base,
          config,
          donnees: { dossier: bilan.chargement.dossier, manquants: bilan.chargement.manquants },
          moteur: moteurParDefaut(config.dataDir),
        },
        { logger: optionsJournal(config.logLevel) },
      );
      if (process.env[VARIABLE_MESURE_BOUCLE] === '1') {
        const { installerMesureBoucle } = await import('../../api/mesure-boucle.ts');
        installerMesureBoucle(app);
      }
      const arreter = async () => {
        await app.close();
        await ctx.base.fermer();
        process.exit(0);
      };
      process.once('SIGINT', () => void arreter());
      process.once('SIGTERM', () => void arreter());
      // The finder's referentials (the whole SIRET-OPCO table, read in pages) are loaded before
      // the first request, not by it: a first bulk request or lookup no longer waits for them, and
      // the garbage collection their loading causes happens before any request (issue 9).
      const { obtenirRattacheur } = await import('../../stockage/rattachement.depot.ts');
      await obtenirRattacheur(base, false, config.rattachement).catch(() => {
        // No finder data yet: its routes answer 503 ERR_DONNEES_ABSENTES as before.
      });
      await app.listen({ port: config.port, host: config.host });
      process.stderr.write(
        `Plateforme OPCO prête sur http://localhost:${config.port} (base : ${ctx.base.emplacement})\n`,
      );
      // Keep the process alive: the action resolves but the server keeps listening.
      await new Promise<never>(() => {});
    });
}
