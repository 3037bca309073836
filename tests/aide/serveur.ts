import type { AddressInfo } from 'node:net';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { contexteDeTest } from './base.ts';

/** The whole platform listening on a free loopback port, for browser tests. */
export async function serveurDeTest(): Promise<{
  url: string;
  app: AppZod;
  fermer(): Promise<void>;
}> {
  const ctx = await contexteDeTest();
  const app = await construireApp({
    base: ctx.base,
    config: ctx.config,
    moteur: ctx.moteur,
    donnees: { dossier: ctx.chargement.dossier, manquants: ctx.chargement.manquants },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    async fermer() {
      await app.close();
      await ctx.fermer();
    },
  };
}
