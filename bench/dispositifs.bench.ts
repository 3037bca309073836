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
 * Apprentice minimum wage and training contributions (rules of droit/regles/salaire_apprenti and
 * contributions) are measured the same way: bulk = the compiled rules (salaireApprentiRapide,
 * contributionsRapides), explained = what the simulation routes compute from the engine — the
 * wage's periods with the minimum-age check, the contributions, each with its explanation and
 * citations (without the routes' zod parsing).
 * Rates are given per second of this process's CPU (user + system) — on a shared machine the
 * wall time counts the wait for a core — and per second of wall time; the targets are checked
 * on CPU time, as the apprenticeship benchmark does. Each scheme's line says whether both targets
 * are reached. Short run: BENCH_N=200000 BENCH_N_EXPLICATIONS=20000. Results in
 * bench/results/dispositifs-<timestamp>.json with the machine and its load described.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lecteurDossier } from '../src/droit/lecteur-dossier.ts';
import { moteurDispositif } from '../src/droit/simulation-dispositifs.ts';
import { portVersionsDepuisJson } from '../src/droit/versions-articles.ts';
import { citer } from '../src/moteur/citations.ts';
import {
  contributionsRapides,
  creerMoteur,
  evaluerContributions,
  evaluerSalaireApprenti,
  salaireApprentiRapide,
  verifierAgeMinimum,
  type Droit,
  type PortVersionsArticles,
} from '../src/moteur/index.ts';
import { generer } from './publicodes-apprentissage.ts';
import { generateursDispositifs } from './situations-dispositifs.ts';
import { genererSituationsContributions, genererSituationsSalaire } from './situations-salaire.ts';

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

/** Seconds of CPU of this process while `f` ran (the wall time of the last call in `mur`). */
let mur = 0;
function chrono(f: () => void): number {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  f();
  const c = process.cpuUsage(c0);
  mur = Number(process.hrtime.bigint() - t0) / 1e9;
  return (c.user + c.system) / 1e6;
}

/**
 * A scheme served by its own adapter (wage, contributions): bulk and explained evaluation of a
 * situation, as `moteurDispositif` gives them for the funding schemes.
 */
interface Adaptateur {
  rapide(s: object): number;
  complet(s: object): unknown;
}

function adaptateursRegles(droit: Droit, versions: PortVersionsArticles) {
  const salaire: Adaptateur = {
    rapide: (s) => {
      const ps = salaireApprentiRapide(droit, s as Parameters<typeof salaireApprentiRapide>[1]);
      return ps.length;
    },
    complet: (s) => {
      const situation = s as Parameters<typeof evaluerSalaireApprenti>[1];
      const age = verifierAgeMinimum(droit, situation);
      const r = evaluerSalaireApprenti(droit, situation);
      const refs = [
        ...(age.explication.noeud.enfants ?? []).flatMap((n) => n.references ?? []),
        ...r.references,
      ];
      return { r, age, citations: citer(refs, situation.dateConclusion, versions) };
    },
  };
  const contributions: Adaptateur = {
    rapide: (s) => contributionsRapides(droit, s as Parameters<typeof contributionsRapides>[1]).cfp,
    complet: (s) => {
      const situation = s as Parameters<typeof evaluerContributions>[1];
      const r = evaluerContributions(droit, situation);
      return { r, citations: citer(r.references, situation.date, versions) };
    },
  };
  return { salaire_apprenti: salaire, contributions };
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
  `apprentissage (référence, même processus) : ${Math.round(baseParSeconde).toLocaleString('fr-FR')} contrats/s CPU en masse, ${Math.round(baseExplParSeconde).toLocaleString('fr-FR')}/s CPU expliqués\n`,
);

/** Bulk then explained evaluation of one scheme's situations, with both rates and ratios. */
function mesurer(nom: string, situations: readonly object[], a: Adaptateur): void {
  for (const s of situations.slice(0, 50_000)) a.rapide(s);
  let somme = 0;
  const duree = chrono(() => {
    for (const s of situations) somme += a.rapide(s);
  });
  const murMasse = mur;
  const n = Math.min(N_EXPLICATIONS, situations.length);
  for (const s of situations.slice(0, 2_000)) a.complet(s);
  const dureeExpl = chrono(() => {
    for (let i = 0; i < n; i++) a.complet(situations[i] as object);
  });
  const masse = situations.length / duree;
  const expliquees = n / dureeExpl;
  resultats[nom] = {
    situations: situations.length,
    situationsParSecondeCpu: Math.round(masse),
    situationsParSecondeMur: Math.round(situations.length / murMasse),
    expliqueesParSecondeCpu: Math.round(expliquees),
    expliqueesParSecondeMur: Math.round(n / mur),
    ratioMasseSurExpliquees: Number((masse / expliquees).toFixed(1)),
    ratioSurApprentissage: Number((masse / baseParSeconde).toFixed(2)),
    ratioExpliqueesSurApprentissage: Number((expliquees / baseExplParSeconde).toFixed(2)),
    objectifMasse: masse >= 1_000_000,
    objectifExpliquees: expliquees >= 50_000,
    controle: somme,
  };
  const ok = (b: boolean) => (b ? 'atteint' : 'NON atteint');
  process.stderr.write(
    `${nom} : ${Math.round(masse).toLocaleString('fr-FR')} situations/s CPU en masse (objectif 1 M/s ${ok(masse >= 1_000_000)}), ${Math.round(expliquees).toLocaleString('fr-FR')}/s CPU expliquées (objectif 50 k/s ${ok(expliquees >= 50_000)}) — × ${(masse / baseParSeconde).toFixed(2)} et × ${(expliquees / baseExplParSeconde).toFixed(2)} l'apprentissage\n`,
  );
}

for (const [nom, gen] of Object.entries(generateurs)) {
  const m = moteurDispositif(droit, nom);
  mesurer(nom, Array.from({ length: N }, gen), {
    rapide: (s) => m.rapide(s).montant ?? 0,
    complet: (s) => m.complet(s, undefined, versions),
  });
}
// The wage and the contributions: their generated situations (differential runs) that the law
// data covers (a date before the first value of a parameter is refused: left out before timing),
// repeated up to N.
const adaptateurs = adaptateursRegles(droit, versions);
function couvertes(situations: readonly object[], a: Adaptateur): object[] {
  const ok = situations.filter((s) => {
    try {
      a.complet(s);
      return true;
    } catch {
      return false;
    }
  });
  return Array.from({ length: N }, (_x, i) => ok[i % ok.length] as object);
}
const salaires = genererSituationsSalaire(Math.min(N, 20_000), 2026);
mesurer(
  'salaire_apprenti',
  couvertes(salaires, adaptateurs.salaire_apprenti),
  adaptateurs.salaire_apprenti,
);
const contributions = genererSituationsContributions(2026);
mesurer(
  'contributions',
  couvertes(contributions, adaptateurs.contributions),
  adaptateurs.contributions,
);

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
  apprentissageParSecondeCpu: Math.round(baseParSeconde),
  apprentissageExpliqueesParSecondeCpu: Math.round(baseExplParSeconde),
  dispositifs: resultats,
};
const fichier = path.join(
  'bench',
  'results',
  `dispositifs-${sortie.date.replace(/[:.]/g, '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify(sortie, null, 2)}\n`);
process.stderr.write(`résultats : ${fichier}\n`);
