import type { AddressInfo } from 'node:net';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { completerCles, plateformeDeTest } from './aide.ts';

/**
 * The whole flow in Chromium: an administrator invites a person, who opens the mailed link
 * (first sign-in), chooses a password, sees their space, and signs out. At 390 px.
 */
describe('parcours web des comptes (Chromium sans tête, 390 px)', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let navigateur: Browser;
  let url: string;
  let admin: Awaited<ReturnType<typeof p.personne>>;
  beforeAll(async () => {
    p = await plateformeDeTest();
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    const org = await p.organisation(
      'entreprise',
      { siret: completerCles('44306184', '0004') },
      'Menuiserie Durand',
    );
    admin = await p.personne('admin@menuiserie.fr', {
      organisationId: org,
      role: 'entreprise_administrateur',
    });
    navigateur = await lancerNavigateur();
  }, 180_000);
  afterAll(async () => {
    await navigateur?.close();
    await p?.fermer();
  });

  it('invitation → première connexion → mot de passe → mon espace → déconnexion', async () => {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    const erreursCsp: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
        erreursCsp.push(m.text());
    });
    // The administrator signs in and invites.
    await seConnecter(page, url, 'admin@menuiserie.fr', admin.motDePasse);
    await page.getByRole('heading', { level: 1, name: 'Espace entreprise' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Trouver mon OPCO',
      'Simuler un financement',
      'Textes et règles',
      'Espace entreprise',
      'Mon compte',
    ]);
    await page.getByRole('heading', { level: 2, name: 'Menuiserie Durand' }).waitFor();
    await nav.getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('link', { name: 'Gérer les utilisateurs' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Utilisateurs de Menuiserie Durand' })
      .waitFor();
    await page.getByLabel('Courriel').fill('nouvelle@menuiserie.fr');
    await page.getByLabel('Rôle').selectOption('entreprise_membre');
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await page.getByRole('status').filter({ hasText: 'Invitation envoyée' }).waitFor();
    await page.getByRole('cell', { name: 'nouvelle@menuiserie.fr', exact: true }).waitFor();
    await nav.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();

    // The invited person opens the link from the mail.
    const mail = p.boite.find((m) => m.a === 'nouvelle@menuiserie.fr');
    expect(mail?.sujet).toContain('Menuiserie Durand');
    const lien = /(http\S+#jeton=\S+)/.exec(mail!.texte)![1]!;
    await page.goto(lien.replace(/^https?:\/\/[^/]+/, url));
    await page.getByRole('heading', { level: 1, name: 'Choisir mon mot de passe' }).waitFor();
    expect(page.url()).not.toContain('jeton');
    await page.getByLabel('Nouveau mot de passe (12 caractères au moins)').fill('court');
    await page.getByLabel('Confirmer le nouveau mot de passe').fill('court');
    await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
    await page.getByRole('alert').filter({ hasText: '12 caractères' }).waitFor();
    await page
      .getByLabel('Nouveau mot de passe (12 caractères au moins)')
      .fill('ma phrase de passe solide');
    await page.getByLabel('Confirmer le nouveau mot de passe').fill('ma phrase de passe solide');
    await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
    // Her space: her organisation and role, the way to its dossiers.
    await page.getByRole('heading', { level: 1, name: 'Espace entreprise' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Menuiserie Durand' }).waitFor();
    expect(await page.getByText("Membre de l'entreprise").count()).toBe(1);
    expect(
      await page.getByRole('link', { name: 'Les dossiers de cette organisation' }).count(),
    ).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    // Sign out: /moi says 401 again and the nav offers to sign in.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
    const statut = await page.evaluate(async () => (await fetch('/api/v1/moi')).status);
    expect(statut).toBe(401);
    expect(erreursCsp).toEqual([]);
    await contexte.close();
  });

  it('entreprise attestée : créer l’accès par SIRET, lecture seule, confirmer par le lien reçu', async () => {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await page.goto(`${url}/connexion`);
    await page.getByRole('link', { name: 'Créer l’accès de mon entreprise' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Créer l’accès de mon entreprise' })
      .waitFor();
    await page.getByLabel('SIRET').fill(completerCles('55210055', '0001'));
    await page.getByLabel('Nom de l’entreprise').fill('Garage Petit');
    await page.getByLabel('Courriel').fill('gerant@garage.fr');
    await page.getByLabel('Mot de passe (12 caractères au moins)').fill('la phrase du garage');
    await page.getByLabel('Confirmer le mot de passe').fill('la phrase du garage');
    await page.getByRole('button', { name: 'Créer l’accès' }).click();
    // Not ticked: refused, naming the field.
    await page.getByRole('alert').filter({ hasText: 'Déclaration sur l’honneur' }).waitFor();
    await page.getByLabel('Déclaration sur l’honneur').check();
    await page.getByRole('button', { name: 'Créer l’accès' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Accès créé : confirmez votre adresse' })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const mail = p.boite.find((m) => m.a === 'gerant@garage.fr');
    const lien = /(http\S+#jeton=\S+)/.exec(mail!.texte)![1]!;
    await page.goto(lien.replace(/^https?:\/\/[^/]+/, url));
    await page.getByRole('status').filter({ hasText: 'Adresse confirmée' }).waitFor();
    expect(page.url()).not.toContain('jeton');
    await contexte.close();
  });

  it('la documentation /docs (Swagger UI) se charge sous la CSP', async () => {
    const page = await navigateur.newPage();
    const violations: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
        violations.push(m.text());
    });
    await page.goto(`${url}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain(
      'Plateforme OPCO',
    );
    expect(violations).toEqual([]);
    await page.close();
  });
});
