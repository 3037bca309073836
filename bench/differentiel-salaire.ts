/**
 * Differential run of the port of the apprentice wage and the contributions to rules-as-data:
 * the old TypeScript procedures (src/moteur/ancien/, removed after this run) and the rules,
 * explained and compiled, on generated situations; every amount, date, rate, bracket, base,
 * warning and error code compared. Writes bench/results/differentiel-salaire-<date>.json.
 */
import { writeFileSync } from 'node:fs';
import { moteurDeTest } from '../tests/aide/moteur.ts';
import * as ancienSalaire from '../src/moteur/ancien/salaire-apprenti.ts';
import * as ancienContrib from '../src/moteur/ancien/contributions.ts';
import {
  contributionsRapides,
  evaluerContributions,
  evaluerSalaireApprenti,
  salaireApprentiRapide,
  verifierAgeMinimum,
} from '../src/moteur/index.ts';
import { genererSituationsContributions, genererSituationsSalaire } from './situations-salaire.ts';

const droit = moteurDeTest().droit;
const N = Number(process.env.N ?? 100_000);

function essai<T>(f: () => T): T | { erreur: string } {
  try {
    return f();
  } catch (e) {
    return { erreur: (e as { code?: string }).code ?? String(e) };
  }
}

const sansExplication = (
  r: { periodes: { explication?: unknown }[] } & Record<string, unknown>,
) => ({
  ageDebut: r.ageDebut,
  avertissements: r.avertissements,
  periodes: r.periodes.map(({ explication: _x, ...p }) => p),
});

let differences = 0;
const exemples: unknown[] = [];
const t0 = Date.now();
const situations = genererSituationsSalaire(N, 2026);
let periodes = 0;
for (const s of situations) {
  const a = JSON.stringify(
    essai(() => sansExplication(ancienSalaire.evaluerSalaireApprenti(droit, s) as never)),
  );
  const n = JSON.stringify(essai(() => sansExplication(evaluerSalaireApprenti(droit, s) as never)));
  const r = JSON.stringify(
    essai(() =>
      sansExplication({
        ageDebut: JSON.parse(a).ageDebut,
        avertissements: JSON.parse(a).avertissements,
        periodes: salaireApprentiRapide(droit, s),
      } as never),
    ),
  );
  const ageA = JSON.stringify(
    essai(() => ancienSalaire.verifierAgeMinimum(droit, s).refus?.ageMinimum ?? null),
  );
  const ageN = JSON.stringify(essai(() => verifierAgeMinimum(droit, s).refus?.ageMinimum ?? null));
  periodes += (JSON.parse(a).periodes ?? []).length;
  const rapideOk =
    JSON.parse(a).erreur !== undefined ? JSON.parse(r).erreur !== undefined : r === a;
  if (a !== n || !rapideOk || ageA !== ageN) {
    differences++;
    if (exemples.length < 10) exemples.push({ s, ancien: a, nouveau: n, rapide: r, ageA, ageN });
  }
}
const tSalaire = Date.now() - t0;
let diffContrib = 0;
const contributions = genererSituationsContributions(2026);
for (const s of contributions) {
  const sans = (x: Record<string, unknown>) => {
    const { explication: _x, references: _r, ...reste } = x;
    return reste;
  };
  const a = essai(() => sans({ ...ancienContrib.evaluerContributions(droit, s) }));
  const n = essai(() => sans({ ...evaluerContributions(droit, s) }));
  const r = essai(() => contributionsRapides(droit, s));
  if (JSON.stringify(a) !== JSON.stringify(n) || JSON.stringify(a) !== JSON.stringify(r)) {
    diffContrib++;
    if (exemples.length < 20) exemples.push({ s, a, n, r });
  }
}
const resultat = {
  date: new Date().toISOString(),
  salaire: { situations: N, periodes, differences, dureeMs: tSalaire },
  contributions: { situations: contributions.length, differences: diffContrib },
  exemples,
};
console.log(JSON.stringify(resultat, null, 1).slice(0, 6000));
writeFileSync(
  `bench/results/differentiel-salaire-${resultat.date.slice(0, 10)}.json`,
  `${JSON.stringify(resultat, null, 1)}\n`,
);
