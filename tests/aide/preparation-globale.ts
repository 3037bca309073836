import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the web UI once if it is missing, so that browser and static-serving tests run. */
export default function preparationGlobale(): void {
  if (existsSync('dist/web/index.html')) return;
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error("échec de la construction de l'interface web");
}
