import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A fresh clone with nothing beside it: the repository's files (tracked, or new and not ignored)
 * copied to a temporary folder with no ../shared, node_modules linked (as `npm install` would
 * provide it), the platform started with `opco serve` and no OPCO_DATA_DIR. Also linked, to
 * save minutes, two artefacts derived from node_modules that a real install builds itself:
 * dist/web (postinstall) and the legi-data extraction cache (.opco/cache).
 */
const depot = path.resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'opco-clone-'));
const clone = path.join(tmp, 'plateforme-opco');
let serveur: ChildProcess | null = null;
let url = '';
let journal = '';

function portLibre(): Promise<number> {
  return new Promise((resoudre, rejeter) => {
    const s = createServer();
    s.on('error', rejeter);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resoudre(port));
    });
  });
}

beforeAll(async () => {
  const fichiers = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: depot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f !== '' && existsSync(path.join(depot, f)));
  for (const f of fichiers) {
    mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
    cpSync(path.join(depot, f), path.join(clone, f));
  }
  symlinkSync(path.join(depot, 'node_modules'), path.join(clone, 'node_modules'));
  if (existsSync(path.join(depot, 'dist', 'web', 'index.html'))) {
    mkdirSync(path.join(clone, 'dist'));
    symlinkSync(path.join(depot, 'dist', 'web'), path.join(clone, 'dist', 'web'));
  }
  if (existsSync(path.join(depot, '.opco', 'cache')))
    cpSync(path.join(depot, '.opco', 'cache'), path.join(clone, '.opco', 'cache'), {
      recursive: true,
    });
  expect(existsSync(path.join(clone, '..', 'shared'))).toBe(false);
  expect(existsSync(path.join(clone, 'donnees', 'opcos.csv'))).toBe(true);

  const port = await portLibre();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    OPCO_DB_PATH: 'memory://',
    LOG_LEVEL: 'warn',
  };
  delete env.OPCO_DATA_DIR;
  delete env.DATABASE_URL;
  const p = spawn(process.execPath, ['bin/opco.mjs', 'serve'], { cwd: clone, env });
  serveur = p;
  url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resoudre, rejeter) => {
    const lire = (d: Buffer) => {
      journal += d.toString('utf8');
      if (journal.includes('Plateforme OPCO prête')) resoudre();
    };
    p.stdout?.on('data', lire);
    p.stderr?.on('data', lire);
    p.on('exit', (code) => rejeter(new Error(`opco serve arrêté (${code}) :\n${journal}`)));
  });
}, 600_000);

afterAll(async () => {
  const p = serveur;
  if (p && p.exitCode === null) {
    await new Promise<void>((resoudre) => {
      p.once('exit', () => resoudre());
      p.kill('SIGTERM');
    });
  }
  rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe('un clone neuf, sans ../shared, sert tout sur ses propres données', () => {
  it('charge au démarrage les données du dépôt, sans rien signaler de manquant', () => {
    expect(journal).not.toContain('introuvable');
    expect(journal).toMatch(/Données « opcos » : importées \(11 lignes\) — opcos\.csv/);
  });

  it('donne les 11 OPCO avec les codes France compétences', async () => {
    const r = await fetch(`${url}/api/v1/opcos`);
    expect(r.status).toBe(200);
    const { opcos } = (await r.json()) as {
      opcos: { code: string; nom: string; codeInfere: boolean }[];
    };
    expect(opcos).toHaveLength(11);
    expect(opcos.find((o) => o.nom === 'ATLAS')?.code).toBe('03');
    expect(opcos.filter((o) => o.codeInfere).map((o) => o.nom)).toEqual([
      'UNIFORMATION COHESION SOCIALE',
    ]);
  });

  it('rattache l’IDCC 1486 à ATLAS', async () => {
    const r = await fetch(`${url}/api/v1/rattachement?idcc=1486`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      statut: 'trouve',
      idcc: { code: '1486', titre: expect.stringContaining('Bureaux d') },
      opco: { nom: 'ATLAS' },
    });
  });

  it('simule un contrat d’apprentissage, citations datées comprises', async () => {
    const r = await fetch(`${url}/api/v1/simulations/apprentissage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        dateConclusion: '2025-07-01',
        dateDebut: '2025-09-01',
        dateFin: '2026-08-31',
        niveau: 6,
        npecAnnuel: 7300,
        partDistanciel: 0,
        fraisAnnexes: { nuitees: 2, repas: 4, premierEquipement: 100, mobiliteInternationale: 0 },
      }),
    });
    expect(r.status).toBe(200);
    const j = (await r.json()) as {
      priseEnCharge: { total: number };
      citations: { article: string; idVersion: string | null }[];
    };
    expect(j.priseEnCharge.total).toBe(7300);
    // The article versions come from donnees/code-du-travail-formation-articles.json.
    expect(j.citations.find((c) => c.article === 'R6332-25-1')?.idVersion).toBe(
      'LEGIARTI000051818943',
    );
  });

  it('affiche un article du Code du travail', async () => {
    const r = await fetch(`${url}/api/v1/textes/R6332-25-1?date=2025-07-01`);
    expect(r.status).toBe(200);
    expect(JSON.stringify(await r.json())).toContain('R6332-25-1');
  });
});
