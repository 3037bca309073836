import { describe, expect, it } from 'vitest';
import {
  ouvrirSimulateur,
  plateformeEtNavigateurPourLesTests,
  espaces,
  sansDefilementHorizontal,
  TELEPHONE,
} from '../aide/plateforme-navigateur.ts';

const s = plateformeEtNavigateurPourLesTests(TELEPHONE);

describe("simulateur « Salaire minimum de l'apprenti »", () => {
  it('se rejoint depuis le simulateur, calcule par période, explique et cite', async () => {
    await ouvrirSimulateur(s.page, s.url, "Salaire minimum de l'apprenti");
    expect(
      await s.page
        .getByRole('navigation', { name: 'Simulateurs' })
        .getByRole('link', { name: "Salaire minimum de l'apprenti" })
        .getAttribute('aria-current'),
    ).toBe('page');
    await s.page.getByLabel('Date de naissance *').fill('2007-03-10');
    await s.page.getByLabel("Date de début d'exécution *").fill('2024-09-01');
    await s.page.getByLabel('Date de fin prévue *').fill('2026-08-31');
    await s.page.getByRole('button', { name: 'Calculer le salaire minimum' }).click();
    const resultat = s.page.locator('section.resultat');
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
    // Readable: euros, percentages, hours and dates in French; no scaled integer, no day number,
    // no technical step (« Produit », numerators, ten-thousandths).
    expect(texte).toContain('Du 01/09/2024 au 31/10/2024 : 477,07 €');
    expect(texte).toMatch(/Taux retenu[^:]*: 27 %/);
    expect(texte).toContain('Durée légale hebdomadaire du travail : 35 heures');
    expect(texte).toMatch(/Dates de relèvement du SMIC[^:]*: [^—]*01\/11\/2024/);
    const explication = texte.slice(
      texte.indexOf('Explication du calcul'),
      texte.indexOf('Textes appliqués'),
    );
    expect(explication).not.toMatch(
      /\d{5,}|Produit|numérateur|dix-millièmes|\d{4}-\d{2}-\d{2}|EUR/,
    );
    expect(
      await resultat.getByRole('link', { name: 'Article D6222-31' }).getAttribute('href'),
    ).toBe('/textes/D6222-31?date=2024-09-01');
    expect(
      await resultat.getByRole('link', { name: /Décret n° 2024-951/ }).getAttribute('href'),
    ).toMatch(/^https:\/\/www\.legifrance\.gouv\.fr\//);
    expect(await resultat.getAttribute('aria-live')).toBe('polite');
    await sansDefilementHorizontal(s.page);
  });

  it('refuse un apprenti trop jeune et le dit sur le champ de la date de naissance', async () => {
    await s.page.goto(`${s.url}/simuler/salaire-apprenti`);
    await s.page.getByLabel('Date de naissance *').fill('2011-10-01');
    await s.page.getByLabel("Date de début d'exécution *").fill('2025-09-01');
    await s.page.getByLabel('Date de fin prévue *').fill('2027-08-31');
    await s.page.getByRole('button', { name: 'Calculer le salaire minimum' }).click();
    await s.page.getByRole('alert').waitFor();
    expect(await s.page.getByRole('alert').textContent()).toContain('L6222-1');
    expect(await s.page.getByLabel('Date de naissance *').getAttribute('aria-invalid')).toBe(
      'true',
    );
  });
});

describe('simulateur « Contributions à la formation »', () => {
  it('calcule les contributions du mois, avec explication et textes', async () => {
    await s.page.goto(`${s.url}/simuler/contributions`);
    await s.page.getByLabel('Mois de paie (une date du mois) *').fill('2025-03-15');
    await s.page.getByLabel('Rémunérations brutes du mois, en euros *').fill('3000');
    await s.page.getByLabel("Effectif de l'entreprise *").fill('300');
    await s.page.getByLabel('Établissement en Alsace-Moselle').check();
    await s.page.getByRole('button', { name: 'Calculer les contributions' }).click();
    const resultat = s.page.locator('section.resultat');
    await resultat.getByRole('heading', { name: 'Contributions du mois' }).waitFor();
    const texte = espaces(await resultat.textContent());
    // CFP 1 % = 30 € ; TA Alsace-Moselle 0,44 % = 13,20 € ; CSA 0,4 % × 0,52 = 6,24 € ; total 49,44 €.
    expect(texte).toContain('30,00 €');
    expect(texte).toContain('13,20 €');
    expect(texte).toContain('6,24 €');
    expect(texte).toContain('49,44 €');
    expect(texte).toContain('Explication du calcul');
    expect(await resultat.getByRole('link', { name: 'Article L6242-1' }).count()).toBe(1);
    await sansDefilementHorizontal(s.page);
  });

  it('signale un effectif invalide sur son champ', async () => {
    await s.page.goto(`${s.url}/simuler/contributions`);
    await s.page.getByLabel('Mois de paie (une date du mois) *').fill('2025-03-15');
    await s.page.getByLabel('Rémunérations brutes du mois, en euros *').fill('3000');
    await s.page.getByLabel("Effectif de l'entreprise *").fill('-4');
    await s.page.getByRole('button', { name: 'Calculer les contributions' }).click();
    await s.page.getByRole('alert').waitFor();
    expect(await s.page.getByRole('alert').textContent()).toContain('body.effectif');
    expect(await s.page.getByLabel("Effectif de l'entreprise *").getAttribute('aria-invalid')).toBe(
      'true',
    );
  });
});
