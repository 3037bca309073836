import { describe, expect, it } from 'vitest';
import { plateformeEtNavigateurPourLesTests } from '../aide/plateforme-navigateur.ts';

const s = plateformeEtNavigateurPourLesTests();

describe("simulateur « Simuler un financement → Contrat d'apprentissage »", () => {
  it('calcule, montre montants, échéancier, explication et textes liés à leur page', async () => {
    await s.page.goto(`${s.url}/simuler`);
    await expect(s.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Simuler un financement',
    );
    await s.page.getByLabel('Date de conclusion *').fill('2025-07-01');
    await s.page.getByLabel("Date de début d'exécution *").fill('2025-09-01');
    await s.page.getByLabel('Date de fin prévue *').fill('2026-08-31');
    await s.page.getByLabel('Niveau de la certification *').selectOption('6');
    await s.page.getByLabel('NPEC annuel en euros (si connu)').fill('7300');
    await s.page.getByLabel('Nombre de nuitées').fill('10');
    await s.page.getByRole('button', { name: 'Simuler' }).click();
    const resultat = s.page.locator('section.resultat');
    await resultat.getByRole('heading', { name: 'Résultat de la simulation' }).waitFor();
    const texte = ((await resultat.textContent()) ?? '').replace(/[\u202f\u00a0]/g, ' ');
    expect(texte).toContain('7 300,00 €');
    expect(texte).toContain('750,00 €');
    // Total paid: 7 300 + 60 − 750 = 6 610 €.
    expect(texte).toContain('6 610,00 €');
    const lignes = resultat.getByRole('table', { name: /Échéancier/ }).locator('tbody tr');
    // R6332-25 III: the 60 € of frais annexes are in the annual amount (7 360 €): advance
    // 40 % = 2 944 − 750 = 2 194 €, then 30 %, 20 %, balance; no line of their own.
    expect(await lignes.count()).toBe(4);
    expect((await lignes.first().textContent())?.replace(/[\u202f\u00a0]/g, ' ')).toContain(
      '2 194,00 €',
    );
    expect(texte).toContain('Explication du calcul');
    expect(texte).toContain('Participation forfaitaire');
    const lien = resultat.getByRole('link', { name: 'Article R6332-25-1' });
    expect(await lien.getAttribute('href')).toBe('/textes/R6332-25-1?date=2025-07-01');
    // The result region is announced to assistive technologies.
    expect(await resultat.getAttribute('aria-live')).toBe('polite');
  });

  it('demande ce qui manque et applique la valeur d’amorçage signalée', async () => {
    await s.page.goto(`${s.url}/simuler`);
    await s.page.getByLabel('Date de conclusion *').fill('2024-03-01');
    await s.page.getByLabel("Date de début d'exécution *").fill('2024-03-04');
    await s.page.getByLabel('Date de fin prévue *').fill('2025-03-03');
    await s.page.getByLabel('Niveau de la certification *').selectOption('4');
    await s.page.getByRole('button', { name: 'Simuler' }).click();
    const resultat = s.page.locator('section.resultat');
    await resultat.getByRole('heading', { name: 'Résultat de la simulation' }).waitFor();
    expect(await resultat.getByRole('status').textContent()).toContain('Code RNCP');
    expect(await resultat.getByRole('link', { name: /Code RNCP/ }).getAttribute('href')).toBe(
      '#rncp',
    );
    expect(await resultat.textContent()).toContain("Valeur d'amorçage du niveau 4");
    expect((await resultat.textContent())?.replace(/[\u202f\u00a0]/g, ' ')).toContain('5 621,00 €');
  });

  it('signale une saisie invalide sur le champ en cause', async () => {
    await s.page.goto(`${s.url}/simuler`);
    await s.page.getByLabel('Date de conclusion *').fill('2025-07-01');
    await s.page.getByLabel("Date de début d'exécution *").fill('2025-09-01');
    await s.page.getByLabel('Date de fin prévue *').fill('2025-08-01');
    await s.page.getByLabel('NPEC annuel en euros (si connu)').fill('7300');
    await s.page.getByRole('button', { name: 'Simuler' }).click();
    await s.page.getByRole('alert').waitFor();
    const alerte = (await s.page.getByRole('alert').textContent()) ?? '';
    expect(alerte).toContain('Date de fin prévue : la date de fin doit être postérieure');
    expect(alerte).not.toContain('body.');
    expect(await s.page.getByLabel('Date de fin prévue *').getAttribute('aria-invalid')).toBe(
      'true',
    );
  });
});
