import path from 'node:path';
import pg from 'pg';
import { decrireMachine, ecrireResultats } from '../machine.ts';
import { benchRattachement } from './rattachement.bench.ts';

/**
 * Rattachement benchmarks, run by hand (`npm run bench -- rattachement [--taille N]`), never by npm test.
 * Each measures a ratio against a baseline run in the same process, and writes its result with
 * the machine description to bench/results/<nom>-<date>.json.
 */
const args = process.argv.slice(2);
const valeur = (nom: string, defaut: number) => {
  const i = args.indexOf(`--${nom}`);
  return i >= 0 ? Number(args[i + 1]) : defaut;
};
const racine = path.resolve(import.meta.dirname, '..', '..');
const databaseUrl = process.env.DATABASE_URL;
const machine = decrireMachine({ postgres: await versionPostgres() });

async function versionPostgres(): Promise<string> {
  if (!databaseUrl) return 'non mesuré (DATABASE_URL absent)';
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const r = await c.query<{ v: string }>('select version() as v');
  await c.end();
  return r.rows[0]?.v ?? 'inconnue';
}

const resultats = await benchRattachement({
  dossierDonnees: process.env.OPCO_DATA_DIR ?? path.resolve(racine, 'donnees'),
  taille: valeur('taille', 3_671_884),
  databaseUrl,
  pglite: !args.includes('--sans-pglite'),
  tailleLot: valeur('lot', 1_000_000),
  dureeHttpMs: valeur('duree-http', 5000),
  journal: (m) => process.stderr.write(`${m}\n`),
});
const sortie = {
  benchmark: 'rattachement',
  date: new Date().toISOString(),
  machine,
  resultats,
};
ecrireResultats(`rattachement-${sortie.date.slice(0, 10)}.json`, sortie);
