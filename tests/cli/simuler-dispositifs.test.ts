import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

const dossier = mkdtempSync(path.join(tmpdir(), 'simuler-dispositifs-'));
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(dossier, { recursive: true, force: true }));

function capturer() {
  const sortie: string[] = [];
  const erreurs: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((t) => (sortie.push(String(t)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((t) => (erreurs.push(String(t)), true));
  return { sortie, erreurs };
}

function fichier(nom: string, contenu: unknown): string {
  const f = path.join(dossier, nom);
  writeFileSync(f, JSON.stringify(contenu));
  return f;
}

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
