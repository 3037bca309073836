import { describe, expect, it } from 'vitest';
import {
  ouvrirSimulateur,
  plateformeEtNavigateurPourLesTests,
  espaces,
  sansDefilementHorizontal,
  TELEPHONE,
} from '../aide/plateforme-navigateur.ts';

const s = plateformeEtNavigateurPourLesTests(TELEPHONE);

describe('simulateurs des autres dispositifs', () => {
  it('aide tutorale : 345 € × 6 mois pour un tuteur de 46 ans, explication et textes', async () => {
    await ouvrirSimulateur(s.page, s.url, 'Aide à la fonction tutorale');
    await s.page.getByLabel('Date de début *').fill('2025-01-10');
    await s.page.getByLabel('Âge du tuteur').fill('46');
    await s.page.getByLabel('Mois de tutorat (contrat de professionnalisation)').fill('8');
    await s.page.getByRole('button', { name: "Calculer l'aide" }).click();
    await s.page.getByRole('heading', { level: 2, name: 'Prise en charge' }).waitFor();
    const texte = espaces(await s.page.locator('section.resultat').textContent());
    expect(texte).toContain('2 070,00 €');
    expect(texte).toContain('D6332-93');
    await sansDefilementHorizontal(s.page);
  }, 60_000);

  it('Pro-A en 2026 : refus motivé, avec son article', async () => {
    await s.page.goto(`${s.url}/simuler/pro-a`);
    await s.page.getByLabel("Date de conclusion de l'avenant *").fill('2026-02-01');
    await s.page.getByLabel('Salarié en CDI').check();
    await s.page.getByLabel("Certification sur la liste de l'accord de branche").check();
    await s.page.getByLabel('Durée, en mois *').fill('12');
    await s.page.getByLabel('Heures de formation *').fill('300');
    await s.page.getByLabel('Durée totale, en heures *').fill('1600');
    await s.page.getByRole('button', { name: 'Calculer la prise en charge' }).click();
    await s.page.getByRole('heading', { level: 2, name: 'Prise en charge refusée' }).waitFor();
    expect(espaces(await s.page.locator('section.resultat').textContent())).toContain(
      'remplacée par la période de reconversion',
    );
  }, 60_000);

  it('comparer les OPCO pour une entreprise de 20 salariés', async () => {
    await s.page.goto(`${s.url}/simuler/comparer-plan-moins-50`);
    await s.page.getByLabel("Date de début de l'action *").fill('2026-03-02');
    await s.page.getByLabel("Effectif de l'entreprise *").fill('20');
    await s.page.getByLabel('Durée par stagiaire, en heures *').fill('14');
    await s.page.getByLabel('Coût pédagogique total, en euros HT *').fill('900');
    await s.page.getByRole('button', { name: 'Comparer les barèmes' }).click();
    await s.page
      .getByRole('heading', { level: 2, name: 'Prise en charge selon chaque barème' })
      .waitFor();
    const ligne = espaces(
      await s.page.getByRole('row', { name: /Opco EP — branche 177, 2026/ }).textContent(),
    );
    expect(ligne).toContain('700,00 €');
    await sansDefilementHorizontal(s.page);
  }, 60_000);
});
