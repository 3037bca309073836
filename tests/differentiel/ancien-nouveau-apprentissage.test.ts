import { describe, expect, it } from 'vitest';
import { genererContrats } from '../../bench/contrats-apprentissage.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { empreinte, resultatNouveau } from './empreinte-apprentissage.ts';

/**
 * Porting the apprenticeship rule to rules-as-data changed no cent and no date. Before the old
 * procedure (calculerApprentissage) was deleted, both engines ran on 1 000 000 generated contracts
 * with 0 difference (bench/results/differentiel-apprentissage-*.json, script of commit 2fe550c),
 * and the old procedure's results on these 20 000 contracts (seed 2026: every amount, year,
 * schedule line with date and reason, NPEC source, missing input, fast totals) had this SHA-256.
 * A change of the law that moves these results updates the digest in the same commit, saying why.
 */
const EMPREINTE_ANCIENNE_PROCEDURE =
  'c64cfc81f3ff245b368a2f8efa07fe433d7ab2d7dc63513b0d41802f929bdaf2';

describe('apprentissage : règles en données ↔ ancienne procédure', () => {
  it('mêmes résultats que l’ancienne procédure sur 20 000 contrats générés', () => {
    const moteur = moteurDeTest();
    const contrats = genererContrats(20_000, 2026);
    expect(empreinte(contrats.map((c) => resultatNouveau(moteur, c)))).toBe(
      EMPREINTE_ANCIENNE_PROCEDURE,
    );
  }, 300_000);
});
