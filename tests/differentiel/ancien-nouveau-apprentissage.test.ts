import { describe, expect, it } from 'vitest';
import { genererContrats } from '../../bench/contrats-apprentissage.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { ancienMoteur } from './ancien-moteur.ts';
import { comparerMoteurs } from './comparer-apprentissage.ts';

/**
 * Porting the apprenticeship rule to rules-as-data changes no cent and no date: the old
 * procedure and the new rules give the same result (amounts, years, schedule with dates and
 * reasons, NPEC source, missing inputs) and the same fast result on 20 000 generated contracts.
 * The 1 000 000-contract run is scripts/differentiel-apprentissage.ts (bench/results/).
 */
describe('apprentissage : ancien moteur ↔ règles en données', () => {
  it('0 écart sur 20 000 contrats générés (toutes périodes, ruptures, RQTH, distanciel, frais)', () => {
    const moteur = moteurDeTest();
    const r = comparerMoteurs(ancienMoteur(moteur.droit), moteur, genererContrats(20_000, 2026));
    expect(r.ecarts.slice(0, 2)).toEqual([]);
  }, 300_000);
});
