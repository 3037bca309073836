// Prints the closing line of a test run from vitest's JSON report(s):
//   node scripts/resume-tests.mjs <label> <report.json> [<report.json> …]
// → "<label>: N passed, N failed, N skipped". Exits non-zero when a test failed or none ran.
import { readFileSync } from 'node:fs';

const [libelle, ...fichiers] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of fichiers) {
  const r = JSON.parse(readFileSync(f, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
console.log(`${libelle}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
