import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { plateformeDeTest } from '../comptes/aide.ts';

/**
 * In Chromium at 390 px: an OPCO administrator publishes its CPF co-funding barème (the model:
 * 50 % capped at 1 000 € from 2026-01-01), sees the version, then a bad rate refused with the
 * field named; the simulation reads the barème (cost 3 000 €, rights 1 000 € → 1 000 €).
 */
describe("page d'administration des barèmes d'abondement du CPF (Chromium, 390 px)", () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let navigateur: Browser;
  let url: string;
  let opco = '';
  let admin: Awaited<ReturnType<typeof p.personne>>;

  beforeAll(async () => {
    p = await plateformeDeTest();
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    opco = await p.organisation('opco', { codeOpco: '03' }, 'Atlas');
    admin = await p.personne('a@test.fr', { organisationId: opco, role: 'opco_administrateur' });
    navigateur = await lancerNavigateur();
  }, 180_000);
  afterAll(async () => {
    await navigateur?.close();
    await p?.fermer();
  });

  it('publier le modèle, voir la version ; un taux de 1,5 refusé en nommant le champ', async () => {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await seConnecter(page, url, 'a@test.fr', admin.motDePasse);
    await page.getByRole('link', { name: 'Mon compte' }).waitFor();
    await page.goto(`${url}/compte/organisations/${opco}/baremes-abondement`);
    await page.getByRole('heading', { level: 1, name: "Barèmes d'abondement du CPF" }).waitFor();
    await page.getByLabel('Identifiant du barème *').fill('mon_abondement');
    await page.getByRole('button', { name: 'Publier une nouvelle version' }).click();
    await page.getByRole('status').getByText('Version 1 publiée.').waitFor();
    await page.getByRole('heading', { name: 'Versions publiées' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const champs = page.getByLabel('Champs du barème (JSON) *');
    await champs.fill((await champs.inputValue()).replace('"valeur": 0.5', '"valeur": 1.5'));
    await page.getByRole('button', { name: 'Publier une nouvelle version' }).click();
    await page
      .getByRole('alert')
      .getByText(/body\.champs\.taux/)
      .waitFor();
    const s = await p.app.inject({
      method: 'POST',
      url: '/api/v1/baremes/abondement-cpf/mon_abondement/simulation',
      payload: { dateDemande: '2026-03-01', coutFormation: 3000, droitsCpf: 1000, effectif: 20 },
    });
    expect(s.json().bareme).toMatchObject({ taux: 0.5, plafond: 1000 });
    expect(s.json().simulation.montant).toBe(1000);
    await contexte.close();
  }, 180_000);
});
