// Prints the closing line of a test run from vitest's JSON report(s):
//   node scripts/resume-tests.mjs <label> <report.json> [<report.json> …]
// → "<label>: N passed, N failed, N skipped in 3 min 12 s (wall time)" and, for a single report,
// the slowest test files. Exits non-zero when a test failed or none ran.
import { readFileSync } from 'node:fs';

/** "3 min 12 s", "41 s", "0.8 s". */
function duree(ms) {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - m * 60);
  return m > 0 ? `${m} min ${String(r).padStart(2, '0')} s` : `${r} s`;
}

const [libelle, ...fichiers] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let murale = 0;
const parFichier = [];
for (const f of fichiers) {
  const r = JSON.parse(readFileSync(f, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // Wall time of the run: from vitest's start to the end of the last test file.
  const fins = (r.testResults ?? []).map((t) => t.endTime).filter((t) => typeof t === 'number');
  if (typeof r.startTime === 'number' && fins.length > 0) murale += Math.max(...fins) - r.startTime;
  for (const t of r.testResults ?? [])
    if (typeof t.startTime === 'number' && typeof t.endTime === 'number')
      parFichier.push({ nom: t.name, ms: t.endTime - t.startTime });
}
const temps = murale > 0 ? ` in ${duree(murale)} (wall time)` : '';
console.log(`${libelle}: ${passed} passed, ${failed} failed, ${skipped} skipped${temps}`);
if (fichiers.length === 1 && parFichier.length > 0) {
  const racine = process.cwd();
  console.log('  slowest files:');
  for (const p of parFichier.sort((a, b) => b.ms - a.ms).slice(0, 5))
    console.log(`    ${duree(p.ms).padStart(10)}  ${p.nom.replace(`${racine}/`, '')}`);
}
process.exit(failed > 0 || passed === 0 ? 1 : 0);
