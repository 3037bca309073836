import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { capturer, fichiersJson } from '../aide/commande.ts';
import { plateformeDeTest } from '../aide/plateforme.ts';

const fichier = fichiersJson('simuler-autres-');
afterEach(() => vi.restoreAllMocks());

async function api(url: string, corps: unknown): Promise<unknown> {
  const { app, fermer } = await plateformeDeTest();
  try {
    return (await app.inject({ method: 'POST', url, payload: corps as object })).json();
  } finally {
    await fermer();
  }
}

const salaire = { dateNaissance: '2007-03-10', dateDebut: '2024-09-01', dateFin: '2026-08-31' };
const contributions = { date: '2025-03-15', assiette: 3000, effectif: 300, partAlternants: 0 };

describe('opco simuler salaire-apprenti <situation.json>', () => {
  it('résume en français, période par période, avec les textes', async () => {
    const { sortie } = capturer();
    const f = fichier('salaire.json', salaire);
    expect(await main(['node', 'opco', 'simuler', 'salaire-apprenti', f])).toBe(0);
    const texte = sortie.join('');
    expect(texte).toContain("Salaire minimum de l'apprenti (17 ans au début du contrat)");
    expect(texte).toMatch(
      /du 01\/04\/2025 au 31\/08\/2025 : 18 à 20 ans, 1re année — 43 % du SMIC \(1\s801,80\s€\) = 774,77\s€ par mois/,
    );
    expect(texte).toContain('D6222-31');
  }, 120_000);

  it('--explication écrit le calcul règle par règle, en euros, pourcentages et dates', async () => {
    const { sortie } = capturer();
    const f = fichier('salaire-explication.json', salaire);
    expect(await main(['node', 'opco', 'simuler', 'salaire-apprenti', f, '--explication'])).toBe(0);
    const texte = sortie.join('').replace(/[\u00a0\u202f]/g, ' ');
    expect(texte).toContain('Explication du calcul :');
    expect(texte).toContain('    Du 01/04/2025 au 31/08/2025 : 774,77 €');
    expect(texte).toMatch(/Taux retenu[^:\n]*: 43 % — D6222-29/);
    expect(texte).toMatch(
      /Salaire minimum de croissance horaire brut[^:\n]*: 11,88 € de l’heure \(en vigueur depuis le 01\/11\/2024\) — Décret n° 2024-951/,
    );
    expect(texte).not.toMatch(/\d{5,}|Produit|dix-millièmes|\d{4}-\d{2}-\d{2}/);
  }, 120_000);

  it('--json écrit la même réponse que l’API', async () => {
    const { sortie } = capturer();
    const f = fichier('salaire-json.json', salaire);
    expect(await main(['node', 'opco', 'simuler', 'salaire-apprenti', f, '--json'])).toBe(0);
    vi.restoreAllMocks();
    expect(JSON.parse(sortie.join(''))).toEqual(
      await api('/api/v1/simulations/salaire-apprenti', salaire),
    );
  }, 120_000);

  it('refuse un apprenti de 14 ans, code de sortie 1', async () => {
    const { erreurs } = capturer();
    const f = fichier('jeune.json', {
      ...salaire,
      dateNaissance: '2011-01-01',
      dateDebut: '2025-09-01',
      dateFin: '2026-08-31',
    });
    expect(await main(['node', 'opco', 'simuler', 'salaire-apprenti', f])).toBe(1);
    expect(erreurs.join('')).toContain('ERR_APPRENTI_TROP_JEUNE');
  });

  it('nomme le champ invalide', async () => {
    const { erreurs } = capturer();
    const f = fichier('invalide.json', { ...salaire, dateFin: '2024-01-01' });
    expect(await main(['node', 'opco', 'simuler', 'salaire-apprenti', f])).toBe(1);
    expect(erreurs.join('')).toContain('situation.dateFin');
  });
});

describe('opco simuler contributions <situation.json>', () => {
  it('résume les contributions du mois', async () => {
    const { sortie } = capturer();
    const f = fichier('contributions.json', contributions);
    expect(await main(['node', 'opco', 'simuler', 'contributions', f])).toBe(0);
    const texte = sortie.join('');
    expect(texte).toMatch(/Contribution à la formation professionnelle \(CFP\) : 30,00\s€/);
    expect(texte).toMatch(/Contribution supplémentaire à l'apprentissage \(CSA\) : 12,00\s€/);
    expect(texte).toMatch(/Total : 62,40\s€/);
    expect(texte).toContain('L6242-1');
  });

  it('--json écrit la même réponse que l’API', async () => {
    const { sortie } = capturer();
    const f = fichier('contributions-json.json', contributions);
    expect(await main(['node', 'opco', 'simuler', 'contributions', f, '--json'])).toBe(0);
    vi.restoreAllMocks();
    expect(JSON.parse(sortie.join(''))).toEqual(
      await api('/api/v1/simulations/contributions', contributions),
    );
  }, 120_000);
});
