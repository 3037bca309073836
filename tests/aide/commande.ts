import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, vi } from 'vitest';

const racine = path.resolve(import.meta.dirname, '..', '..');

/**
 * Runs the `opco` command (bin/opco.mjs) as a user would, on its own PGlite folder `dbPath`
 * (never on DATABASE_URL's PostgreSQL) and with the repository's donnees/ (no OPCO_DATA_DIR).
 */
export function opco(
  args: string[],
  dbPath: string,
): Promise<{ code: number | null; sortie: string; erreur: string }> {
  const env: Record<string, string | undefined> = { ...process.env, OPCO_DB_PATH: dbPath };
  delete env.DATABASE_URL;
  delete env.OPCO_DATA_DIR;
  return new Promise((resoudre, rejeter) => {
    const p = spawn(process.execPath, ['bin/opco.mjs', ...args], { cwd: racine, env });
    let sortie = '';
    let erreur = '';
    p.stdout.on('data', (d: Buffer) => (sortie += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (erreur += d.toString('utf8')));
    p.on('error', rejeter);
    p.on('close', (code) => resoudre({ code, sortie, erreur }));
  });
}

/**
 * Captures what `main` (the `opco` command run in this process) writes to stdout and stderr
 * until `vi.restoreAllMocks()` (each test file restores after each test).
 */
export function capturer(): { sortie: string[]; erreurs: string[] } {
  const sortie: string[] = [];
  const erreurs: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((t) => (sortie.push(String(t)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((t) => (erreurs.push(String(t)), true));
  return { sortie, erreurs };
}

/**
 * A temporary folder for the calling test file (removed after its tests) and a function that
 * writes a value there as a JSON file and returns its path.
 */
export function fichiersJson(prefixe: string): (nom: string, contenu: unknown) => string {
  const dossier = mkdtempSync(path.join(tmpdir(), prefixe));
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));
  return (nom, contenu) => {
    const f = path.join(dossier, nom);
    writeFileSync(f, JSON.stringify(contenu));
    return f;
  };
}
