/**
 * `npm run bench -- dossiers` : automatic instruction of BENCH_N (default 1 000 000) generated
 * apprenticeship dossiers in-process, as a ratio against the bare engine evaluation of the same
 * contracts in the same run; then deposit of BENCH_DEPOT_N (5 000) dossiers on PostgreSQL
 * (DATABASE_URL, or the local test server), 8 at a time, through the service, against the bare
 * engine; then deposit through the HTTP API (`POST /api/v1/dossiers`, autocannon in a child
 * process) of BENCH_HTTP_N (5 000) dossiers, BENCH_HTTP_CONNEXIONS (64) at a time
 * (BENCH_HTTP_N=0 skips it; BENCH_SEULEMENT=http runs only that one). Result in
 * bench/results/dossiers-<horodatage>.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lecteurDossier } from '../../src/droit/lecteur-dossier.ts';
import { creerMoteur } from '../../src/moteur/index.ts';
import { decrireMachine } from '../machine.ts';
import { benchDepot } from './depot.bench.ts';
import { benchDossiers } from './dossiers.bench.ts';
import { benchDepotHttp } from './http.bench.ts';

const n = Number(process.env.BENCH_N ?? 1_000_000);
const seulHttp = process.env.BENCH_SEULEMENT === 'http';
const journal = (m: string) => process.stderr.write(`${m}\n`);
const erreur = (e: unknown) => ({ erreur: e instanceof Error ? e.message : String(e) });
const moteur = creerMoteur({ lecteur: lecteurDossier() }, () => null);
const r = seulHttp ? null : benchDossiers(moteur, n, journal);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const depot = seulHttp
  ? null
  : await benchDepot(
      moteur,
      url,
      Number(process.env.BENCH_DEPOT_N ?? 5000),
      Number(process.env.BENCH_DEPOT_PARALLELE ?? 8),
      journal,
    ).catch(erreur);
const nHttp = Number(process.env.BENCH_HTTP_N ?? 5000);
const http =
  nHttp > 0
    ? await benchDepotHttp(
        moteur,
        url,
        nHttp,
        Number(process.env.BENCH_HTTP_CONNEXIONS ?? 64),
        journal,
      ).catch(erreur)
    : null;
const sortie = {
  instruction: r,
  depotPostgresql: depot,
  depotHttpPostgresql: http,
  machine: decrireMachine(),
};
const fichier = path.resolve(
  import.meta.dirname,
  '..',
  'results',
  `dossiers-${new Date().toISOString().replaceAll(':', '-').replace('.', '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify(sortie, null, 2)}\n`);
console.log(JSON.stringify(sortie, null, 2));
