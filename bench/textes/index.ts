import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decrireMachine } from '../machine.ts';
import { arreter, attendreLigne } from '../processus.ts';
import { benchRechercheTextes } from './recherche.bench.ts';

/**
 * Text search benchmark, run by hand (`npm run bench -- textes [--lot N] [--tours N]`), never by
 * npm test. Starts `opco serve` in a child process on a PGlite folder loaded with the whole
 * imported 6th part and the reference data (`opco db charger`; OPCO_DB_PATH to keep a folder
 * between runs), with OPCO_MESURE_BOUCLE=1 so that the server measures its own event-loop delay
 * (src/api/mesure-boucle.ts). The client (recherche.bench.ts) runs here, in another process:
 * word searches alone, then during a 1 M-line bulk request while polling /health. Writes
 * bench/results/textes-<date>.json. Goals (issue 9): search p95 ≤ 20 ms, no block > 50 ms.
 */
const args = process.argv.slice(2);
const valeur = (nom: string, defaut: number) => {
  const i = args.indexOf(`--${nom}`);
  return i >= 0 ? Number(args[i + 1]) : defaut;
};
const racine = path.resolve(import.meta.dirname, '..', '..');
const opco = path.join(racine, 'bin', 'opco.mjs');
const journal = (m: string) => process.stderr.write(`${m}\n`);
const exec = promisify(execFile);

const temporaire = process.env.OPCO_DB_PATH
  ? null
  : mkdtempSync(path.join(tmpdir(), 'bench-textes-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  OPCO_DB_PATH: process.env.OPCO_DB_PATH ?? path.join(temporaire ?? '', 'db'),
  OPCO_DATA_DIR: process.env.OPCO_DATA_DIR ?? path.resolve(racine, '..', 'shared', 'data'),
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  OPCO_MESURE_BOUCLE: '1',
};
// A PGlite folder of its own: a shared PostgreSQL's public schema is never touched.
delete env.DATABASE_URL;

let serveur: ChildProcess | null = null;
let resultats: Record<string, unknown>;
try {
  const t0 = Date.now();
  journal(`Chargement des données (opco db charger, ${env.OPCO_DATA_DIR})…`);
  await exec(process.execPath, [opco, 'db', 'charger'], { env, maxBuffer: 1 << 24 });
  const port = 20_000 + ((process.pid + 7) % 20_000);
  serveur = spawn(process.execPath, [opco, 'serve'], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await attendreLigne(serveur, 'stderr', /Plateforme OPCO prête/);
  if (!serveur.pid) throw new Error('pid du serveur');
  journal(`serveur prêt en ${Math.round((Date.now() - t0) / 1000)} s (${env.OPCO_DB_PATH})`);
  resultats = await benchRechercheTextes({
    racine: `http://127.0.0.1:${port}`,
    pid: serveur.pid,
    tailleLot: valeur('lot', 1_000_000),
    tours: valeur('tours', 10),
    journal,
  });
} finally {
  if (serveur) await arreter(serveur);
  if (temporaire) rmSync(temporaire, { recursive: true, force: true });
}
const sortie = {
  benchmark: 'textes',
  date: new Date().toISOString(),
  machine: decrireMachine({
    serveur: 'opco serve dans un processus fils (PGlite), client dans le processus du banc',
  }),
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
