import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
