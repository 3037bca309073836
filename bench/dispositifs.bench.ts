/**
 * Benchmark of the other funding schemes (issue 14; by hand: `npm run bench -- dispositifs`,
 * never in `npm test`). For each scheme served by the generic rules engine:
 * 1. bulk: N generated situations (dates over the law's changes, refusals included) through the
 *    fast path (the rules as generated code, as apprenticeship), situations per second
 *    (target ≥ 1 M/s);
 * 2. explained: the full evaluation with explanation tree and citations on N_EXPLICATIONS
 *    situations (target ≥ 50 k/s);
 * 3. ratios in the same run: bulk / explained, and each scheme against the apprenticeship fast
 *    path measured on the same machine in the same process (baseline).
 * Plan < 50: the OPCO barème is resolved once per (barème, date, headcount) before timing, as a
 * bulk run over a company portfolio would (the barème is data, not per-situation work).
 * Each scheme's line says whether both targets are reached. Short run: BENCH_N=200000
 * BENCH_N_EXPLICATIONS=20000. Results in bench/results/dispositifs-<timestamp>.json with the
 * machine and its load described.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lecteurDossier } from '../src/droit/lecteur-dossier.ts';
import { moteurDispositif } from '../src/droit/simulation-dispositifs.ts';
import { portVersionsDepuisJson } from '../src/droit/versions-articles.ts';
import { creerMoteur } from '../src/moteur/index.ts';
import { generer } from './publicodes-apprentissage.ts';
import { generateursDispositifs } from './situations-dispositifs.ts';

const chargeAuDebut = os.loadavg().map((x) => Math.round(x * 100) / 100);
const N = Number(process.env.BENCH_N ?? 1_000_000);
const N_EXPLICATIONS = Number(process.env.BENCH_N_EXPLICATIONS ?? 50_000);

const moteur = creerMoteur(
  { lecteur: lecteurDossier() },
  portVersionsDepuisJson(path.resolve('..', 'shared', 'data')),
);
const droit = moteur.droit;
const versions = portVersionsDepuisJson(path.resolve('..', 'shared', 'data'));
const generateurs = generateursDispositifs(droit);

function chrono(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

// Baseline: the apprenticeship fast path on the same machine, in the same process.
const contrats = generer(Math.min(N, 200_000), false, 42);
for (const c of contrats.slice(0, 20_000)) moteur.evaluerApprentissageRapide(c);
const dureeBase = chrono(() => {
  for (const c of contrats) moteur.evaluerApprentissageRapide(c);
});
const baseParSeconde = contrats.length / dureeBase;
const nBaseExpl = Math.min(N_EXPLICATIONS, 20_000);
for (const c of contrats.slice(0, 2_000)) moteur.evaluerApprentissage(c, c.dateConclusion);
const dureeBaseExpl = chrono(() => {
  for (let i = 0; i < nBaseExpl; i++) {
    const c = contrats[i] as (typeof contrats)[number];
    moteur.evaluerApprentissage(c, c.dateConclusion);
  }
});
const baseExplParSeconde = nBaseExpl / dureeBaseExpl;

const resultats: Record<string, unknown> = {};
process.stderr.write(
  `apprentissage (référence, même processus) : ${Math.round(baseParSeconde).toLocaleString('fr-FR')} contrats/s en masse, ${Math.round(baseExplParSeconde).toLocaleString('fr-FR')}/s expliqués\n`,
);
for (const [nom, gen] of Object.entries(generateurs)) {
  const m = moteurDispositif(droit, nom);
  const situations = Array.from({ length: N }, gen);
  for (const s of situations.slice(0, 50_000)) m.rapide(s);
  let somme = 0;
  const duree = chrono(() => {
    for (const s of situations) somme += m.rapide(s).montant ?? 0;
  });
  const n = Math.min(N_EXPLICATIONS, N);
  for (const s of situations.slice(0, 2_000)) m.complet(s, undefined, versions);
  const dureeExpl = chrono(() => {
    for (let i = 0; i < n; i++) m.complet(situations[i] as object, undefined, versions);
  });
  const masse = N / duree;
  const expliquees = n / dureeExpl;
  resultats[nom] = {
    situationsParSeconde: Math.round(masse),
    expliqueesParSeconde: Math.round(expliquees),
    ratioMasseSurExpliquees: Number((masse / expliquees).toFixed(1)),
    ratioSurApprentissage: Number((masse / baseParSeconde).toFixed(2)),
    ratioExpliqueesSurApprentissage: Number((expliquees / baseExplParSeconde).toFixed(2)),
    objectifMasse: masse >= 1_000_000,
    objectifExpliquees: expliquees >= 50_000,
    controle: somme,
  };
  const ok = (b: boolean) => (b ? 'atteint' : 'NON atteint');
  process.stderr.write(
    `${nom} : ${Math.round(masse).toLocaleString('fr-FR')} situations/s en masse (objectif 1 M/s ${ok(masse >= 1_000_000)}), ${Math.round(expliquees).toLocaleString('fr-FR')}/s expliquées (objectif 50 k/s ${ok(expliquees >= 50_000)}) — × ${(masse / baseParSeconde).toFixed(2)} et × ${(expliquees / baseExplParSeconde).toFixed(2)} l'apprentissage\n`,
  );
}

const sortie = {
  date: new Date().toISOString(),
  // Load average (1, 5, 15 min) at the start and at the end: how much other work competed.
  chargeMoyenne1_5_15min: {
    debut: chargeAuDebut,
    fin: os.loadavg().map((x) => Math.round(x * 100) / 100),
  },
  objectifs: { masseParSeconde: 1_000_000, expliqueesParSeconde: 50_000 },
  machine: { cpus: os.cpus().length, modele: os.cpus()[0]?.model, node: process.version },
  n: N,
  nExplications: N_EXPLICATIONS,
  apprentissageParSeconde: Math.round(baseParSeconde),
  apprentissageExpliqueesParSeconde: Math.round(baseExplParSeconde),
  dispositifs: resultats,
};
const fichier = path.join(
  'bench',
  'results',
  `dispositifs-${sortie.date.replace(/[:.]/g, '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify(sortie, null, 2)}\n`);
process.stderr.write(`résultats : ${fichier}\n`);
