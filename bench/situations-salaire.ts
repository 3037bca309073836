/**
 * Generated situations for the differential runs of the apprentice minimum wage and the
 * training contributions: every conclusion date since 2019 (law boundaries over-represented),
 * ages 14 to 40, birthdays at month ends and on 29 February, RQTH and exam-failure extensions,
 * shorter and longer cycles, a conventional minimum around the SMIC, Mayotte, licence
 * professionnelle, same-level diplomas, a previous contract's rate. Deterministic (LCG seeded).
 */
import { ajouterMois, iso, jour } from '../src/moteur/index.ts';
import type { SituationContributions } from '../src/moteur/contributions.ts';
import type { SituationSalaireApprenti } from '../src/moteur/salaire/types.ts';

function generateur(graine: number) {
  let s = graine >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const BORNES = [
  '2019-01-01',
  '2020-01-01',
  '2020-03-31',
  '2020-04-01',
  '2024-11-01',
  '2026-01-01',
  '2026-06-01',
].map(jour);
const DEBUT_DROIT = jour('2019-01-01');
const FIN_CONCLUSIONS = jour('2026-11-30');

function jourAuHasard(alea: () => number): number {
  if (alea() < 0.2) {
    const b = BORNES[Math.floor(alea() * BORNES.length)] as number;
    return Math.max(DEBUT_DROIT, b + Math.floor(alea() * 5) - 2);
  }
  return DEBUT_DROIT + Math.floor(alea() * (FIN_CONCLUSIONS - DEBUT_DROIT));
}

function naissance(alea: () => number, debut: number): number {
  const age = 14 + Math.floor(alea() * 27);
  const base = ajouterMois(debut, -12 * age - Math.floor(alea() * 12));
  const r = alea();
  // Month ends, 1sts and 29 February (birthdays that move the bracket at a boundary).
  if (r < 0.1) return ajouterMois(jour(`${iso(base).slice(0, 8)}01`), 1) - 1;
  if (r < 0.2) return jour(`${iso(base).slice(0, 8)}01`);
  if (r < 0.23) return jour(`${2000 + 4 * Math.floor(alea() * 5)}-02-29`);
  return base;
}

export function genererSituationsSalaire(n: number, graine: number): SituationSalaireApprenti[] {
  const alea = generateur(graine);
  const out: SituationSalaireApprenti[] = [];
  for (let i = 0; i < n; i++) {
    const conclusion = jourAuHasard(alea);
    const debut = conclusion + Math.floor(alea() * 90);
    const mois = 6 + Math.floor(alea() * 43);
    const fin = ajouterMois(debut, mois) - 1 - (alea() < 0.3 ? Math.floor(alea() * 20) : 0);
    const s: SituationSalaireApprenti = {
      dateNaissance: iso(naissance(alea, debut)),
      dateConclusion: iso(conclusion),
      dateDebut: iso(debut),
      dateFin: iso(Math.max(fin, debut)),
    };
    if (alea() < 0.3) s.premierCycleSecondaireAcheve = alea() < 0.5;
    if (alea() < 0.25) s.dureeCycleMois = 6 + Math.floor(alea() * 36);
    if (alea() < 0.15)
      s.prolongation = {
        motif: alea() < 0.5 ? 'handicap' : 'echec_examen',
        depuis: iso(debut + Math.floor(alea() * (fin - debut + 30))),
      };
    if (alea() < 0.08) s.licenceProfessionnelle = true;
    if (alea() < 0.1) s.diplomeMemeNiveau = true;
    if (alea() < 0.1)
      s.tauxContratPrecedent = [0.27, 0.39, 0.43, 0.51, 0.53, 0.55, 0.61, 0.67, 0.78, 1][
        Math.floor(alea() * 10)
      ] as number;
    if (alea() < 0.2) s.salaireMinimumConventionnel = 150_000 + Math.floor(alea() * 80_000);
    if (alea() < 0.1) s.mayotte = true;
    out.push(s);
  }
  return out;
}

/** Every combination of size bracket, Alsace-Moselle, CDD and share of alternants, at many dates. */
export function genererSituationsContributions(graine: number): SituationContributions[] {
  const alea = generateur(graine);
  const effectifs = [1, 10, 11, 49, 50, 249, 250, 251, 1999, 2000, 2001, 5000];
  const parts = [0, 0.005, 0.0099, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.2];
  const out: SituationContributions[] = [];
  for (let m = 0; m < 8 * 12; m++) {
    const date = iso(ajouterMois(DEBUT_DROIT, m) + Math.floor(alea() * 28));
    for (const effectif of effectifs)
      for (const partAlternants of parts)
        for (const alsaceMoselle of [false, true])
          for (const cdd of [false, true])
            out.push({
              date,
              assiette: Math.round(alea() * 500_000_00) / 100,
              effectif,
              alsaceMoselle,
              partAlternants,
              cdd,
            });
  }
  return out;
}
