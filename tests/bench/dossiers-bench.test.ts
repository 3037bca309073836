import { describe, expect, it } from 'vitest';
import { benchDossiers } from '../../bench/dossiers/dossiers.bench.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/** The benchmark code itself runs (tiny size); timings are not checked. */
describe('banc d’essai des dossiers', () => {
  it('instruit chaque dossier généré une fois', () => {
    const r = benchDossiers(moteurDeTest(), 2000);
    const i = r.instruction.issues;
    expect(i.incomplet + i.engage + i.refuse + i.a_verifier).toBe(2000);
    expect(i.engage).toBeGreaterThan(0);
    expect(i.refuse).toBeGreaterThan(0);
    expect(r.ratio).toBeGreaterThan(0);
  });
});
