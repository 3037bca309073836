import { describe, expect, it } from 'vitest';
import type { Noeud } from '../../../src/moteur/index.ts';
import { moteurDeTest } from '../../aide/moteur.ts';

function trouver(n: Noeud, code: string): Noeud | undefined {
  if (n.code === code) return n;
  for (const e of n.enfants ?? []) {
    const t = trouver(e, code);
    if (t) return t;
  }
  return undefined;
}

/**
 * Where R6332-25 says « prorata temporis » and the project counts started months, the explanation
 * shows the choice as a convention (docs/conventions.md), with the value applied.
 */
describe('prorata en mois commencés : une convention signalée', () => {
  it('contrat de moins d’un an conclu en 2019 : 5 mois commencés × 6 000 / 12, mode signalé convention', () => {
    const r = moteurDeTest().evaluerApprentissage(
      {
        dateConclusion: '2019-03-01',
        dateDebut: '2019-03-04',
        dateFin: '2019-07-20',
        niveau: 4,
        npecAnnuel: 6000,
        partDistanciel: 0,
      },
      '2019-03-01',
    );
    expect(r.priseEnCharge?.total).toBe(2500);
    const mode = r.explication && trouver(r.explication, 'apprentissage.prorata.mode');
    expect(mode?.valeur).toBe('mois_commences');
    expect(mode?.convention).toBe(true);
    expect(mode?.depuis).toBe('2019-01-01');
  });
});
