import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lancerNavigateur } from '../aide/navigateur.ts';
import { serveurDeTest } from '../aide/serveur.ts';

describe('interface web (Chromium sans tête)', () => {
  let navigateur: Browser;
  let serveur: Awaited<ReturnType<typeof serveurDeTest>>;
  beforeAll(async () => {
    serveur = await serveurDeTest();
    navigateur = await lancerNavigateur();
  });
  afterAll(async () => {
    await navigateur?.close();
    await serveur?.fermer();
  });

  it('affiche l’accueil en français avec la navigation des espaces et les 11 OPCO', async () => {
    const page = await navigateur.newPage();
    await page.goto(`${serveur.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Trouver mon OPCO',
      'Simuler un financement',
      'Textes et règles',
      'Espace entreprise',
      'Espace OPCO',
      'Espace CFA',
      'Espace branche',
      'Espace France compétences',
      'Se connecter',
    ]);
    await page.getByRole('table').waitFor();
    const lignes = page.getByRole('table').getByRole('row');
    expect(await lignes.count()).toBe(12); // header + 11 OPCO
    expect(await lignes.nth(3).allInnerTexts()).toEqual([expect.stringContaining('ATLAS')]);
    await page.close();
  });

  it('navigue vers un espace sans recharger, marque le lien courant et y place le focus', async () => {
    const page = await navigateur.newPage();
    await page.goto(`${serveur.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Espace OPCO' }).click();
    await page.getByRole('heading', { level: 1, name: 'Espace OPCO' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/espace-opco');
    expect(await page.getByRole('link', { name: 'Espace OPCO' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
    expect(await page.title()).toBe('Espace OPCO — Plateforme OPCO');
    await page.close();
  });

  it('propose un lien d’évitement vers le contenu', async () => {
    const page = await navigateur.newPage();
    await page.goto(`${serveur.url}/`);
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => document.activeElement?.textContent);
    expect(focus).toBe('Aller au contenu');
    await page.close();
  });
});
