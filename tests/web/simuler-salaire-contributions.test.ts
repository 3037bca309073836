import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ouvrirSimulateur,
  plateformeEtNavigateur,
  espaces,
  sansDefilementHorizontal,
} from '../aide/plateforme-navigateur.ts';

let page: Page;
let url: string;
let fermer: () => Promise<void>;

beforeAll(async () => {
  // 390 px wide: the pages must be usable on a phone.
  ({ page, url, fermer } = await plateformeEtNavigateur({ width: 390, height: 844 }));
}, 120_000);
afterAll(async () => {
  await fermer?.();
});

describe("simulateur « Salaire minimum de l'apprenti »", () => {
  it('se rejoint depuis le simulateur, calcule par période, explique et cite', async () => {
    await ouvrirSimulateur(page, url, "Salaire minimum de l'apprenti");
    expect(
      await page
        .getByRole('navigation', { name: 'Simulateurs' })
        .getByRole('link', { name: "Salaire minimum de l'apprenti" })
        .getAttribute('aria-current'),
    ).toBe('page');
    await page.getByLabel('Date de naissance *').fill('2007-03-10');
    await page.getByLabel("Date de début d'exécution *").fill('2024-09-01');
    await page.getByLabel('Date de fin prévue *').fill('2026-08-31');
    await page.getByRole('button', { name: 'Calculer le salaire minimum' }).click();
    const resultat = page.locator('section.resultat');
    await resultat.getByRole('heading', { name: 'Salaire minimum, période par période' }).waitFor();
    const lignes = resultat.getByRole('table', { name: /par période/ }).locator('tbody tr');
    expect(await lignes.count()).toBe(6);
    // 18 ans le 10 mars 2025 : 43 % dès le 1er avril, 43 % × 1 801,80 € = 774,77 €.
    const troisieme = espaces(await lignes.nth(2).textContent());
    expect(troisieme).toContain('du 01/04/2025 au 31/08/2025');
    expect(troisieme).toContain('18 à 20 ans');
    expect(troisieme).toContain('774,77 €');
    const texte = espaces(await resultat.textContent());
    expect(texte).toContain('Explication du calcul');
    expect(texte).toContain('SMIC mensuel brut');
    expect(
      await resultat.getByRole('link', { name: 'Article D6222-31' }).getAttribute('href'),
    ).toBe('/textes/D6222-31?date=2024-09-01');
    expect(
      await resultat.getByRole('link', { name: /Décret n° 2024-951/ }).getAttribute('href'),
    ).toMatch(/^https:\/\/www\.legifrance\.gouv\.fr\//);
    expect(await resultat.getAttribute('aria-live')).toBe('polite');
    await sansDefilementHorizontal(page);
  });

  it('refuse un apprenti trop jeune et le dit sur le champ de la date de naissance', async () => {
    await page.goto(`${url}/simuler/salaire-apprenti`);
    await page.getByLabel('Date de naissance *').fill('2011-10-01');
    await page.getByLabel("Date de début d'exécution *").fill('2025-09-01');
    await page.getByLabel('Date de fin prévue *').fill('2027-08-31');
    await page.getByRole('button', { name: 'Calculer le salaire minimum' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('L6222-1');
    expect(await page.getByLabel('Date de naissance *').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('simulateur « Contributions à la formation »', () => {
  it('calcule les contributions du mois, avec explication et textes', async () => {
    await page.goto(`${url}/simuler/contributions`);
    await page.getByLabel('Mois de paie (une date du mois) *').fill('2025-03-15');
    await page.getByLabel('Rémunérations brutes du mois, en euros *').fill('3000');
    await page.getByLabel("Effectif de l'entreprise *").fill('300');
    await page.getByLabel('Établissement en Alsace-Moselle').check();
    await page.getByRole('button', { name: 'Calculer les contributions' }).click();
    const resultat = page.locator('section.resultat');
    await resultat.getByRole('heading', { name: 'Contributions du mois' }).waitFor();
    const texte = espaces(await resultat.textContent());
    // CFP 1 % = 30 € ; TA Alsace-Moselle 0,44 % = 13,20 € ; CSA 0,4 % × 0,52 = 6,24 € ; total 49,44 €.
    expect(texte).toContain('30,00 €');
    expect(texte).toContain('13,20 €');
    expect(texte).toContain('6,24 €');
    expect(texte).toContain('49,44 €');
    expect(texte).toContain('Explication du calcul');
    expect(await resultat.getByRole('link', { name: 'Article L6242-1' }).count()).toBe(1);
    await sansDefilementHorizontal(page);
  });

  it('signale un effectif invalide sur son champ', async () => {
    await page.goto(`${url}/simuler/contributions`);
    await page.getByLabel('Mois de paie (une date du mois) *').fill('2025-03-15');
    await page.getByLabel('Rémunérations brutes du mois, en euros *').fill('3000');
    await page.getByLabel("Effectif de l'entreprise *").fill('-4');
    await page.getByRole('button', { name: 'Calculer les contributions' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('body.effectif');
    expect(await page.getByLabel("Effectif de l'entreprise *").getAttribute('aria-invalid')).toBe(
      'true',
    );
  });
});
