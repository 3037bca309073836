import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium): the project never downloads a browser. */
export const cheminChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function lancerNavigateur(): Promise<Browser> {
  if (!existsSync(cheminChromium))
    throw new Error(
      `Chromium introuvable (${cheminChromium}) : installez-le avec « apt-get install -y chromium » (.ci/run le fait).`,
    );
  return chromium.launch({
    executablePath: cheminChromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Fills and sends the sign-in form of `url`/connexion (the caller waits for what follows). */
export async function seConnecter(
  page: Page,
  url: string,
  courriel: string,
  motDePasse: string,
): Promise<void> {
  await page.goto(`${url}/connexion`);
  await page.getByLabel('Courriel').fill(courriel);
  await page.getByLabel('Mot de passe', { exact: true }).fill(motDePasse);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}
