/**
 * `npm run bench [-- <nom> …]`: runs the benchmarks of bench/ by hand, never in `npm test`.
 * Without a name, runs them all in turn. Each writes its ratios and the machine description to
 * bench/results/.
 *   apprentissage  the rules engine vs publicodes (bench/apprentissage.bench.ts)
 *   rattachement   SIRO import vs COPY, bulk lookup (bench/rattachement/)
 *   serveur        `opco serve` as a child process: RSS after start / load / malformed burst, and
 *                  autocannon ratios of the finder, simulation, article vs a bare Fastify route
 *   textes         `opco serve` as a child process: text search p95 and the server's own event-loop
 *                  delay during a 1 M-line bulk request (bench/textes/)
 *   comptes        authenticated vs public request (autocannon), argon2id sign-in (bench/comptes/)
 *   referentiels-formation  public list of training bodies: import vs parse, bulk loader, port
 *                  lookups vs bare Map (bench/referentiels-formation.bench.ts)
 *   dispositifs    the other funding schemes: bulk and explained evaluations per second (bench/dispositifs.bench.ts)
 *   cli            `opco rattachement …` and `opco simuler …` on an initialised base: wall time,
 *                  peak RSS, ratio to `node -e 0` in the same run (bench/cli/)
 *   finances       payment run of 100 000 instalments vs INSERT … SELECT; commitments/s under 200
 *                  clients vs pgbench TPC-B-like (PostgreSQL, bench/finances/)
 *   dossiers       automatic instruction of 1 M generated dossiers vs the bare engine (bench/dossiers/)
 */
const bancs: Record<string, () => Promise<unknown>> = {
  apprentissage: () => import('./apprentissage.bench.ts'),
  rattachement: () => import('./rattachement/index.ts'),
  serveur: () => import('./serveur/index.ts'),
  textes: () => import('./textes/index.ts'),
  comptes: () => import('./comptes/index.ts'),
  'referentiels-formation': () => import('./referentiels-formation.bench.ts'),
  dispositifs: () => import('./dispositifs.bench.ts'),
  cli: () => import('./cli/index.ts'),
  finances: () => import('./finances/index.ts'),
  dossiers: () => import('./dossiers/index.ts'),
};
const demandes = process.argv.slice(2).filter((a) => a in bancs);
for (const nom of demandes.length > 0 ? demandes : Object.keys(bancs)) {
  process.stderr.write(`\n=== banc d'essai : ${nom} ===\n`);
  await bancs[nom]!();
}
