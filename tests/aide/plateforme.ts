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
