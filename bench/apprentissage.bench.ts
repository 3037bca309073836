/**
 * Benchmark of the apprenticeship rule (run by hand: `npm run bench`, never by `npm test`).
 * 1. 1 000 000 generated contracts (all periods, ruptures, modulations) through the engine's fast
 *    path (no explanation): contracts per second.
 * 2. The same rule written in publicodes (contracts concluded from 2025-07-01, shorter than a
 *    year, no rupture: the part of the rule publicodes can express without month arithmetic),
 *    evaluated in the same run on a sample of that domain, the engine on the same sample: ratio.
 *    Both must give the same amounts on every contract of the sample.
 * 3. Full evaluation with explanation tree and citations: contracts per second.
 * The engine evaluates the rules of droit/regles/apprentissage: compiled closures for 1 and 2,
 * the explained evaluation for 3 (same rules, same mechanisms).
 * 0. Baseline, in the same run: the same contracts only read (their three dates' digits parsed by
 *    a function of this file, not the engine's, so that optimising the engine does not move it),
 *    the least any evaluation does. The machine is shared: the engine's rates are also given as
 *    ratios to this baseline, comparable between runs and between versions of the engine.
 * Results in bench/results/apprentissage-<timestamp>.json with the machine described.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lecteurDossier } from '../src/droit/lecteur-dossier.ts';
import { portVersionsDepuisJson } from '../src/droit/versions-articles.ts';
import { creerMoteur } from '../src/moteur/index.ts';
import { evaluerPublicodes, generer, moteurPublicodes } from './publicodes-apprentissage.ts';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const N_PUBLICODES = Number(process.env.BENCH_N_PUBLICODES ?? 2_000);
const N_EXPLICATIONS = Number(process.env.BENCH_N_EXPLICATIONS ?? 100_000);

/** CPU seconds of this process (user + system): on a shared machine, wall time counts the wait. */
let cpu = 0;
function chrono<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = f();
  const c = process.cpuUsage(c0);
  cpu = (c.user + c.system) / 1e6;
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

const chargeAuDebut = os.loadavg().map((x) => Math.round(x * 100) / 100);
const moteur = creerMoteur(
  { lecteur: lecteurDossier() },
  portVersionsDepuisJson(path.resolve('..', 'shared', 'data')),
);

// 1. One million contracts, no explanation.
const contrats = generer(N, false, 42);

// 0. Baseline: read the contracts' dates (warm-up, then timed on the same contracts).
const chiffres = (s: string, i: number, n: number): number => {
  let v = 0;
  for (let k = i; k < i + n; k++) v = v * 10 + s.charCodeAt(k) - 48;
  return v;
};
const jourApproche = (s: string): number =>
  chiffres(s, 0, 4) * 372 + chiffres(s, 5, 2) * 31 + chiffres(s, 8, 2);
const lireContrat = (c: (typeof contrats)[number]): number =>
  jourApproche(c.dateFin) - jourApproche(c.dateDebut) + (jourApproche(c.dateConclusion) & 1);
for (const c of contrats.slice(0, 50_000)) lireContrat(c);
const [sommeReference] = chrono(() => {
  let t = 0;
  for (const c of contrats) t += lireContrat(c);
  return t;
});
const referenceParSecondeCpu = N / cpu;
// Warm-up (JIT and regime cache) on the first 50 000 contracts, not timed.
for (const c of contrats.slice(0, 50_000)) moteur.evaluerApprentissageRapide(c);
const [somme, dureeMoteur] = chrono(() => {
  let total = 0;
  for (const c of contrats) total += moteur.evaluerApprentissageRapide(c).verse;
  return total;
});
const parSecondeMoteur = N / dureeMoteur;
const parSecondeCpuMoteur = N / cpu;

// 2. Same rule in publicodes, same sample for both.
const echantillon = generer(N_PUBLICODES, true, 7);
const pub = moteurPublicodes();
const [resultatsPublicodes, dureePublicodes] = chrono(() =>
  echantillon.map((c) => evaluerPublicodes(pub, c)),
);
const repetitions = Math.max(1, Math.floor(N / N_PUBLICODES));
const [resultatsMoteur, dureeMoteurEchantillon] = chrono(() => {
  let r: { total: number; participation: number | null }[] = [];
  for (let k = 0; k < repetitions; k++)
    r = echantillon.map((c) => moteur.evaluerApprentissageRapide(c));
  return r;
});
const ecarts = echantillon.filter((_c, i) => {
  const [pc, part] = resultatsPublicodes[i] ?? [];
  const m = resultatsMoteur[i];
  return (
    !m || Math.round(Number(pc) * 100) !== m.total || Number(part) * 100 !== (m.participation ?? 0)
  );
}).length;
const parSecondePublicodes = N_PUBLICODES / dureePublicodes;
const parSecondeMoteurEchantillon = (N_PUBLICODES * repetitions) / dureeMoteurEchantillon;

// 3. With explanation and citations.
const avecExplications = contrats.slice(0, N_EXPLICATIONS);
const [, dureeExplications] = chrono(() => {
  for (const c of avecExplications) moteur.evaluerApprentissage(c, c.dateConclusion);
});
const cpuExplications = cpu;
const ratio = (parSeconde: number) =>
  Math.round((parSeconde / referenceParSecondeCpu) * 100_000) / 100_000;

const resultat = {
  banc: 'apprentissage',
  date: new Date().toISOString(),
  // Load average (1, 5, 15 min) at the start and at the end: how much other work competed.
  chargeMoyenne1_5_15min: {
    debut: chargeAuDebut,
    fin: os.loadavg().map((x) => Math.round(x * 100) / 100),
  },
  machine: {
    cpu: os.cpus()[0]?.model ?? 'inconnu',
    coeurs: os.cpus().length,
    memoireGo: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    plateforme: `${os.platform()} ${os.release()}`,
  },
  reference: {
    description:
      'lecture des chiffres des trois dates de chaque contrat (même processus, mêmes contrats, sans le code du moteur)',
    contratsParSecondeCpu: Math.round(referenceParSecondeCpu),
    somme: sommeReference,
  },
  sansExplication: {
    contrats: N,
    secondes: dureeMoteur,
    contratsParSeconde: Math.round(parSecondeMoteur),
    contratsParSecondeCpu: Math.round(parSecondeCpuMoteur),
    ratioReference: ratio(parSecondeCpuMoteur),
    objectif: 1_000_000,
    sommeVerseeCentimes: somme,
  },
  publicodes: {
    domaine: 'contrats conclus à partir du 2025-07-01, de moins d’un an, sans rupture',
    contrats: N_PUBLICODES,
    contratsParSecondePublicodes: Math.round(parSecondePublicodes),
    contratsParSecondeMoteur: Math.round(parSecondeMoteurEchantillon),
    ratio: Math.round(parSecondeMoteurEchantillon / parSecondePublicodes),
    objectifRatio: 500,
    ecartsDeResultat: ecarts,
  },
  avecExplication: {
    contrats: N_EXPLICATIONS,
    secondes: dureeExplications,
    contratsParSeconde: Math.round(N_EXPLICATIONS / dureeExplications),
    contratsParSecondeCpu: Math.round(N_EXPLICATIONS / cpuExplications),
    ratioReference: ratio(N_EXPLICATIONS / cpuExplications),
    objectif: 50_000,
  },
};
const fichier = path.join(
  'bench',
  'results',
  `apprentissage-${resultat.date.replace(/[:.]/g, '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify(resultat, null, 2)}\n`);
console.log(JSON.stringify(resultat, null, 2));
console.log(`Résultats écrits dans ${fichier}`);
