import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/stockage/migrations/index.ts';
import { NOM_VERROU, verrouillerDossier } from '../../src/stockage/verrou.ts';
import { dossierDonnees } from '../aide/base.ts';

const racine = path.resolve(import.meta.dirname, '..', '..');
const dossier = mkdtempSync(path.join(tmpdir(), 'opco-cli-'));

/**
 * Runs `opco …` as a user would (bin/opco.mjs), on a PGlite folder of its own. Spawning is slow
 * on a loaded machine (a cold PGlite, the TypeScript loader): generous timeouts, no timing.
 */
function opcoSur(db: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, OPCO_DB_PATH: db, ...env };
  delete e.DATABASE_URL;
  const r = spawnSync(process.execPath, [path.join(racine, 'bin', 'opco.mjs'), ...args], {
    cwd: racine,
    env: e,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, sortie: r.stdout, erreur: r.stderr };
}
function opco(...args: string[]) {
  return opcoSur(path.join(dossier, 'db'), args);
}
const LONG = 360_000;

describe('CLI opco', () => {
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));

  it(
    'donne l’aide de chaque commande',
    () => {
      const aide = opco('--help');
      expect(aide.code).toBe(0);
      for (const c of ['serve', 'db', 'import']) expect(aide.sortie).toContain(c);
      const db = opco('db', '--help');
      expect(db.sortie).toContain('migrate');
      expect(db.sortie).toContain('status');
      expect(opco('import', '--help').sortie).toContain('opcos');
      expect(opco('serve', '--help').sortie).toContain('--port');
    },
    LONG,
  );

  it(
    'parle français : aide, options, erreurs de syntaxe',
    () => {
      const aide = opco('--help').sortie;
      expect(aide).toContain('Utilisation : opco [options] [commande]');
      expect(aide).toContain('Options :');
      expect(aide).toContain('Commandes :');
      expect(aide).toContain('-h, --help');
      expect(aide).toContain('affiche l’aide de la commande');
      expect(aide).toContain('help [commande]');
      for (const anglais of ['Usage:', 'display help', 'Commands:', 'Options:'])
        expect(aide).not.toContain(anglais);
      const sim = opco('simuler', 'apprentissage', '--help').sortie;
      expect(sim).toContain('Arguments :');
      expect(sim).toContain('--json');
      const inconnue = opco('rattachement', 'idcc', '1486', '--inconnue');
      expect(inconnue.code).not.toBe(0);
      expect(inconnue.erreur).toContain('erreur : option inconnue « --inconnue »');
      const manque = opco('rattachement', 'siret');
      expect(manque.code).not.toBe(0);
      expect(manque.erreur).toContain('erreur : argument obligatoire manquant « siret »');
      expect(opco('rattachemnt').erreur).toContain('commande inconnue « rattachemnt »');
    },
    LONG,
  );

  it(
    'db status liste les migrations en attente, db migrate les applique',
    () => {
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
    },
    LONG,
  );

  it(
    'importe un fichier avec progression, puis reconnaît le même fichier',
    () => {
      const fichier = path.join(dossierDonnees, 'opcos.csv');
      const r = opco('import', 'opcos', fichier);
      expect(r.code).toBe(0);
      expect(r.sortie).toMatch(/Import n° \d+ : 11 ligne\(s\) lue\(s\), 11 écrite\(s\) — sha256:/);
      expect(r.erreur).toContain('OPCO : terminé — 11 OPCO');
      const encore = opco('import', 'opcos', fichier);
      expect(encore.sortie).toContain('Déjà importé');
    },
    LONG,
  );

  it(
    'refuse une source inconnue avec un message clair et un code de sortie non nul',
    () => {
      const r = opco('import', 'inconnue', 'x.csv');
      expect(r.code).toBe(1);
      expect(r.erreur).toContain('ERR_IMPORT_SOURCE_INCONNUE');
      expect(r.erreur).toContain('Sources connues : opcos');
    },
    LONG,
  );

  it(
    'refuse d’ouvrir un dossier PGlite qu’un autre processus tient, reprend un verrou orphelin',
    () => {
      const db = path.join(dossier, 'verrou');
      mkdirSync(db, { recursive: true });
      // This test process holds the folder, as a running server would.
      const verrou = verrouillerDossier(db);
      try {
        const refus = opcoSur(db, ['db', 'status']);
        expect(refus.code).toBe(1);
        expect(refus.erreur).toContain('ERR_BASE_VERROUILLEE');
        expect(refus.erreur).toContain(`PID ${process.pid}`);
        expect(refus.erreur).toContain('déjà ouverte par un autre processus');
      } finally {
        verrou.liberer();
      }
      expect(existsSync(path.join(db, NOM_VERROU))).toBe(false);
      // A lock left by a process that no longer exists (kill -9) does not block.
      const orphelin = {
        pid: 2 ** 22 + 1,
        hote: 'x',
        demarrage: null,
        commande: 'opco serve',
        depuis: '',
      };
      writeFileSync(path.join(db, NOM_VERROU), JSON.stringify({ ...orphelin, hote: hostname() }));
      const r = opcoSur(db, ['db', 'status', '--json']);
      expect(r.code, r.erreur).toBe(0);
      expect(JSON.parse(r.sortie)).toHaveProperty('migrations');
      expect(existsSync(path.join(db, NOM_VERROU))).toBe(false);
    },
    LONG,
  );

  it('une consultation initialise une base neuve une fois, puis l’utilise telle quelle', () => {
    const db = path.join(dossier, 'consultation');
    const env = { OPCO_DATA_DIR: dossierDonnees };
    const premiere = opcoSur(db, ['rattachement', 'idcc', '1486'], env);
    expect(premiere.code, premiere.erreur).toBe(0);
    expect(premiere.erreur).toContain('Première utilisation');
    expect(premiere.sortie).toContain('OPCO : ATLAS (code 03)');
    const seconde = opcoSur(db, ['rattachement', 'idcc', '1486', '--json'], env);
    expect(seconde.code, seconde.erreur).toBe(0);
    expect(seconde.erreur).toBe('');
    expect(JSON.parse(seconde.sortie)).toMatchObject({ opco: { code: '03', nom: 'ATLAS' } });
    // A SIRET lookup reads only that establishment; a missing batch file is named.
    const siret = opcoSur(db, ['rattachement', 'siret', '73282932000074', '--json'], env);
    expect(siret.code, siret.erreur).toBe(0);
    expect(JSON.parse(siret.sortie)).toHaveProperty('statut');
    const lot = opcoSur(db, ['rattachement', 'lot', path.join(dossier, 'absent.csv')], env);
    expect(lot.code).toBe(1);
    expect(lot.erreur).toContain(`Fichier introuvable : ${path.join(dossier, 'absent.csv')}`);
    expect(readFileSync(path.join(db, 'PG_VERSION'), 'utf8')).toMatch(/^\d+/);
  }, 900_000);
});
