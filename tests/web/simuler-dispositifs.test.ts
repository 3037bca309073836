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
  ({ page, url, fermer } = await plateformeEtNavigateur({ width: 390, height: 844 }));
}, 120_000);
afterAll(async () => {
  await fermer?.();
});

describe('simulateurs des autres dispositifs', () => {
  it('aide tutorale : 345 € × 6 mois pour un tuteur de 46 ans, explication et textes', async () => {
    await ouvrirSimulateur(page, url, 'Aide à la fonction tutorale');
    await page.getByLabel('Date de début *').fill('2025-01-10');
    await page.getByLabel('Âge du tuteur').fill('46');
    await page.getByLabel('Mois de tutorat (contrat de professionnalisation)').fill('8');
    await page.getByRole('button', { name: "Calculer l'aide" }).click();
    await page.getByRole('heading', { level: 2, name: 'Prise en charge' }).waitFor();
    const texte = espaces(await page.locator('section.resultat').textContent());
    expect(texte).toContain('2 070,00 €');
    expect(texte).toContain('D6332-93');
    await sansDefilementHorizontal(page);
  }, 60_000);

  it('Pro-A en 2026 : refus motivé, avec son article', async () => {
    await page.goto(`${url}/simuler/pro-a`);
    await page.getByLabel("Date de conclusion de l'avenant *").fill('2026-02-01');
    await page.getByLabel('Salarié en CDI').check();
    await page.getByLabel("Certification sur la liste de l'accord de branche").check();
    await page.getByLabel('Durée, en mois *').fill('12');
    await page.getByLabel('Heures de formation *').fill('300');
    await page.getByLabel('Durée totale, en heures *').fill('1600');
    await page.getByRole('button', { name: 'Calculer la prise en charge' }).click();
    await page.getByRole('heading', { level: 2, name: 'Prise en charge refusée' }).waitFor();
    expect(espaces(await page.locator('section.resultat').textContent())).toContain(
      'remplacée par la période de reconversion',
    );
  }, 60_000);

  it('comparer les OPCO pour une entreprise de 20 salariés', async () => {
    await page.goto(`${url}/simuler/comparer-plan-moins-50`);
    await page.getByLabel("Date de début de l'action *").fill('2026-03-02');
    await page.getByLabel("Effectif de l'entreprise *").fill('20');
    await page.getByLabel('Durée par stagiaire, en heures *').fill('14');
    await page.getByLabel('Coût pédagogique total, en euros HT *').fill('900');
    await page.getByRole('button', { name: 'Comparer les barèmes' }).click();
    await page
      .getByRole('heading', { level: 2, name: 'Prise en charge selon chaque barème' })
      .waitFor();
    const ligne = espaces(
      await page.getByRole('row', { name: /Opco EP — branche 177, 2026/ }).textContent(),
    );
    expect(ligne).toContain('700,00 €');
    await sansDefilementHorizontal(page);
  }, 60_000);
});
