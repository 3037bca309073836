import { spawn } from 'node:child_process';
import path from 'node:path';

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
