import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { lancerNavigateur } from './navigateur.ts';
import { plateformeDeTest } from './plateforme.ts';

/**
 * The platform on a fresh test base (law of the test engine, no reference data) listening on a
 * free loopback port, and a Chromium page on it (`viewport`: e.g. 390 px wide for a phone).
 */
export async function plateformeEtNavigateur(viewport?: {
  width: number;
  height: number;
}): Promise<{ url: string; page: Page; fermer(): Promise<void> }> {
  const plateforme = await plateformeDeTest();
  const url = await plateforme.app.listen({ port: 0, host: '127.0.0.1' });
  const navigateur = await lancerNavigateur();
  const page = await navigateur.newPage(viewport ? { viewport } : {});
  return {
    url,
    page,
    async fermer() {
      await navigateur.close();
      await plateforme.fermer();
    },
  };
}

/** A phone's window: the pages must be usable 390 px wide. */
export const TELEPHONE = { width: 390, height: 844 };

/**
 * `plateformeEtNavigateur` for the tests of the calling file: opened before them, closed after
 * them (registers `beforeAll`/`afterAll`); `page` and `url` are there once the tests run.
 */
export function plateformeEtNavigateurPourLesTests(viewport?: { width: number; height: number }): {
  readonly page: Page;
  readonly url: string;
} {
  let ouverte: Awaited<ReturnType<typeof plateformeEtNavigateur>> | null = null;
  beforeAll(async () => {
    ouverte = await plateformeEtNavigateur(viewport);
  }, 120_000);
  afterAll(async () => {
    await ouverte?.fermer();
  });
  const lue = () => {
    if (!ouverte) throw new Error('plateforme de test pas encore ouverte (beforeAll)');
    return ouverte;
  };
  return {
    get page() {
      return lue().page;
    },
    get url() {
      return lue().url;
    },
  };
}

/** A text with its narrow and non-breaking spaces (French number formats) as plain spaces. */
export const espaces = (t: string | null) => (t ?? '').replace(/[\u202f\u00a0]/g, ' ');

/** The page fits its window: no horizontal scrolling (usable at 390 px). */
export async function sansDefilementHorizontal(page: Page): Promise<void> {
  const l = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    fenetre: window.innerWidth,
  }));
  expect(l.page).toBeLessThanOrEqual(l.fenetre);
}

/** Opens the simulator `nom` from the « Simulateurs » menu of /simuler and waits for its title. */
export async function ouvrirSimulateur(page: Page, url: string, nom: string): Promise<void> {
  await page.goto(`${url}/simuler`);
  await page
    .getByRole('navigation', { name: 'Simulateurs' })
    .getByRole('link', { name: nom })
    .click();
  await page.getByRole('heading', { level: 2, name: nom }).waitFor();
}
