import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';
import { preparerReferentiels } from './referentiels.ts';

/**
 * In Chromium at 390 px: a company member chooses plan < 50, fills the form, files the request
 * and sees the amount and its lines (2 310 €, tests/demandes/domaine.test.ts); files a request
 * for a company of 60 and sees the refusal with its article; finds both in its dossiers list.
 */
describe('parcours web des demandes de prise en charge (Chromium sans tête, 390 px)', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let navigateur: Browser;
  let url: string;
  const siret = completerCles('12345678', '0001');
  let membre: Awaited<ReturnType<typeof p.personne>>;

  beforeAll(async () => {
    p = await plateformeDeTest();
    await preparerReferentiels(p.ctx.base);
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    const e = await p.organisation('entreprise', { siret }, 'Bureau Martin');
    await p.organisation('opco', { codeOpco: '03' }, 'Atlas');
    membre = await p.personne('m@test.fr', { organisationId: e, role: 'entreprise_membre' });
    navigateur = await lancerNavigateur();
  }, 180_000);
  afterAll(async () => {
    await navigateur?.close();
    await p?.fermer();
  });

  it('choisir le dispositif, remplir, envoyer : montant ou motifs cités, puis la demande dans mes dossiers', async () => {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await seConnecter(page, url, 'm@test.fr', membre.motDePasse);
    await page.getByRole('link', { name: 'Mon compte' }).waitFor();
    await page.goto(`${url}/demandes/nouvelle`);
    await page.getByRole('heading', { level: 1, name: 'Demander une prise en charge' }).waitFor();
    await page.getByLabel('Plan de développement des compétences (moins de 50 salariés)').check();
    const remplir = async (champs: Record<string, string>) => {
      for (const [libelle, v] of Object.entries(champs))
        await page.getByLabel(libelle, { exact: true }).fill(v);
    };
    await remplir({
      'OPCO destinataire du dossier': '03',
      "N° SIRET de l'établissement": siret,
      Dénomination: 'Bureau Martin',
      'Code IDCC de la convention collective': '1486',
      'Effectif (salariés)': '8',
      "Barème de l'OPCO ou de la branche": 'atlas_217',
      Intitulé: 'Excel avancé',
      "SIRET de l'organisme": completerCles('98765432', '0001'),
      "Dénomination de l'organisme": 'Formations Dupont',
      "Date de début d'exécution": '2027-01-11',
      'Date de fin prévue': '2027-01-13',
      'Durée par stagiaire (heures)': '21',
      'Nombre de stagiaires': '2',
      'Coût pédagogique total (€ HT)': '3000',
    });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText(/Montant pris en charge : 2\s310,00\s€/).waitFor();
    expect(
      await page.getByRole('heading', { name: /Plan de développement.*: engagé/ }).count(),
    ).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    // Same company declared with 60 employees: refused, the reason cites its article.
    await remplir({ 'Effectif (salariés)': '60' });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    const motifs = page.getByRole('list', { name: 'Motifs du refus' });
    await motifs.getByText(/50 salariés ou plus/).waitFor();
    expect(await motifs.getByRole('link', { name: 'L6332-17' }).count()).toBe(1);
    await page.goto(`${url}/dossiers`);
    const table = page.getByRole('table', { name: 'Demandes de prise en charge' });
    await table.getByRole('link', { name: 'Excel avancé' }).first().waitFor();
    expect(await table.getByRole('row').count()).toBe(3);
    await table.getByText('Engagé', { exact: true }).first().waitFor();
    await table.getByText('Refusé', { exact: true }).first().waitFor();
    // A draft: saved, resumed after a reload (the fields come back), then transmitted.
    await page.goto(`${url}/demandes/nouvelle`);
    await page.getByRole('heading', { level: 1, name: 'Demander une prise en charge' }).waitFor();
    await page.getByLabel('Plan de développement des compétences (moins de 50 salariés)').check();
    await remplir({
      'OPCO destinataire du dossier': '03',
      "N° SIRET de l'établissement": siret,
      Dénomination: 'Bureau Martin',
      'Code IDCC de la convention collective': '1486',
      'Effectif (salariés)': '8',
      "Barème de l'OPCO ou de la branche": 'atlas_217',
      Intitulé: 'Word débutant',
      "SIRET de l'organisme": completerCles('98765432', '0001'),
      "Dénomination de l'organisme": 'Formations Dupont',
      "Date de début d'exécution": '2027-01-11',
      'Date de fin prévue': '2027-01-13',
      'Durée par stagiaire (heures)': '7',
      'Nombre de stagiaires': '2',
      'Coût pédagogique total (€ HT)': '3000',
    });
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText(/Brouillon enregistré/).waitFor();
    expect(page.url()).toContain('/demandes/nouvelle?brouillon=');
    await page.reload();
    await page.getByRole('button', { name: 'Transmettre la demande' }).waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('input')].some((i) => i.value === 'Word débutant'),
    );
    await page.getByRole('button', { name: 'Transmettre la demande' }).click();
    await page.getByText(/Montant pris en charge : 770,00\s€/).waitFor();
    await contexte.close();
  }, 180_000);
});
