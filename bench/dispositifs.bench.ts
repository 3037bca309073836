/**
 * Benchmark of the other funding schemes (issue 14; by hand: `npm run bench -- dispositifs`,
 * never in `npm test`). For each scheme served by the generic rules engine:
 * 1. bulk: N generated situations (dates over the law's changes, refusals included) through the
 *    compiled fast path, situations per second (target ≥ 1 M/s);
 * 2. explained: the full evaluation with explanation tree and citations on N_EXPLICATIONS
 *    situations (target ≥ 50 k/s);
 * 3. ratios in the same run: bulk / explained, and each scheme against the apprenticeship fast
 *    path measured on the same machine in the same process (baseline).
 * Plan < 50: the OPCO barème is resolved once per (barème, date, headcount) before timing, as a
 * bulk run over a company portfolio would (the barème is data, not per-situation work).
 * Results in bench/results/dispositifs-<timestamp>.json with the machine described.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lecteurDossier } from '../src/droit/lecteur-dossier.ts';
import { moteurDispositif } from '../src/droit/simulation-dispositifs.ts';
import { portVersionsDepuisJson } from '../src/droit/versions-articles.ts';
import { listerBaremes, resoudreBareme } from '../src/moteur/dispositifs/baremes.ts';
import { creerMoteur, iso, jour } from '../src/moteur/index.ts';
import { generer } from './publicodes-apprentissage.ts';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const N_EXPLICATIONS = Number(process.env.BENCH_N_EXPLICATIONS ?? 50_000);

let graine = 12345;
const alea = () => (graine = (graine * 1103515245 + 12345) % 2147483648) / 2147483648;
const entier = (a: number, b: number) => a + Math.floor(alea() * (b - a + 1));
const oui = (p = 0.5) => alea() < p;
const date = (de: string, a: string) => iso(entier(jour(de), jour(a)));

const moteur = creerMoteur(
  { lecteur: lecteurDossier() },
  portVersionsDepuisJson(path.resolve('..', 'shared', 'data')),
);
const droit = moteur.droit;
const versions = portVersionsDepuisJson(path.resolve('..', 'shared', 'data'));
const baremes = listerBaremes(droit, 'plan_moins_50');
const cacheBaremes = new Map<string, Record<string, number | boolean | undefined>>();
function bareme(id: string, d: string, effectif: number) {
  const cle = `${id}|${d}|${effectif}`;
  let b = cacheBaremes.get(cle);
  if (!b) {
    b = resoudreBareme(droit, 'plan_moins_50', id, d, effectif).entrees;
    cacheBaremes.set(cle, b);
  }
  return b;
}

const generateurs: Record<string, () => object> = {
  contrat_professionnalisation: () => {
    const total = entier(600, 2400);
    return {
      dateConclusion: date('2019-01-01', '2026-12-31'),
      dateDebut: date('2024-01-01', '2026-12-31'),
      dateReception: date('2024-01-01', '2026-12-31'),
      age: entier(16, 45),
      demandeurEmploi: oui(),
      inscritPlusDUnAn: oui(0.2),
      minimaSociaux: oui(0.1),
      sansDiplome: oui(0.3),
      geiq: oui(0.1),
      ...(oui(0.3) ? { forfaitHoraireBranche: entier(800, 1600) / 100 } : {}),
      dureeActionMois: entier(4, 30),
      heuresFormation: Math.round(total * (0.1 + alea() * 0.2)),
      heuresTotales: total,
      effectif: entier(1, 300),
      fraisReels: entier(1000, 9000),
    };
  },
  aide_tutorale: () => ({
    dateDebut: date('2019-01-01', '2026-12-31'),
    tuteurEmployeur: oui(0.3),
    effectif: entier(1, 60),
    formationHeures: entier(0, 60),
    tutoratMois: entier(0, 10),
    ageTuteur: entier(25, 64),
    publicPrioritaire: oui(0.2),
    maitreApprentissageMois: entier(0, 14),
    beneficiairesSimultanes: entier(1, 4),
  }),
  pro_a: () => {
    const total = entier(600, 2000);
    return {
      dateAvenant: date('2019-06-01', '2026-06-30'),
      cdi: oui(0.8),
      activitePartielle: oui(0.1),
      niveauQualification: entier(0, 7),
      certificationEligible: oui(0.8),
      cleaOuVae: oui(0.1),
      dureeMois: entier(4, 26),
      heuresFormation: Math.round(total * (0.1 + alea() * 0.2)),
      heuresTotales: total,
      remunerationPriseEnCharge: oui(),
      remunerationHoraire: entier(1000, 3000) / 100,
      effectif: entier(1, 200),
      fraisReels: entier(1000, 8000),
    };
  },
  periode_reconversion: () => ({
    dateAccord: date('2025-11-01', '2027-12-31'),
    dateDebut: date('2026-01-01', '2027-12-31'),
    externe: oui(0.3),
    contratAccueilCdd: oui(),
    dureeCddMois: entier(3, 24),
    socleClea: oui(0.1),
    heuresFormation: entier(100, 2300),
    dureeMois: entier(3, 40),
    accordDureeLongue: oui(0.3),
    droitsCpf: entier(0, 5000),
    accordRemuneration: oui(0.3),
    ecartRemuneration: entier(0, 5000),
    fraisPedagogiques: entier(1000, 9000),
  }),
  plan_moins_50: () => {
    const d = date('2020-01-01', '2026-12-31');
    const effectif = entier(1, 55);
    const id = baremes[entier(0, baremes.length - 1)] as string;
    return {
      dateDebut: d,
      effectif,
      heures: entier(3, 400),
      stagiaires: entier(1, 5),
      coutPedagogique: entier(200, 12000),
      salaireHoraire: entier(1100, 3000) / 100,
      fraisAnnexes: entier(0, 2000),
      dejaConsomme: entier(0, 4000),
      bareme: bareme(id, d, effectif),
    };
  },
  action_collective: () => ({
    dateSession: date('2024-01-01', '2026-12-31'),
    placesRestantes: entier(0, 12),
    stagiaires: entier(1, 4),
    effectif: entier(1, 300),
    ...(oui() ? { effectifMax: 49 } : {}),
    brancheEligible: oui(0.9),
    prixNegocie: entier(100, 1500),
    tauxFinancement: entier(0, 100) / 100,
  }),
  abondement_cpf: () => ({
    dateDemande: date('2019-01-01', '2026-12-31'),
    coutFormation: entier(300, 8000),
    droitsCpf: entier(0, 5000),
    effectif: entier(1, 300),
    tauxOpco: entier(0, 100) / 100,
    ...(oui() ? { plafondOpco: entier(500, 3000) } : {}),
    fondsConventionnels: oui(0.2),
  }),
  formation_ssct_cse: () => ({
    dateDebut: date('2021-06-01', '2026-12-31'),
    effectif: entier(1, 60),
    membreCse: oui(0.8),
    salarieCompetent: oui(0.2),
    premierMandat: oui(),
    jours: entier(2, 6),
    heures: entier(14, 42),
    stagiaires: entier(1, 4),
    coutPedagogique: entier(500, 4000),
    salaireHoraire: entier(1000, 3000) / 100,
    fraisAnnexes: entier(0, 500),
  }),
};

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
  process.stderr.write(
    `${nom} : ${Math.round(masse).toLocaleString('fr-FR')} situations/s en masse, ${Math.round(expliquees).toLocaleString('fr-FR')}/s expliquées (× ${(masse / baseParSeconde).toFixed(2)} et × ${(expliquees / baseExplParSeconde).toFixed(2)} l'apprentissage)\n`,
  );
}

const sortie = {
  date: new Date().toISOString(),
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
