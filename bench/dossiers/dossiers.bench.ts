import {
  instruireEnMasse,
  ReferentielsEnMemoire,
  situationDepuisFa13,
  type ResultatMasse,
} from '../../src/domaine/dossiers/index.ts';
import type { Moteur } from '../../src/moteur/index.ts';
import { genererDossiers } from './generer.ts';

/** CPU seconds of a function (user + system): on a shared machine, wall time counts the wait. */
function chrono<T>(f: () => T): { r: T; secondes: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = f();
  const c = process.cpuUsage(c0);
  return {
    r,
    secondes: Number(process.hrtime.bigint() - t0) / 1e9,
    cpu: (c.user + c.system) / 1e6,
  };
}

/**
 * Automatic instruction of `n` generated dossiers in-process against the bare engine evaluation
 * of the same contracts in the same run (ratio), and the breakdown by outcome.
 */
export function benchDossiers(moteur: Moteur, n: number, journal: (m: string) => void = () => {}) {
  const jeu = genererDossiers(n);
  const source = new ReferentielsEnMemoire(jeu);
  const situations = jeu.dossiers.map((c) => situationDepuisFa13(c));
  journal(`${n} dossiers générés`);
  // Warm-up (JIT, engine caches), not timed.
  const chauffe = Math.min(n, 20_000);
  for (let i = 0; i < chauffe; i++) {
    moteur.evaluerApprentissageRapide(situations[i]!);
    instruireEnMasse(moteur.droit, moteur, source, '03', jeu.dossiers[i]!);
  }
  const nu = chrono(() => {
    let s = 0;
    for (const x of situations) s += moteur.evaluerApprentissageRapide(x).verse;
    return s;
  });
  journal(`moteur nu : ${Math.round(n / nu.secondes)} contrats/s`);
  const instruction = chrono(() => {
    const issues: Record<ResultatMasse['issue'], number> = {
      incomplet: 0,
      engage: 0,
      refuse: 0,
      a_verifier: 0,
    };
    let montant = 0;
    for (const c of jeu.dossiers) {
      const r = instruireEnMasse(moteur.droit, moteur, source, '03', c);
      issues[r.issue]++;
      montant += r.montantCentimes ?? 0;
    }
    return { issues, montant };
  });
  journal(`instruction : ${Math.round(n / instruction.secondes)} dossiers/s`);
  return {
    n,
    moteurNu: { parSeconde: Math.round(n / nu.secondes), parSecondeCpu: Math.round(n / nu.cpu) },
    instruction: {
      parSeconde: Math.round(n / instruction.secondes),
      parSecondeCpu: Math.round(n / instruction.cpu),
      issues: instruction.r.issues,
      montantEngageCentimes: instruction.r.montant,
    },
    /** Instruction throughput / bare engine throughput (CPU time, same run). */
    ratio: Math.round((nu.cpu / instruction.cpu) * 1000) / 1000,
    objectifParSeconde: 20_000,
  };
}
