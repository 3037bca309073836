import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { contexteDeTest } from '../aide/base.ts';

type Ctx = Awaited<ReturnType<typeof contexteDeTest>>;
let ctx: Ctx;
let rapide: AppZod;
let valide: AppZod;
let sirets: string[] = [];

beforeAll(async () => {
  ctx = await contexteDeTest();
  const deps = {
    base: ctx.base,
    config: ctx.config,
    moteur: ctx.moteur,
    donnees: { dossier: ctx.chargement.dossier, manquants: ctx.chargement.manquants },
  };
  rapide = await construireApp(deps);
  valide = await construireApp(deps, { serialisationValidee: true });
  const lignes = await ctx.base.db
    .selectFrom('siro_etablissement')
    .select('siret')
    .orderBy('siret')
    .limit(3)
    .execute();
  sirets = lignes.map((l) => l.siret);
}, 600_000);

afterAll(async () => {
  await rapide?.close();
  await valide?.close();
  await ctx?.fermer();
});

const situation = {
  dateConclusion: '2025-09-01',
  dateDebut: '2025-09-01',
  dateFin: '2027-08-31',
  dateRupture: '2025-10-10',
  niveau: 6,
  npecAnnuel: 7300,
  partDistanciel: 0,
};

const envoyer = (app: AppZod, r: string | InjectOptions) =>
  typeof r === 'string' ? app.inject(r) : app.inject(r);

/**
 * The server writes answers with JSON.stringify, trusting the handlers' typed output
 * (src/api/serialisation.ts): every answer must hold exactly what the validating zod serialiser
 * writes (a schema-conforming value, no field added, dropped or reshaped).
 */
describe('sérialisation des réponses sans re-validation', () => {
  it('écrit exactement ce qu’écrit le sérialiseur zod validant, route par route', async () => {
    expect(sirets.length).toBeGreaterThan(0);
    const siret = sirets[0] ?? '';
    const requetes: (string | InjectOptions)[] = [
      '/health',
      '/api/v1/opcos',
      `/api/v1/rattachement?siret=${siret}`,
      `/api/v1/rattachement?siren=${siret.slice(0, 9)}`,
      '/api/v1/rattachement?idcc=1486',
      '/api/v1/rattachement?idcc=1486&date=2026-07-01',
      '/api/v1/rattachement?siret=12345678901234',
      '/api/v1/conventions?q=bureaux',
      '/api/v1/textes/L6332-14?date=2026-01-01',
      '/api/v1/textes/L6332-14?date=1990-01-01',
      '/api/v1/textes/L6332-14/versions',
      '/api/v1/textes/L6332-14/citations',
      '/api/v1/textes/publications',
      '/api/v1/textes?q=apprentissage',
      '/api/v1/textes/L9999-99',
      { method: 'POST', url: '/api/v1/simulations/apprentissage', payload: situation },
      {
        method: 'POST',
        url: '/api/v1/simulations/apprentissage',
        payload: { ...situation, npecAnnuel: undefined, rncp: 'RNCP35185', idcc: '1486' },
      },
      {
        method: 'POST',
        url: '/api/v1/simulations/apprentissage',
        payload: { ...situation, partDistanciel: 3 },
      },
      { method: 'POST', url: '/api/v1/rattachement/lot', payload: { sirets } },
    ];
    for (const r of requetes) {
      const a = await envoyer(rapide, r);
      const b = await envoyer(valide, r);
      const nom = typeof r === 'string' ? r : `${r.method ?? 'GET'} ${r.url ?? ''}`;
      expect(a.statusCode, nom).toBe(b.statusCode);
      expect(a.headers['content-type'], nom).toBe(b.headers['content-type']);
      // Same content; only the order of keys may differ (zod writes them in schema order).
      if (/json/.test(String(a.headers['content-type'])))
        expect(JSON.parse(a.body), nom).toStrictEqual(JSON.parse(b.body));
      else expect(a.body, nom).toBe(b.body);
      expect(a.body.length, nom).toBeGreaterThan(2);
    }
  }, 300_000);
});
