#!/usr/bin/env node
// Runs a TypeScript file (benchmarks, scripts) through tsx: node bin/run-ts.mjs <file.ts> [args]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const fichier = process.argv[2];
if (!fichier) {
  console.error('usage : node bin/run-ts.mjs <fichier.ts> [arguments]');
  process.exit(2);
}
await import(pathToFileURL(path.resolve(fichier)).href);
