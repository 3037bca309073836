import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import { optionsJournal } from '../../src/api/journal.ts';
import type { AppZod, ModuleRoutes } from '../../src/api/types.ts';
import { contexteDeTest, moteurDeTest } from '../aide/base.ts';

/** A route that writes a warning with its request's logger, one that fails. */
const routesDeTest: ModuleRoutes = (app) => {
  app.get('/test/avertir', { config: { acces: 'public' } }, async (req) => {
    req.log.warn({ detail: 'x' }, 'avertissement de test');
    req.log.info('ligne info de test');
    return { ok: true };
  });
  app.get('/test/panne', { config: { acces: 'public' } }, async () => {
    throw new Error('panne de test');
  });
};

interface Ligne {
  level: number;
  msg?: string;
  reqId?: string;
}

async function application(
  ctx: Awaited<ReturnType<typeof contexteDeTest>>,
  niveau: string,
): Promise<{ app: AppZod; lignes: Ligne[] }> {
  const lignes: Ligne[] = [];
  const flux = new Writable({
    write(morceau: Buffer, _enc, fini) {
      for (const l of morceau.toString('utf8').split('\n'))
        if (l.trim()) lignes.push(JSON.parse(l) as Ligne);
      fini();
    },
  });
  const app = await construireApp(
    {
      base: ctx.base,
      config: ctx.config,
      donnees: { dossier: ctx.chargement.dossier, manquants: [] },
    },
    { logger: optionsJournal(niveau, flux), modulesSupplementaires: [routesDeTest] },
  );
  return { app, lignes };
}

describe(`journal par requête (${moteurDeTest})`, () => {
  let ctx: Awaited<ReturnType<typeof contexteDeTest>>;
  beforeAll(async () => {
    ctx = await contexteDeTest();
  });
  afterAll(async () => {
    await ctx.fermer();
  });

  it('au niveau warn : rien pour une requête muette, l’identifiant de requête sur les lignes écrites', async () => {
    const { app, lignes } = await application(ctx, 'warn');
    try {
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
      expect(lignes).toEqual([]);
      const r = await app.inject({ url: '/test/avertir' });
      expect(r.statusCode).toBe(200);
      expect(lignes).toHaveLength(1);
      expect(lignes[0]).toMatchObject({ level: 40, msg: 'avertissement de test', detail: 'x' });
      expect(lignes[0]?.reqId).toMatch(/^[0-9a-f-]{36}$/);
      const panne = await app.inject({ url: '/test/panne' });
      expect(panne.statusCode).toBe(500);
      const erreur = lignes.find((l) => l.level >= 50);
      expect(erreur?.reqId).toBe(panne.json().detail.match(/[0-9a-f-]{36}/)?.[0]);
      expect(erreur?.reqId).not.toBe(lignes[0]?.reqId);
    } finally {
      await app.close();
    }
  });

  it('au niveau info : les lignes de Fastify par requête, avec le même identifiant', async () => {
    const { app, lignes } = await application(ctx, 'info');
    try {
      await app.inject({ url: '/test/avertir' });
      const ids = new Set(lignes.map((l) => l.reqId).filter(Boolean));
      expect(ids.size).toBe(1);
      expect(lignes.map((l) => l.msg)).toEqual(
        expect.arrayContaining([
          'incoming request',
          'avertissement de test',
          'ligne info de test',
          'request completed',
        ]),
      );
    } finally {
      await app.close();
    }
  });
});
