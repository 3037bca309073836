import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/stockage/migrations/index.ts';
import { dossierDonnees } from '../aide/base.ts';

const racine = path.resolve(import.meta.dirname, '..', '..');
const dossier = mkdtempSync(path.join(tmpdir(), 'opco-cli-'));

/** Runs `opco …` as a user would (bin/opco.mjs), on a PGlite folder of its own. */
function opco(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, OPCO_DB_PATH: path.join(dossier, 'db') };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [path.join(racine, 'bin', 'opco.mjs'), ...args], {
    cwd: racine,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, sortie: r.stdout, erreur: r.stderr };
}

describe('CLI opco', () => {
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));

  it('donne l’aide de chaque commande', () => {
    const aide = opco('--help');
    expect(aide.code).toBe(0);
    for (const c of ['serve', 'db', 'import']) expect(aide.sortie).toContain(c);
    const db = opco('db', '--help');
    expect(db.sortie).toContain('migrate');
    expect(db.sortie).toContain('status');
    expect(opco('import', '--help').sortie).toContain('opcos');
    expect(opco('serve', '--help').sortie).toContain('--port');
  });

  it('db status liste les migrations en attente, db migrate les applique', () => {
    const noms = Object.keys(migrations);
    const avant = opco('db', 'status', '--json');
    expect(avant.code).toBe(0);
    const etatAvant = JSON.parse(avant.sortie) as {
      migrations: { nom: string; appliquee: boolean }[];
    };
    expect(etatAvant.migrations).toEqual(
      noms.map((nom) => expect.objectContaining({ nom, appliquee: false })),
    );
    const migre = opco('db', 'migrate');
    expect(migre.code).toBe(0);
    for (const n of noms) expect(migre.sortie).toContain(n);
    const apres = opco('db', 'status');
    expect(apres.sortie).toContain(`${noms.length} appliquée(s), 0 en attente.`);
    expect(opco('db', 'migrate').sortie).toContain('Base à jour');
  });

  it('importe un fichier avec progression, puis reconnaît le même fichier', () => {
    const fichier = path.join(dossierDonnees, 'opcos.csv');
    const r = opco('import', 'opcos', fichier);
    expect(r.code).toBe(0);
    expect(r.sortie).toMatch(/Import n° \d+ : 11 ligne\(s\) lue\(s\), 11 écrite\(s\) — sha256:/);
    expect(r.erreur).toContain('OPCO : terminé — 11 OPCO');
    const encore = opco('import', 'opcos', fichier);
    expect(encore.sortie).toContain('Déjà importé');
  });

  it('refuse une source inconnue avec un message clair et un code de sortie non nul', () => {
    const r = opco('import', 'inconnue', 'x.csv');
    expect(r.code).toBe(1);
    expect(r.erreur).toContain('ERR_IMPORT_SOURCE_INCONNUE');
    expect(r.erreur).toContain('Sources connues : opcos');
  });
});
