import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decrireMachine } from '../machine.ts';

/**
 * The server as an operator runs it (`npm run bench -- serveur [--duree S] [--connexions N]`):
 *  - memory (issue 9, point 4): `opco serve` started as a child process on a PGlite folder
 *    initialised beforehand with the bundled data (`opco db charger`); its RSS is read from
 *    /proc/<pid>/status after start, after the load runs and after a burst of varied and
 *    malformed requests (VmHWM gives the peak);
 *  - throughput (point 5): autocannon, in a process of its own, against a bare Fastify 5 route
 *    (bench/serveur/nu.mjs, its own process too) and, in the same run, the finder by SIRET, the
 *    apprenticeship simulation and an article read; each as a ratio to the bare route (measured
 *    before and after, averaged).
 * Never run by npm test. Numbers on a shared, loaded machine are only indicative: the ratios are
 * what to compare. Results in bench/results/serveur-<date>.json.
 */
const racine = path.resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const valeur = (nom: string, defaut: number) => {
  const i = args.indexOf(`--${nom}`);
  return i >= 0 ? Number(args[i + 1]) : defaut;
};
const duree = valeur('duree', 10);
const connexions = valeur('connexions', 50);
const journal = (m: string) => process.stderr.write(`${m}\n`);
const exec = promisify(execFile);
const opco = path.join(racine, 'bin', 'opco.mjs');

interface Memoire {
  rssMo: number;
  picRssMo: number;
}

/** VmRSS and VmHWM of a process, in MB. */
function memoire(pid: number): Memoire {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const ko = (cle: string) => Number(new RegExp(`${cle}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return {
    rssMo: Math.round(ko('VmRSS') / 1024),
    picRssMo: Math.round(ko('VmHWM') / 1024),
  };
}

/** Waits until a child writes a line matching the pattern on one of its streams. */
async function attendreLigne(
  enfant: ChildProcess,
  flux: 'stdout' | 'stderr',
  motif: RegExp,
): Promise<RegExpExecArray> {
  let tampon = '';
  const source = enfant[flux];
  if (!source) throw new Error(`${flux} absent`);
  return new Promise((resolve, reject) => {
    const surDonnees = (d: Buffer) => {
      tampon += d.toString('utf8');
      const m = motif.exec(tampon);
      if (m) {
        source.off('data', surDonnees);
        resolve(m);
      }
    };
    source.on('data', surDonnees);
    enfant.once('exit', (code) =>
      reject(new Error(`processus terminé (code ${code}) avant « ${motif.source} » :\n${tampon}`)),
    );
  });
}

interface Charge {
  requetesParSeconde: number;
  requetes: number;
  latenceMoyenneMs: number;
  latenceP99Ms: number;
  reponses2xx: number;
  reponsesNon2xx: number;
  erreurs: number;
}

interface Requete {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function charger(
  dossier: string,
  url: string,
  requests: Requete[],
  secondes: number,
  conn = connexions,
): Promise<Charge> {
  const f = path.join(dossier, `charge-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify({ url, connections: conn, duration: secondes, requests }));
  const { stdout } = await exec(
    process.execPath,
    [path.join(import.meta.dirname, 'charge.mjs'), f],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(stdout) as Charge;
}

const json = { 'content-type': 'application/json' };
const situation = {
  dateConclusion: '2025-09-01',
  dateDebut: '2025-09-01',
  dateFin: '2027-08-31',
  niveau: 5,
  npecAnnuel: 8000,
  partDistanciel: 0,
};

/** Varied and malformed requests, as a fuzzer would send (the answers' statuses are counted). */
function rafaleMalformee(sirets: string[]): Requete[] {
  const r: Requete[] = [];
  const grand = 'x'.repeat(20_000);
  for (let i = 0; i < 40; i++) {
    const s = sirets[i % sirets.length] ?? '73282932000074';
    r.push(
      { path: `/api/v1/rattachement?siret=${s.slice(0, 13)}` },
      { path: `/api/v1/rattachement?siret=${s}&date=9999-12-31` },
      { path: `/api/v1/rattachement?siren=${s.slice(0, 9)}&date=2026-13-45` },
      { path: `/api/v1/rattachement?idcc=${i}%00` },
      { path: '/api/v1/textes?q=ab%00cd' },
      { path: `/api/v1/textes?q=${encodeURIComponent('formation apprentissage')}&limite=${i}` },
      { path: `/api/v1/textes/L${grand.slice(0, 3000)}` },
      { path: '/api/v1/textes/%FF' },
      { path: '/api/v1/textes/L6332-14/diff?de=x&a=y' },
      { path: `/api/v1/conventions?q=${grand.slice(0, 500)}` },
      { path: '/inconnue/%' },
      { method: 'POST', path: '/api/v1/simulations/apprentissage', headers: json, body: '{"a":' },
      {
        method: 'POST',
        path: '/api/v1/simulations/apprentissage',
        headers: json,
        body: JSON.stringify({ ...situation, npecAnnuel: 1e308, dateFin: '2030-01-01' }),
      },
      {
        method: 'POST',
        path: '/api/v1/simulations/apprentissage',
        headers: json,
        body: JSON.stringify({ ...situation, fraisAnnexes: { nuitees: -1 }, niveau: 'x' }),
      },
      {
        method: 'POST',
        path: '/api/v1/rattachement/lot',
        headers: json,
        body: JSON.stringify({
          sirets: Array.from({ length: 500 }, (_, k) => sirets[k % sirets.length]),
        }),
      },
      { method: 'POST', path: '/api/v1/rattachement/lot', headers: json, body: grand },
      { method: 'DELETE', path: '/api/v1/opcos' },
    );
  }
  return r;
}

async function main() {
  const dossier = mkdtempSync(path.join(tmpdir(), 'bench-serveur-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPCO_DB_PATH: path.join(dossier, 'db'),
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  const enfants: ChildProcess[] = [];
  try {
    journal('Initialisation de la base avec les données fournies (opco db charger)…');
    await exec(process.execPath, [opco, 'db', 'charger'], { env, maxBuffer: 1 << 24 });

    // SIRETs known to the demo table, read before the server takes the folder's lock.
    const { ouvrirBase } = await import('../../src/stockage/db.ts');
    const base = await ouvrirBase({ dbPath: path.join(dossier, 'db'), usage: 'commande' });
    const lignes = await base.db
      .selectFrom('siro_etablissement')
      .select('siret')
      .orderBy('siret')
      .limit(20_000)
      .execute();
    await base.fermer();
    const sirets = lignes.filter((_, i) => i % 100 === 0).map((l) => l.siret);

    journal('Démarrage de « opco serve »…');
    const port = 20_000 + (process.pid % 20_000);
    const serveur = spawn(process.execPath, [opco, 'serve'], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    enfants.push(serveur);
    const t0 = performance.now();
    await attendreLigne(serveur, 'stderr', /Plateforme OPCO prête/);
    const demarrageMs = Math.round(performance.now() - t0);
    if (!serveur.pid) throw new Error('pid du serveur');
    const apresDemarrage = memoire(serveur.pid);
    journal(`  prêt en ${demarrageMs} ms, ${JSON.stringify(apresDemarrage)}`);

    const nu = spawn(process.execPath, [path.join(import.meta.dirname, 'nu.mjs')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    enfants.push(nu);
    const portNu = Number((await attendreLigne(nu, 'stdout', /"port":(\d+)/))[1]);

    const urlServeur = `http://127.0.0.1:${port}`;
    const urlNu = `http://127.0.0.1:${portNu}`;
    const finder: Requete[] = sirets.map((s) => ({ path: `/api/v1/rattachement?siret=${s}` }));
    const simulation: Requete[] = [0, 1, 2, 3].map((k) => ({
      method: 'POST',
      path: '/api/v1/simulations/apprentissage',
      headers: json,
      body: JSON.stringify({ ...situation, npecAnnuel: 8000 + k * 500 }),
    }));
    const article: Requete[] = [{ path: '/api/v1/textes/L6332-14?date=2026-01-01' }];

    journal('Échauffement…');
    await charger(dossier, urlNu, [{ path: '/nu' }], 2, 10);
    for (const r of [finder, simulation, article]) await charger(dossier, urlServeur, r, 2, 10);

    const mesures: Record<string, Charge> = {};
    const mesurer = async (nom: string, url: string, r: Requete[]) => {
      journal(`Charge : ${nom} (${connexions} connexions, ${duree} s)…`);
      mesures[nom] = await charger(dossier, url, r, duree);
      journal(`  ${Math.round(mesures[nom].requetesParSeconde)} req/s`);
    };
    await mesurer('routeNueAvant', urlNu, [{ path: '/nu' }]);
    await mesurer('rattachementParSiret', urlServeur, finder);
    await mesurer('simulationApprentissage', urlServeur, simulation);
    await mesurer('lectureArticle', urlServeur, article);
    await mesurer('routeNueApres', urlNu, [{ path: '/nu' }]);
    const apresCharge = memoire(serveur.pid);

    journal('Rafale de requêtes variées et malformées…');
    const rafale = await charger(dossier, urlServeur, rafaleMalformee(sirets), duree, 10);
    const apresRafale = memoire(serveur.pid);
    journal(`  ${JSON.stringify(apresRafale)}`);

    const nuMoyen =
      ((mesures.routeNueAvant?.requetesParSeconde ?? 0) +
        (mesures.routeNueApres?.requetesParSeconde ?? 0)) /
      2;
    const ratio = (nom: string) =>
      Math.round(((mesures[nom]?.requetesParSeconde ?? 0) / nuMoyen) * 1000) / 1000;
    const resultats = {
      memoire: {
        demarrageMs,
        apresDemarrage,
        apresCharge,
        apresRafale,
        objectifs: { apresDemarrageMo: 300, apresRafaleMo: 400 },
      },
      http: {
        generateur: 'autocannon (processus séparé)',
        connexions,
        dureeS: duree,
        routeNueRequetesParSeconde: Math.round(nuMoyen),
        ratios: {
          rattachementParSiret: ratio('rattachementParSiret'),
          simulationApprentissage: ratio('simulationApprentissage'),
          lectureArticle: ratio('lectureArticle'),
        },
        objectifRatioRattachement: 0.5,
        mesures,
      },
      rafale: {
        requetes: rafale.requetes,
        reponses2xx: rafale.reponses2xx,
        reponsesNon2xx: rafale.reponsesNon2xx,
        erreurs: rafale.erreurs,
      },
    };
    const sortie = {
      benchmark: 'serveur',
      date: new Date().toISOString(),
      machine: decrireMachine(),
      resultats,
    };
    mkdirSync(path.join(racine, 'bench', 'results'), { recursive: true });
    const fichier = path.join(
      racine,
      'bench',
      'results',
      `serveur-${sortie.date.replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(fichier, `${JSON.stringify(sortie, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(sortie, null, 2)}\nRésultats : ${fichier}\n`);
  } finally {
    for (const e of enfants) {
      if (e.exitCode === null) {
        e.kill('SIGTERM');
        await Promise.race([once(e, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
      }
    }
    rmSync(dossier, { recursive: true, force: true });
  }
}

await main();
