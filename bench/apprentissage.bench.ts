/**
 * Benchmark of the apprenticeship rule (run by hand: `npm run bench`, never by `npm test`).
 * 1. 1 000 000 generated contracts (all periods, ruptures, modulations) through the engine's fast
 *    path (no explanation): contracts per second.
 * 2. The same rule written in publicodes (contracts concluded from 2025-07-01, shorter than a
 *    year, no rupture: the part of the rule publicodes can express without month arithmetic),
 *    evaluated in the same run on a sample of that domain, the engine on the same sample: ratio.
 *    Both must give the same amounts on every contract of the sample.
 * 3. Full evaluation with explanation tree and citations: contracts per second.
 * Results in bench/results/apprentissage-<timestamp>.json with the machine described.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Engine, { type Situation } from 'publicodes';
import { lecteurDossier } from '../src/droit/lecteur-dossier.ts';
import { portVersionsDepuisJson } from '../src/droit/versions-articles.ts';
import {
  ajouterMois,
  creerMoteur,
  iso,
  jour,
  type SituationApprentissage,
} from '../src/moteur/index.ts';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const N_PUBLICODES = Number(process.env.BENCH_N_PUBLICODES ?? 2_000);
const N_EXPLICATIONS = Number(process.env.BENCH_N_EXPLICATIONS ?? 100_000);

/** Deterministic generator (LCG), so every run evaluates the same contracts. */
function generateur(graine: number) {
  let s = graine >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generer(n: number, domainePublicodes: boolean, graine: number): SituationApprentissage[] {
  const alea = generateur(graine);
  const debutPeriode = jour(domainePublicodes ? '2025-07-01' : '2019-01-01');
  const finPeriode = jour('2027-12-31');
  const out: SituationApprentissage[] = [];
  for (let i = 0; i < n; i++) {
    const conclusion = debutPeriode + Math.floor(alea() * (finPeriode - debutPeriode));
    const debut = conclusion + Math.floor(alea() * 60);
    const mois = domainePublicodes ? 6 + Math.floor(alea() * 6) : 6 + Math.floor(alea() * 31);
    const fin = ajouterMois(debut, mois) - 1 - Math.floor(alea() * 20);
    const s: SituationApprentissage = {
      dateConclusion: iso(conclusion),
      dateDebut: iso(debut),
      dateFin: iso(fin),
      niveau: (3 + Math.floor(alea() * 6)) as SituationApprentissage['niveau'],
      npecAnnuel: 3000 + Math.floor(alea() * 1200) * 10,
      partDistanciel: alea() < 0.2 ? 0.8 + alea() * 0.2 : alea() * 0.5,
    };
    if (alea() < 0.1) s.rqth = { montantMajoration: Math.floor(alea() * 6000) };
    if (alea() < 0.1) s.dureeReduite = true;
    if (!domainePublicodes && alea() < 0.2)
      s.dateRupture = iso(debut + Math.floor(alea() * (fin - debut)));
    out.push(s);
  }
  return out;
}

/** The same rule in publicodes (no engine data: parameters are written in the model itself). */
const modelePublicodes = {
  'npec annuel': { valeur: 0 },
  'part distanciel': { valeur: 0 },
  rqth: { valeur: 0 },
  niveau: { valeur: 3 },
  'duree reduite': { valeur: 'non' },
  'date debut': { valeur: "'01/01/2026'" },
  'date fin': { valeur: "'01/01/2026'" },
  jours: {
    valeur: { somme: [{ durée: { depuis: 'date debut', "jusqu'à": 'date fin' } }, '1 jour'] },
    unité: 'jour',
  },
  minore: { valeur: 'npec annuel * 0.8', arrondi: '2 décimales' },
  plancher: { 'le minimum de': ['npec annuel', 4000] },
  'npec module': {
    variations: [
      { si: 'part distanciel >= 0.8', alors: { 'le maximum de': ['minore', 'plancher'] } },
      { sinon: 'npec annuel' },
    ],
  },
  'rqth plafonne': { 'le minimum de': ['rqth', 4000] },
  'npec applique': { valeur: 'npec module + rqth plafonne' },
  prorata: { valeur: 'npec applique * jours / 365 jour', arrondi: '2 décimales' },
  majore: { valeur: 'prorata * 1.1', arrondi: '2 décimales' },
  'prise en charge': {
    variations: [
      { si: 'duree reduite', alors: { 'le minimum de': ['majore', 'npec applique'] } },
      { sinon: 'prorata' },
    ],
  },
  participation: { variations: [{ si: 'niveau >= 6', alors: 750 }, { sinon: 0 }] },
};

const fr = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

function chrono<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

const moteur = creerMoteur(
  { lecteur: lecteurDossier() },
  portVersionsDepuisJson(path.resolve('..', 'shared', 'data')),
);

// 1. One million contracts, no explanation.
const contrats = generer(N, false, 42);
// Warm-up (JIT and regime cache) on the first 50 000 contracts, not timed.
for (const c of contrats.slice(0, 50_000)) moteur.evaluerApprentissageRapide(c);
const [somme, dureeMoteur] = chrono(() => {
  let total = 0;
  for (const c of contrats) total += moteur.evaluerApprentissageRapide(c).verse;
  return total;
});
const parSecondeMoteur = N / dureeMoteur;

// 2. Same rule in publicodes, same sample for both.
const echantillon = generer(N_PUBLICODES, true, 7);
const pub = new Engine(modelePublicodes as never, { logger: { log() {}, warn() {}, error() {} } });
const [resultatsPublicodes, dureePublicodes] = chrono(() =>
  echantillon.map((c) => {
    pub.setSituation({
      'npec annuel': c.npecAnnuel ?? 0,
      'part distanciel': c.partDistanciel,
      rqth: c.rqth?.montantMajoration ?? 0,
      niveau: c.niveau,
      'duree reduite': c.dureeReduite ? 'oui' : 'non',
      'date debut': `'${fr(c.dateDebut)}'`,
      'date fin': `'${fr(c.dateFin)}'`,
    } as Situation<string>);
    return [
      pub.evaluate('prise en charge').nodeValue,
      pub.evaluate('participation').nodeValue,
    ] as const;
  }),
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

const resultat = {
  banc: 'apprentissage',
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'inconnu',
    coeurs: os.cpus().length,
    memoireGo: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    plateforme: `${os.platform()} ${os.release()}`,
  },
  sansExplication: {
    contrats: N,
    secondes: dureeMoteur,
    contratsParSeconde: Math.round(parSecondeMoteur),
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
    objectif: 20_000,
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
