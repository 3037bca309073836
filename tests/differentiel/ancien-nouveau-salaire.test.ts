import { describe, expect, it } from 'vitest';
import {
  genererSituationsContributions,
  genererSituationsSalaire,
} from '../../bench/situations-salaire.ts';
import {
  contributionsRapides,
  evaluerContributions,
  evaluerSalaireApprenti,
  salaireApprentiRapide,
  verifierAgeMinimum,
} from '../../src/moteur/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { empreinte, resultat } from './empreinte-salaire.ts';

/**
 * Porting the apprentice minimum wage and the training contributions to rules-as-data changed
 * no cent, date or rate. Before the old procedures (src/moteur/salaire/salaire-apprenti.ts and
 * src/moteur/contributions.ts in TypeScript) were deleted, both ran with the rules, explained
 * and compiled, on 100 000 generated contracts and every contribution case with 0 difference
 * (bench/results/differentiel-salaire-2026-12-02.json, script bench/differentiel-salaire.ts of commit e06b6f4), and the old
 * procedures' results on these situations (seed 2027: periods with every field, warnings, age
 * at the start, age refusal, error codes; every contribution amount) had these SHA-256.
 * A change of the law that moves these results updates the digest in the same commit, saying why.
 */
const EMPREINTE_SALAIRE = 'e2a171c2c5f9198fbfafcbbbfb359d4bd83d6132ec0ea8d724c2c1ea314f0c2b';
const EMPREINTE_AGE_MINIMUM = '94e6ff52eaa8a7db8fb466b2c4076ec711865ec8f8371540c59049139482a2a0';
const EMPREINTE_CONTRIBUTIONS = 'dc069b4829b2c60e016ed6c520e7fef995db5dd0cc527418270c0a70d3e3986c';

const droit = moteurDeTest().droit;
const salaires = genererSituationsSalaire(10_000, 2027);
const contributions = genererSituationsContributions(2027);
let memo: unknown[] | undefined;
const expliques = () =>
  (memo ??= salaires.map((s) => resultat(() => evaluerSalaireApprenti(droit, s))));

describe('salaire de l’apprenti et contributions : règles en données ↔ anciennes procédures', () => {
  it('salaire minimum, période par période : mêmes résultats (évaluation expliquée)', () => {
    expect(empreinte(expliques())).toBe(EMPREINTE_SALAIRE);
  }, 300_000);

  it('le chemin compilé donne les mêmes périodes que l’évaluation expliquée', () => {
    let comparees = 0;
    const e0 = expliques();
    salaires.forEach((s, i) => {
      const e = e0[i] as { periodes?: unknown };
      const r = resultat(() => salaireApprentiRapide(droit, s));
      if (e.periodes) {
        expect(r).toEqual(e.periodes);
        comparees++;
      } else expect(r).toEqual(e);
    });
    expect(comparees).toBeGreaterThan(9_000);
  }, 300_000);

  it('âge minimum (L6222-1) : mêmes refus', () => {
    const r = salaires.map((s) =>
      resultat(() => verifierAgeMinimum(droit, s).refus?.ageMinimum ?? null),
    );
    expect(empreinte(r)).toBe(EMPREINTE_AGE_MINIMUM);
  }, 300_000);

  it('contributions : mêmes montants (expliqués et compilés)', () => {
    expect(contributions.length).toBe(55_296);
    const r = contributions.map((s) => resultat(() => evaluerContributions(droit, s)));
    expect(empreinte(r)).toBe(EMPREINTE_CONTRIBUTIONS);
    const rapides = contributions.map((s) => resultat(() => contributionsRapides(droit, s)));
    expect(empreinte(rapides)).toBe(EMPREINTE_CONTRIBUTIONS);
  }, 300_000);
});
