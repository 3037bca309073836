import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import type { Moteur } from '../../src/moteur/index.ts';
import type { Base } from '../../src/stockage/db.ts';
import { baseDeTest, configDeTest } from './base.ts';
import { moteurDeTest } from './moteur.ts';

/**
 * The platform on a fresh test base, with the law of the test engine and no reference data,
 * called through `app.inject` (not listening); `fermer` closes the app then the base.
 */
export async function plateformeDeTest(
  moteur: Moteur = moteurDeTest(),
): Promise<{ app: AppZod; base: Base; fermer(): Promise<void> }> {
  const base = await baseDeTest();
  const app = await construireApp({
    base,
    config: configDeTest(),
    donnees: { dossier: null, manquants: [] },
    moteur,
  });
  return {
    app,
    base,
    async fermer() {
      await app.close();
      await base.fermer();
    },
  };
}

/**
 * The platform of `plateformeDeTest` for the tests of the calling file: opened before them and
 * closed after them (registers `beforeAll`/`afterAll`). `app` is there once the tests run;
 * `poster` sends a JSON body with POST.
 */
export function plateformePourLesTests(moteur?: Moteur): {
  readonly app: AppZod;
  poster(url: string, corps: unknown): Promise<LightMyRequestResponse>;
} {
  let ouverte: Awaited<ReturnType<typeof plateformeDeTest>> | null = null;
  beforeAll(async () => {
    ouverte = await plateformeDeTest(moteur);
  });
  afterAll(async () => {
    await ouverte?.fermer();
  });
  const plateforme = {
    get app(): AppZod {
      if (!ouverte) throw new Error('plateforme de test pas encore ouverte (beforeAll)');
      return ouverte.app;
    },
    poster: (url: string, corps: unknown) =>
      plateforme.app.inject({ method: 'POST', url, payload: corps as object }),
  };
  return plateforme;
}
