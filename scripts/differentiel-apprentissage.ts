/**
 * Differential run of the apprenticeship port (issue 10, point 3): the procedure of before
 * (calculerApprentissage) and the rules of droit/regles/apprentissage on N generated contracts
 * (default 1 000 000), both the explained and the fast path; every amount, date, reason of the
 * schedule, NPEC source and missing input is compared. Writes bench/results/differentiel-…json.
 *   node bin/run-ts.mjs scripts/differentiel-apprentissage.ts [N]  (argv: node, run-ts, script, N)
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { genererContrats } from '../bench/contrats-apprentissage.ts';
import { moteurDeTest } from '../tests/aide/moteur.ts';
import { ancienMoteur } from '../tests/differentiel/ancien-moteur.ts';
import { comparerMoteurs } from '../tests/differentiel/comparer-apprentissage.ts';

const N = Number(process.argv[3] ?? 1_000_000);
const LOT = 50_000;
const moteur = moteurDeTest();
const ancien = ancienMoteur(moteur.droit);
const t0 = process.hrtime.bigint();
let ecarts: ReturnType<typeof comparerMoteurs>['ecarts'] = [];
const parPeriode = new Map<string, number>();
for (let lot = 0; lot * LOT < N && ecarts.length === 0; lot++) {
  const contrats = genererContrats(Math.min(LOT, N - lot * LOT), 1_000 + lot);
  for (const c of contrats) {
    const an = c.situation.dateConclusion.slice(0, 4);
    parPeriode.set(an, (parPeriode.get(an) ?? 0) + 1);
  }
  ecarts = comparerMoteurs(ancien, moteur, contrats).ecarts;
  process.stderr.write(`${Math.min(N, (lot + 1) * LOT)} contrats, ${ecarts.length} écart(s)\n`);
}
const resultat = {
  differentiel: 'apprentissage : ancienne procédure ↔ règles en données',
  date: new Date().toISOString(),
  contrats: N,
  graines: `1000 à ${1_000 + Math.ceil(N / LOT) - 1} (lots de ${LOT})`,
  contratsParAnneeDeConclusion: Object.fromEntries([...parPeriode].sort()),
  ecarts: ecarts.length,
  premiersEcarts: ecarts.slice(0, 3),
  secondes: Number(process.hrtime.bigint() - t0) / 1e9,
  machine: {
    cpu: os.cpus()[0]?.model ?? 'inconnu',
    coeurs: os.cpus().length,
    node: process.version,
  },
};
const fichier = path.join(
  'bench',
  'results',
  `differentiel-apprentissage-${resultat.date.replace(/[:.]/g, '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify(resultat, null, 2)}\n`);
console.log(JSON.stringify(resultat, null, 2));
process.exitCode = ecarts.length === 0 ? 0 : 1;
