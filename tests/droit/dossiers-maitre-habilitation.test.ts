import { describe, expect, it } from 'vitest';
import { PM } from '../../src/domaine/dossiers/controles-maitre-habilitation.ts';
import { nombreAu } from '../../src/domaine/dossiers/parametres.ts';
import { jour } from '../../src/moteur/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/** The dated parameters of R6223-6 and of D6224-2 6° (droit/parametres/dossiers/apprentissage). */
describe('paramètres datés : apprentis par maître (R6223-6), habilitation (D6224-2 6°)', () => {
  const droit = moteurDeTest().droit;

  it('deux apprentis par maître, plus un dont la formation est prolongée, depuis 2019', () => {
    expect(nombreAu(droit, PM.maitreMaximum, '2025-09-01')).toBe(2);
    expect(nombreAu(droit, PM.maitreSupplementaire, '2025-09-01')).toBe(1);
    expect(nombreAu(droit, PM.maitreMaximum, '2018-12-31')).toBeUndefined();
    const p = droit.trouver(PM.maitreMaximum, jour('2025-09-01'));
    expect(p?.valeur.references?.map((r) => r.article)).toEqual(['R6223-6']);
  });

  it('habilitation contrôlée pour les contrats conclus à compter du 2024-08-01', () => {
    const v = (d: string) => droit.trouver(PM.habilitationControlee, jour(d))?.valeur.valeur;
    expect(v('2024-07-31')).toBe(false);
    expect(v('2024-08-01')).toBe(true);
    const refs = droit.trouver(PM.habilitationControlee, jour('2024-08-01'))?.valeur.references;
    expect(refs?.map((r) => r.article)).toEqual(['D6224-2', 'R6113-16']);
  });
});
