/** `npm run bench`: runs every benchmark of bench/ in turn (by hand, never in `npm test`). */
await import('./apprentissage.bench.ts');
