import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const racine = path.resolve(import.meta.dirname, '..', '..');
const dossier = mkdtempSync(path.join(tmpdir(), 'opco-paquet-'));
// Inside the repository: the packages left out of the bundle resolve from its node_modules.
const sortie = path.join(racine, 'dist', `cli-test-${process.pid}`);

/** Runs a command line with the bundle built in `sortie` (as bin/opco.mjs does with dist/cli). */
function parLePaquet(args: string[]) {
  const entree = pathToFileURL(path.join(sortie, 'main.js')).href;
  return spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(entree)}); process.exitCode = await main(["node", "opco", ...process.argv.slice(1)]);`,
      '--',
      ...args,
    ],
    {
      cwd: racine,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, OPCO_DB_PATH: 'memory://' },
    },
  );
}

/** The same command line through the TypeScript sources (tsx). */
function parLesSources(args: string[]) {
  return spawnSync(process.execPath, [path.join(racine, 'bin', 'opco.mjs'), ...args], {
    cwd: racine,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, OPCO_DB_PATH: 'memory://', OPCO_CLI_SOURCES: '1' },
  });
}

describe('CLI précompilée (scripts/construire-cli.mjs)', () => {
  afterAll(() => {
    rmSync(dossier, { recursive: true, force: true });
    rmSync(sortie, { recursive: true, force: true });
  });

  it('se construit, liste ses fichiers pour la fraîcheur, et répond comme les sources (chemins de droit/ compris)', () => {
    const b = spawnSync(process.execPath, [path.join(racine, 'scripts', 'construire-cli.mjs')], {
      cwd: racine,
      encoding: 'utf8',
      env: { ...process.env, OPCO_CLI_SORTIE: sortie },
    });
    expect(b.status, b.stderr).toBe(0);
    const manifeste = JSON.parse(readFileSync(path.join(sortie, 'manifeste.json'), 'utf8')) as {
      sources: { fichier: string; taille: number; modifie: number }[];
    };
    const fichiers = manifeste.sources.map((s) => s.fichier);
    expect(fichiers).toContain('src/cli/entree.ts');
    expect(fichiers).toContain('src/droit/lecteur-dossier.ts');
    // zod is bundled (its files count for freshness); PGlite stays in node_modules.
    expect(fichiers.some((f) => f.startsWith('node_modules/zod/'))).toBe(true);
    expect(fichiers.some((f) => f.includes('@electric-sql/pglite'))).toBe(false);

    // A simulation reads the law in droit/ through a path computed from import.meta.dirname.
    const situation = path.join(dossier, 'situation.json');
    writeFileSync(
      situation,
      JSON.stringify({
        dateConclusion: '2025-09-01',
        dateDebut: '2025-09-01',
        dateFin: '2027-08-31',
        niveau: 6,
        npecAnnuel: 7300,
        partDistanciel: 0,
      }),
    );
    const args = ['simuler', 'apprentissage', situation, '--json'];
    const p = parLePaquet(args);
    expect(p.status, p.stderr).toBe(0);
    const s = parLesSources(args);
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toEqual(JSON.parse(s.stdout));
    expect(JSON.parse(p.stdout)).toMatchObject({ valeur: expect.any(Number) });

    // Help and a French refusal, through the lazily loaded command modules.
    const aide = parLePaquet(['rattachement', '--help']);
    expect(aide.stdout).toContain('Utilisation : opco rattachement');
    const refus = parLePaquet(['rattachement', 'siret', '73282932000075']);
    expect(refus.status).toBe(1);
    expect(refus.stderr).toContain('Luhn');
  }, 600_000);
});
