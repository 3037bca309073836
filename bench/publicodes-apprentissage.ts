/**
 * The apprenticeship rule written a second time, in publicodes, for the benchmark ratio and a
 * differential test: contracts concluded from 2025-07-01, shorter than a year, without rupture
 * (the part of the rule publicodes expresses without month arithmetic). Its numbers are written
 * in the model on purpose: it is an independent implementation to compare with, not law data.
 */
import Engine, { type Situation } from 'publicodes';
import { ajouterMois, iso, jour, type SituationApprentissage } from '../src/moteur/index.ts';

/** Deterministic generator (LCG), so every run evaluates the same contracts. */
function generateur(graine: number) {
  let s = graine >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generer(
  n: number,
  domainePublicodes: boolean,
  graine: number,
): SituationApprentissage[] {
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
export const modelePublicodes = {
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

/** Evaluates the publicodes model on a contract: [prise en charge, participation] in euros. */
export function evaluerPublicodes(pub: Engine, c: SituationApprentissage): [number, number] {
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
    Number(pub.evaluate('prise en charge').nodeValue),
    Number(pub.evaluate('participation').nodeValue),
  ];
}

export function moteurPublicodes(): Engine {
  return new Engine(modelePublicodes as never, { logger: { log() {}, warn() {}, error() {} } });
}
