#!/usr/bin/env node
// Entry point of the `opco` command: runs the TypeScript sources through tsx (no build step).
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// A one-shot lookup or simulation runs a few queries: PGlite's WebAssembly compiled by the
// baseline compiler only starts faster and holds ~50 MB less than with the optimising tier-up,
// which only pays off in a long-running server or a bulk import.
const [commande, sousCommande] = process.argv.slice(2);
if (['rattachement', 'simuler'].includes(commande ?? '') && sousCommande !== 'lot')
  setFlagsFromString('--liftoff-only');

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
