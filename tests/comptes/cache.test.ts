import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lireConfigComptes } from '../../src/api/acces/config.ts';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { moteurDeTest } from '../aide/base.ts';
import { completerCles, plateformeDeTest } from './aide.ts';

/**
 * The per-process cache of sessions and keys (docs/comptes.md): a long lifetime (60 s) here, so
 * every refusal below comes from the invalidation, not from the cache expiring.
 */
describe(`cache des sessions et des clés (${moteurDeTest})`, () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let org: string;

  beforeAll(async () => {
    p = await plateformeDeTest({ OPCO_CACHE_ACCES_SECONDES: '60' });
    org = await p.organisation('entreprise', { siret: completerCles('55544433', '0001') }, 'Cache');
  });
  afterAll(async () => p?.fermer());

  const moi = (headers: Record<string, string>) =>
    p.app.inject({ method: 'GET', url: '/api/v1/moi', headers });

  it('une session en cache est fermée à la déconnexion, à l’instant', async () => {
    const a = await p.personne('cache-sortie@exemple.fr', {
      organisationId: org,
      role: 'entreprise_membre',
    });
    expect((await moi({ cookie: a.cookie })).statusCode).toBe(200);
    const r = await p.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(r.statusCode).toBe(204);
    expect((await moi({ cookie: a.cookie })).statusCode).toBe(401);
  });

  it('un membre retiré perd l’accès à l’organisation à l’instant, sa session restant ouverte', async () => {
    const admin = await p.personne('cache-admin@exemple.fr', {
      organisationId: org,
      role: 'entreprise_administrateur',
    });
    const m = await p.personne('cache-membre@exemple.fr', {
      organisationId: org,
      role: 'entreprise_membre',
    });
    const lire = () =>
      p.app.inject({
        method: 'GET',
        url: `/api/v1/organisations/${org}`,
        headers: { cookie: m.cookie },
      });
    expect((await lire()).statusCode).toBe(200);
    const r = await p.app.inject({
      method: 'DELETE',
      url: `/api/v1/organisations/${org}/membres/${m.compteId}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(r.statusCode).toBe(204);
    expect((await lire()).statusCode).toBe(403);
    expect((await moi({ cookie: m.cookie })).json().organisations).toEqual([]);
  });

  it('une clé en cache révoquée est refusée à l’instant', async () => {
    const admin = await p.personne('cache-cles@exemple.fr', {
      organisationId: org,
      role: 'entreprise_administrateur',
    });
    const c = await p.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${org}/cles`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { libelle: 'Paie', role: 'entreprise_membre' },
    });
    const { cle, info } = c.json();
    expect((await moi({ 'x-api-key': cle })).statusCode).toBe(200);
    await p.app.inject({
      method: 'DELETE',
      url: `/api/v1/organisations/${org}/cles/${info.id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect((await moi({ 'x-api-key': cle })).statusCode).toBe(401);
  });

  it('l’inactivité se compte malgré le cache ; l’activité est écrite au plus une fois par minute', async () => {
    const a = await p.personne('cache-activite@exemple.fr', {
      organisationId: org,
      role: 'entreprise_membre',
    });
    const activite = async () => {
      const l = await p.ctx.base.db
        .withTables<{ session: { compte_id: string; derniere_activite: Date } }>()
        .selectFrom('session')
        .select('derniere_activite')
        .where('compte_id', '=', a.compteId)
        .executeTakeFirstOrThrow();
      return new Date(l.derniere_activite).getTime();
    };
    expect((await moi({ cookie: a.cookie })).statusCode).toBe(200);
    const t0 = await activite();
    // 40 s later: less than a minute since the last write, nothing written.
    p.avancerHorloge(40_000);
    expect((await moi({ cookie: a.cookie })).statusCode).toBe(200);
    expect(await activite()).toBe(t0);
    // 80 s after t0: written once (≈ t0 + 80 s), then not again 30 s later.
    p.avancerHorloge(40_000);
    expect((await moi({ cookie: a.cookie })).statusCode).toBe(200);
    const t1 = await activite();
    expect(t1 - t0).toBeGreaterThanOrEqual(80_000);
    p.avancerHorloge(30_000);
    expect((await moi({ cookie: a.cookie })).statusCode).toBe(200);
    expect(await activite()).toBe(t1);
    // 31 minutes idle: refused although the cached row is fresh (the cache keeps 60 s).
    p.avancerHorloge(31 * 60_000);
    expect((await moi({ cookie: a.cookie })).statusCode).toBe(401);
  });
});

/** Two server processes on one PostgreSQL: a logout on one ends the session cached by the other. */
describe.skipIf(moteurDeTest !== 'postgres')('cache : deux processus sur PostgreSQL', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let autre: AppZod;

  beforeAll(async () => {
    p = await plateformeDeTest({ OPCO_CACHE_ACCES_SECONDES: '60' });
    autre = await construireApp(
      { base: p.ctx.base, config: p.ctx.config, donnees: { dossier: null, manquants: [] } },
      { comptes: { config: lireConfigComptes({ OPCO_CACHE_ACCES_SECONDES: '60' }) } },
    );
  });
  afterAll(async () => {
    await autre?.close();
    await p?.fermer();
  });

  it('LISTEN/NOTIFY : la déconnexion dans un processus vide le cache de l’autre', async () => {
    const org = await p.organisation('entreprise', { siret: completerCles('66655544', '0001') });
    const a = await p.personne('deux@exemple.fr', {
      organisationId: org,
      role: 'entreprise_membre',
    });
    const chezAutre = () =>
      autre.inject({ method: 'GET', url: '/api/v1/moi', headers: { cookie: a.cookie } });
    expect((await chezAutre()).statusCode).toBe(200);
    // Wait for the notification itself (no timer): the other process's cache is emptied.
    const vide = new Promise<void>((resolve) => {
      const invalider = autre.comptes.invalider.bind(autre.comptes);
      autre.comptes.invalider = () => {
        invalider();
        resolve();
      };
    });
    const r = await p.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(r.statusCode).toBe(204);
    await vide;
    expect((await chezAutre()).statusCode).toBe(401);
  });
});
