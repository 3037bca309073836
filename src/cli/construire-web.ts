import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dossierWeb } from '../api/app.ts';

/**
 * `npm install` builds the web UI (postinstall); if it is missing anyway (install with
 * --ignore-scripts, fresh clone of a built tree), `opco serve` builds it before listening.
 * Returns a sentence saying what it did, or null when nothing was needed.
 */
export function assurerInterfaceWeb(): string | null {
  if (existsSync(path.join(dossierWeb, 'index.html'))) return null;
  const racine = path.resolve(dossierWeb, '..', '..');
  const vite = path.join(racine, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite))
    return "Interface web absente et vite indisponible : seule l'API est servie.";
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: racine,
    stdio: 'inherit',
  });
  return r.status === 0
    ? 'Interface web construite.'
    : "Échec de la construction de l'interface web : seule l'API est servie.";
}
