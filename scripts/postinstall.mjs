// After `npm install`: builds the precompiled CLI (dist/cli, scripts/construire-cli.mjs) so that
// `opco` starts at once, and the web UI (dist/web) so that `npm start` serves it at once.
// The web build is skipped when vite is absent (npm install --omit=dev of a consumer) or
// OPCO_SKIP_WEB_BUILD=1; the CLI build when esbuild is absent (the CLI then runs through tsx).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = spawnSync(process.execPath, ['scripts/construire-cli.mjs'], { stdio: 'inherit' });
if (cli.status !== 0)
  console.warn('postinstall : la CLI précompilée n’est pas construite, opco passera par tsx.');

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
