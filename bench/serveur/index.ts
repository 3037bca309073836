import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decrireMachine, ecrireResultats } from '../machine.ts';
import { attendreLigne, tempsProcesseurMs } from '../processus.ts';

/**
 * The server as an operator runs it (`npm run bench -- serveur [--duree S] [--tours N] [--connexions N]`):
 *  - memory (issue 9, point 4): `opco serve` started as a child process on a PGlite folder
 *    initialised beforehand with the bundled data (`opco db charger`); its RSS is read from
 *    /proc/<pid>/status after start, after the load runs and after a burst of varied and
 *    malformed requests (VmHWM gives the peak);
 *  - throughput (point 5): autocannon, in a process of its own, against a bare Fastify 5 route
 *    (bench/serveur/nu.mjs, its own process too) and, in the same run, the finder by SIRET, the
 *    apprenticeship simulation and an article read, in interleaved rounds; each as the median
 *    over the rounds of its ratio to the bare route measured just before and after it, and as
 *    the ratio of the processor time per request of the two server processes.
 * Never run by npm test. Numbers on a shared, loaded machine are only indicative: the ratios are
 * what to compare. Results in bench/results/serveur-<date>.json.
 */
const racine = path.resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const valeur = (nom: string, defaut: number) => {
  const i = args.indexOf(`--${nom}`);
  return i >= 0 ? Number(args[i + 1]) : defaut;
};
const duree = valeur('duree', 5);
const tours = valeur('tours', 3);
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

    // Rounds interleaving the bare route and each route of the platform: on a shared machine the
    // load changes from one second to the next, so each ratio compares measures taken side by
    // side (a route against the mean of the bare route just before and just after it), and the
    // median over the rounds is reported. The processor time each server process used per request
    // (/proc/<pid>/stat) gives a second ratio that the other processes' load does not skew.
    const routes: Record<string, Requete[]> = {
      rattachementParSiret: finder,
      simulationApprentissage: simulation,
      lectureArticle: article,
    };
    if (!nu.pid) throw new Error('pid de la route nue');
    const pidNu = nu.pid;
    const pidServeur = serveur.pid;
    interface Mesure extends Charge {
      processeurParRequeteUs: number;
    }
    const mesurer = async (
      nom: string,
      url: string,
      r: Requete[],
      pid: number,
    ): Promise<Mesure> => {
      const c0 = tempsProcesseurMs(pid);
      const m = await charger(dossier, url, r, duree);
      const cpu = tempsProcesseurMs(pid) - c0;
      journal(`  ${nom} : ${Math.round(m.requetesParSeconde)} req/s`);
      return { ...m, processeurParRequeteUs: Math.round((cpu * 1000) / Math.max(1, m.requetes)) };
    };
    const mesures: Record<string, Mesure[]> = { routeNue: [] };
    const ratiosParTour: Record<string, { debit: number; processeur: number }[]> = {};
    journal(`Charge : ${tours} tours de ${duree} s, ${connexions} connexions…`);
    let nuAvant = await mesurer('routeNue', urlNu, [{ path: '/nu' }], pidNu);
    mesures.routeNue?.push(nuAvant);
    for (let t = 0; t < tours; t++) {
      const tour: Record<string, Mesure> = {};
      for (const [nom, r] of Object.entries(routes)) {
        tour[nom] = await mesurer(nom, urlServeur, r, pidServeur);
        (mesures[nom] ??= []).push(tour[nom]);
      }
      const nuApres = await mesurer('routeNue', urlNu, [{ path: '/nu' }], pidNu);
      mesures.routeNue?.push(nuApres);
      const debitNu = (nuAvant.requetesParSeconde + nuApres.requetesParSeconde) / 2;
      const processeurNu = (nuAvant.processeurParRequeteUs + nuApres.processeurParRequeteUs) / 2;
      for (const [nom, m] of Object.entries(tour))
        (ratiosParTour[nom] ??= []).push({
          debit: m.requetesParSeconde / debitNu,
          processeur: processeurNu / Math.max(1, m.processeurParRequeteUs),
        });
      nuAvant = nuApres;
    }
    const apresCharge = memoire(serveur.pid);

    journal('Rafale de requêtes variées et malformées…');
    const rafale = await charger(dossier, urlServeur, rafaleMalformee(sirets), duree, 10);
    const apresRafale = memoire(serveur.pid);
    journal(`  ${JSON.stringify(apresRafale)}`);

    const mediane = (v: number[]) => {
      const t = [...v].sort((a, b) => a - b);
      const k = Math.floor(t.length / 2);
      return t.length % 2 ? (t[k] ?? 0) : ((t[k - 1] ?? 0) + (t[k] ?? 0)) / 2;
    };
    const arrondi = (x: number) => Math.round(x * 1000) / 1000;
    const ratios = Object.fromEntries(
      Object.entries(ratiosParTour).map(([nom, l]) => [
        nom,
        {
          debit: arrondi(mediane(l.map((x) => x.debit))),
          debitParTour: l.map((x) => arrondi(x.debit)),
          processeurParRequete: arrondi(mediane(l.map((x) => x.processeur))),
        },
      ]),
    );
    const nuMoyen = mediane((mesures.routeNue ?? []).map((m) => m.requetesParSeconde));
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
        tours,
        routeNueRequetesParSeconde: Math.round(nuMoyen),
        ratios,
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
    ecrireResultats(`serveur-${sortie.date.replace(/[:.]/g, '-')}.json`, sortie);
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
