// Builds the web UI after `npm install`, so that `npm start` serves it at once.
// Skipped when vite is absent (npm install --omit=dev of a consumer) or OPCO_SKIP_WEB_BUILD=1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.env.OPCO_SKIP_WEB_BUILD === '1') process.exit(0);
if (!existsSync('node_modules/vite/package.json')) {
  console.warn("postinstall : vite absent, l'interface web n'est pas construite.");
  process.exit(0);
}
const r = spawnSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
