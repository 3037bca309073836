#!/usr/bin/env node
// Entry point of the `opco` command. Runs the precompiled bundle dist/cli/ (built at npm install
// by scripts/construire-cli.mjs, or `npm run build:cli`) when it is fresh — every bundled source
// file still has the size and modification time recorded at build time — and otherwise the
// TypeScript sources through tsx. OPCO_CLI_SOURCES=1 forces the sources.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A one-shot lookup or simulation runs a few queries: PGlite's WebAssembly compiled by the
// baseline compiler only starts faster and holds ~50 MB less than with the optimising tier-up,
// which only pays off in a long-running server or a bulk import.
const [commande, sousCommande] = process.argv.slice(2);
if (['rattachement', 'simuler'].includes(commande ?? '') && sousCommande !== 'lot')
  setFlagsFromString('--liftoff-only');

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle's entry when dist/cli/ was built from the sources as they are now, else null. */
function paquetFrais() {
  if (process.env.OPCO_CLI_SOURCES === '1') return null;
  try {
    const manifeste = JSON.parse(
      readFileSync(path.join(racine, 'dist', 'cli', 'manifeste.json'), 'utf8'),
    );
    for (const s of manifeste.sources) {
      const st = statSync(path.join(racine, s.fichier));
      if (st.size !== s.taille || st.mtimeMs !== s.modifie) return null;
    }
    return path.join(racine, 'dist', 'cli', 'main.js');
  } catch {
    return null; // no bundle, or a source removed since
  }
}

const paquet = paquetFrais();
let main;
if (paquet) ({ main } = await import(paquet));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/entree.ts'));
}
process.exitCode = await main(process.argv);
