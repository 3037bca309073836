import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { capturer, fichiersJson } from '../aide/commande.ts';

const fichier = fichiersJson('simuler-dispositifs-');
afterEach(() => vi.restoreAllMocks());

describe('opco simuler <dispositif>', () => {
  it('aide tutorale : tuteur de 46 ans, 8 mois → 345 € × 6 = 2 070 €, avec les textes', async () => {
    const { sortie } = capturer();
    const f = fichier('tutorat.json', { dateDebut: '2025-01-10', tutoratMois: 8, ageTuteur: 46 });
    expect(await main(['node', 'opco', 'simuler', 'aide-tutorale', f])).toBe(0);
    const texte = sortie.join('');
    expect(texte).toMatch(/Prise en charge : 2\s070,00\s€/);
    expect(texte).toContain('D6332-93');
  }, 120_000);

  it('--json : refus motivé de la Pro-A pour un avenant de 2026', async () => {
    const { sortie } = capturer();
    const f = fichier('pro-a.json', {
      dateAvenant: '2026-02-01',
      cdi: true,
      certificationEligible: true,
      dureeMois: 12,
      heuresFormation: 300,
      heuresTotales: 1600,
    });
    expect(await main(['node', 'opco', 'simuler', 'pro-a', f, '--json'])).toBe(0);
    const r = JSON.parse(sortie.join(''));
    expect(r.eligible).toBe(false);
    expect(r.refus[0].code).toBe('remplacee');
  }, 120_000);

  it('comparer-plan-moins-50 : une ligne par barème, refus compris', async () => {
    const { sortie } = capturer();
    const f = fichier('profil.json', {
      dateDebut: '2026-03-02',
      effectif: 20,
      heures: 14,
      coutPedagogique: 900,
    });
    expect(await main(['node', 'opco', 'simuler', 'comparer-plan-moins-50', f])).toBe(0);
    const texte = sortie.join('');
    // Opco EP 177 : 50 € HT × 14 h = 700 €.
    expect(texte).toMatch(/Opco EP — branche 177, 2026 : 700,00\s€/);
    expect(texte).toContain('ne couvre pas cette tranche');
  }, 120_000);
});
