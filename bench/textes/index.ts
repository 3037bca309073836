import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lireConfig } from '../../src/config.ts';
import { demarrerContexte } from '../../src/contexte.ts';
import { decrireMachine } from '../machine.ts';
import { benchRechercheTextes } from './recherche.bench.ts';

/**
 * Text search benchmark, run by hand (`npm run bench -- textes [--lot N] [--tours N]`), never by
 * npm test. Starts the platform on an in-memory PGlite (or DATABASE_URL) with the whole imported
 * 6th part and the reference data, then measures search latency and event-loop blocking; writes
 * bench/results/textes-<date>.json. Goals (issue 9): p95 ≤ 20 ms, no block > 50 ms.
 */
const args = process.argv.slice(2);
const valeur = (nom: string, defaut: number) => {
  const i = args.indexOf(`--${nom}`);
  return i >= 0 ? Number(args[i + 1]) : defaut;
};
const racine = path.resolve(import.meta.dirname, '..', '..');
const journal = (m: string) => process.stderr.write(`${m}\n`);

const t0 = Date.now();
const contexte = await demarrerContexte(
  lireConfig({
    ...process.env,
    // A PGlite folder (OPCO_DB_PATH) keeps the imported data between runs.
    OPCO_DB_PATH: process.env.OPCO_DB_PATH ?? 'memory://',
    OPCO_DATA_DIR: process.env.OPCO_DATA_DIR ?? path.resolve(racine, '..', 'shared', 'data'),
  }),
  process.env.DATABASE_URL ? { schema: `bench_textes_${process.pid}` } : {},
);
journal(
  `plateforme prête en ${Math.round((Date.now() - t0) / 1000)} s (${contexte.base.emplacement})`,
);
let resultats: Record<string, unknown>;
try {
  resultats = await benchRechercheTextes({
    contexte,
    tailleLot: valeur('lot', 1_000_000),
    tours: valeur('tours', 10),
    journal,
  });
} finally {
  await contexte.base.fermer();
  if (process.env.DATABASE_URL) {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop schema if exists bench_textes_${process.pid} cascade`);
    await c.end();
  }
}
const sortie = {
  benchmark: 'textes',
  date: new Date().toISOString(),
  machine: decrireMachine(),
  resultats,
};
mkdirSync(path.join(racine, 'bench', 'results'), { recursive: true });
const fichier = path.join(
  racine,
  'bench',
  'results',
  `textes-${sortie.date.replace(/[:.]/g, '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify(sortie, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(sortie, null, 2)}\nRésultats : ${fichier}\n`);
