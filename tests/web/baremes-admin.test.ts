import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { plateformeDeTest } from '../comptes/aide.ts';

/** An OPCO administrator publishes a barème from the web page; a bad field is named. 390 px. */
describe("page d'administration des barèmes (Chromium, 390 px)", () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let navigateur: Browser;
  let url: string;
  let admin: Awaited<ReturnType<typeof p.personne>>;
  beforeAll(async () => {
    p = await plateformeDeTest();
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    const org = await p.organisation('opco', { codeOpco: '05' }, 'OPCO web');
    admin = await p.personne('admin@opco-web.fr', {
      organisationId: org,
      role: 'opco_administrateur',
    });
    navigateur = await lancerNavigateur();
  }, 180_000);
  afterAll(async () => {
    await navigateur?.close();
    await p?.fermer();
  });

  it('publie la version 1, puis refuse un champ invalide en le nommant', async () => {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await seConnecter(page, url, 'admin@opco-web.fr', admin.motDePasse);
    await page.waitForURL((u) => !u.pathname.startsWith('/connexion'));
    await page.goto(`${url}/compte`);
    await page.getByRole('link', { name: 'Barèmes du plan < 50' }).click();
    await page.getByLabel('Identifiant du barème *').fill('opco_web_2026');
    await page.getByRole('button', { name: 'Publier une nouvelle version' }).click();
    await page.getByText('Version 1 publiée.').waitFor();
    const champs = page.getByLabel('Champs du barème (JSON) *');
    const texte = await champs.inputValue();
    await champs.fill(texte.replace('"valeur": 30', '"valeur": "trente"'));
    await page.getByRole('button', { name: 'Publier une nouvelle version' }).click();
    const alerte = page.getByRole('alert');
    await alerte.waitFor();
    expect(await alerte.textContent()).toContain('plafond_horaire_pedagogique');
    const l = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      fenetre: window.innerWidth,
    }));
    expect(l.page).toBeLessThanOrEqual(l.fenetre);
    await contexte.close();
  }, 90_000);
});
