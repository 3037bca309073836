/**
 * `npm run bench [-- <nom> …]`: runs the benchmarks of bench/ by hand, never in `npm test`.
 * Without a name, runs them all in turn. Each writes its ratios and the machine description to
 * bench/results/.
 *   apprentissage  the rules engine vs publicodes (bench/apprentissage.bench.ts)
 *   rattachement   SIRO import vs COPY, bulk lookup (bench/rattachement/)
 *   serveur        `opco serve` as a child process: RSS after start / load / malformed burst, and
 *                  autocannon ratios of the finder, simulation, article vs a bare Fastify route
 *   textes         text search p95 and event-loop blocking during a 1 M-line bulk request (bench/textes/)
 *   comptes        authenticated vs public request (autocannon), argon2id sign-in (bench/comptes/)
 *   dossiers       automatic instruction of 1 M generated dossiers vs the bare engine (bench/dossiers/)
 */
const bancs: Record<string, () => Promise<unknown>> = {
  apprentissage: () => import('./apprentissage.bench.ts'),
  rattachement: () => import('./rattachement/index.ts'),
  serveur: () => import('./serveur/index.ts'),
  textes: () => import('./textes/index.ts'),
  comptes: () => import('./comptes/index.ts'),
  dossiers: () => import('./dossiers/index.ts'),
};
const demandes = process.argv.slice(2).filter((a) => a in bancs);
for (const nom of demandes.length > 0 ? demandes : Object.keys(bancs)) {
  process.stderr.write(`\n=== banc d'essai : ${nom} ===\n`);
  await bancs[nom]!();
}
