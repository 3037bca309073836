import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decrireMachine, ecrireResultats } from '../machine.ts';

/**
 * The CLI on an initialised base (issue 9, point 3: a lookup or a simulation in ≤ 1 s and
 * ≤ 200 MB), run by hand: `npm run bench -- cli [--tours N]`, never by npm test.
 * Builds the precompiled CLI (scripts/construire-cli.mjs, as postinstall does), initialises a
 * PGlite folder once (`opco db charger`; OPCO_DB_PATH to reuse one), then runs each command
 * `tours` times, interleaved with `node -e 0` (the cost of starting Node at all on this machine,
 * in the same run), through /usr/bin/time for the peak RSS and processor time. Each command also
 * runs through tsx (OPCO_CLI_SOURCES=1), the fallback when the bundle is stale. Reports medians
 * and ratios to `node -e 0`; results in bench/results/cli-<date>.json.
 */
const racine = path.resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const valeur = (nom: string, defaut: number) => {
  const i = args.indexOf(`--${nom}`);
  return i >= 0 ? Number(args[i + 1]) : defaut;
};
const tours = valeur('tours', 5);
const journal = (m: string) => process.stderr.write(`${m}\n`);
const exec = promisify(execFile);
const opco = path.join(racine, 'bin', 'opco.mjs');
const TIME = '/usr/bin/time';

interface Mesure {
  murMs: number;
  processeurMs: number | null;
  rssMo: number | null;
}

/** One run: wall time measured here, peak RSS and CPU from /usr/bin/time when installed. */
function mesurer(commande: string[], env: NodeJS.ProcessEnv): Mesure {
  const avecTime = existsSync(TIME);
  const t0 = performance.now();
  const r = avecTime
    ? spawnSync(TIME, ['-f', '@@%M %U %S', process.execPath, ...commande], {
        env,
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, commande, { env, encoding: 'utf8' });
  const murMs = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`${commande.join(' ')} : code ${r.status}\n${r.stderr.slice(-2000)}`);
  const m = /@@(\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return {
    murMs,
    processeurMs: m ? Math.round((Number(m[2]) + Number(m[3])) * 1000) : null,
    rssMo: m ? Math.round(Number(m[1]) / 1024) : null,
  };
}

const mediane = (v: number[]) => {
  const t = [...v].sort((a, b) => a - b);
  return t[Math.floor((t.length - 1) / 2)] ?? 0;
};

function resumer(m: Mesure[]) {
  return {
    murMs: Math.round(mediane(m.map((x) => x.murMs))),
    murMaxMs: Math.round(Math.max(...m.map((x) => x.murMs))),
    processeurMs: m[0]?.processeurMs === null ? null : mediane(m.map((x) => x.processeurMs ?? 0)),
    rssMo: m[0]?.rssMo === null ? null : Math.max(...m.map((x) => x.rssMo ?? 0)),
  };
}

async function main() {
  const temporaire = process.env.OPCO_DB_PATH
    ? null
    : mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPCO_DB_PATH: process.env.OPCO_DB_PATH ?? path.join(temporaire ?? '', 'db'),
  };
  delete env.DATABASE_URL;
  delete env.OPCO_CLI_SOURCES;
  try {
    journal('Construction de la CLI précompilée (scripts/construire-cli.mjs)…');
    await exec(process.execPath, [path.join(racine, 'scripts', 'construire-cli.mjs')]);
    journal(`Initialisation de la base (opco db charger, ${env.OPCO_DB_PATH})…`);
    await exec(process.execPath, [opco, 'db', 'charger'], { env, maxBuffer: 1 << 24 });
    const dossier = temporaire ?? mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
    const situation = path.join(dossier, 'situation.json');
    writeFileSync(
      situation,
      JSON.stringify({
        dateConclusion: '2025-09-01',
        dateDebut: '2025-09-01',
        dateFin: '2027-08-31',
        niveau: 5,
        npecAnnuel: 8000,
        partDistanciel: 0,
      }),
    );
    const commandes: Record<string, string[]> = {
      rattachementIdcc: [opco, 'rattachement', 'idcc', '1486'],
      rattachementSiret: [opco, 'rattachement', 'siret', '73282932000074'],
      simulerApprentissage: [opco, 'simuler', 'apprentissage', situation],
    };
    const mesures: Record<string, Mesure[]> = { nodeSeul: [] };
    const sources = { ...env, OPCO_CLI_SOURCES: '1' };
    for (let t = 0; t < tours; t++) {
      journal(`Tour ${t + 1}/${tours}…`);
      mesures.nodeSeul?.push(mesurer(['-e', '0'], env));
      for (const [nom, c] of Object.entries(commandes)) {
        (mesures[nom] ??= []).push(mesurer(c, env));
        // The tsx fallback, fewer times (it only says what the bundle saves).
        if (t < 2) (mesures[`${nom}ParTsx`] ??= []).push(mesurer(c, sources));
      }
    }
    if (!temporaire) rmSync(dossier, { recursive: true, force: true });
    const resumes = Object.fromEntries(Object.entries(mesures).map(([n, m]) => [n, resumer(m)]));
    const base = resumes.nodeSeul;
    const ratios = Object.fromEntries(
      Object.entries(resumes)
        .filter(([n]) => n !== 'nodeSeul')
        .map(([n, r]) => [
          n,
          {
            mur: Math.round((r.murMs / (base?.murMs ?? 1)) * 10) / 10,
            processeur:
              r.processeurMs !== null && base?.processeurMs
                ? Math.round((r.processeurMs / base.processeurMs) * 10) / 10
                : null,
          },
        ]),
    );
    const cibles = ['rattachementIdcc', 'rattachementSiret', 'simulerApprentissage'];
    const sortie = {
      benchmark: 'cli',
      date: new Date().toISOString(),
      machine: decrireMachine(),
      resultats: {
        tours,
        mesures: resumes,
        ratiosANodeSeul: ratios,
        objectifs: { murMs: 1000, rssMo: 200 },
        atteints: Object.fromEntries(
          cibles.map((n) => [
            n,
            {
              mur: (resumes[n]?.murMs ?? Infinity) <= 1000,
              rss: (resumes[n]?.rssMo ?? 0) <= 200,
            },
          ]),
        ),
      },
    };
    ecrireResultats(`cli-${sortie.date.replace(/[:.]/g, '-')}.json`, sortie);
  } finally {
    if (temporaire) rmSync(temporaire, { recursive: true, force: true });
  }
}

await main();
