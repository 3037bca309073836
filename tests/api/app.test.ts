import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod, ModuleRoutes } from '../../src/api/types.ts';
import { reponsesErreur } from '../../src/partage/probleme.ts';
import { contexteDeTest, dossierDonnees, moteurDeTest } from '../aide/base.ts';

/** Routes used only to exercise the central error mapping. */
const routesDeTest: ModuleRoutes = (app) => {
  app.post(
    '/test/montants',
    {
      config: { acces: 'public' },
      schema: {
        body: z.object({ montant: z.number().int().min(0), date: z.iso.date() }),
        response: { 200: z.object({ euros: z.string() }), ...reponsesErreur },
      },
    },
    async (req) => ({ euros: (req.body.montant / 100).toFixed(2) }),
  );
  app.get('/test/panne', { config: { acces: 'public' } }, async () => {
    throw new Error('secret interne: mot de passe=hunter2');
  });
};

describe(`API HTTP (${moteurDeTest})`, () => {
  let ctx: Awaited<ReturnType<typeof contexteDeTest>>;
  let app: AppZod;
  beforeAll(async () => {
    ctx = await contexteDeTest();
    app = await construireApp(
      {
        base: ctx.base,
        config: ctx.config,
        donnees: { dossier: ctx.chargement.dossier, manquants: [] },
      },
      { modulesSupplementaires: [routesDeTest] },
    );
  });
  afterAll(async () => {
    await app.close();
    await ctx.fermer();
  });

  it('GET /health vérifie la base et dit quel moteur sert', async () => {
    const r = await app.inject({ method: 'GET', url: '/health' });
    expect(r.statusCode).toBe(200);
    const corps = r.json();
    expect(corps.statut).toBe('ok');
    expect(corps.base.moteur).toBe(moteurDeTest);
    expect(corps.base.migrationsEnAttente).toEqual([]);
  });

  it('GET /api/v1/opcos renvoie les 11 OPCO chargés au démarrage, avec leur source', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/opcos' });
    expect(r.statusCode).toBe(200);
    const corps = r.json();
    expect(corps.opcos).toHaveLength(11);
    // France compétences' codes as donnees/opcos.csv gives them: the test follows the data.
    const [entete, premiere] = readFileSync(path.join(dossierDonnees, 'opcos.csv'), 'utf8').split(
      '\n',
    );
    expect(entete).toMatch(/^fc_code,fc_label,siren,slug,lba_label/);
    const [code, nom, siren, slug, libelleUsuel] = (premiere ?? '').split(',');
    expect(corps.opcos[0]).toEqual({
      code,
      nom,
      siren,
      slug,
      libelleUsuel,
      codeInfere: false,
      noteCode: null,
    });
    expect(corps.opcos.map((o: { code: string }) => o.code)).toEqual(
      [...corps.opcos.map((o: { code: string }) => o.code)].sort(),
    );
    expect(corps.opcos.filter((o: { codeInfere: boolean }) => o.codeInfere)).toMatchObject([
      { nom: 'UNIFORMATION COHESION SOCIALE', noteCode: expect.stringContaining('déduit') },
    ]);
    expect(corps.source.fichier).toBe('opcos.csv');
    expect(corps.source.sommeControle).toMatch(/^sha256:/);
  });

  it('une route inconnue donne 404 en problem+json avec un code stable', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/nexiste-pas?x=1' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toEqual({
      type: 'urn:plateforme-opco:erreur:ERR_ROUTE_INCONNUE',
      title: 'Ressource introuvable',
      status: 404,
      code: 'ERR_ROUTE_INCONNUE',
      detail: 'Aucune route ne correspond à GET /api/v1/nexiste-pas.',
      instance: '/api/v1/nexiste-pas',
    });
  });

  it('un JSON malformé donne 400 ERR_JSON_MALFORME', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/test/montants',
      headers: { 'content-type': 'application/json' },
      payload: '{"montant": 12,',
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json().code).toBe('ERR_JSON_MALFORME');
  });

  it('un champ invalide donne 400 ERR_VALIDATION nommant chaque champ', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/test/montants',
      payload: { montant: -5, date: '2025-13-01' },
    });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.code).toBe('ERR_VALIDATION');
    expect(p.erreurs.map((e: { champ: string }) => e.champ).sort()).toEqual([
      'body.date',
      'body.montant',
    ]);
    expect(p.detail).toContain('body.montant');
  });

  it('une requête valide passe', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/test/montants',
      payload: { montant: 123456, date: '2025-07-01' },
    });
    expect(r.json()).toEqual({ euros: '1234.56' });
  });

  it('une panne donne 500 générique, sans trace ni message interne', async () => {
    const r = await app.inject({ method: 'GET', url: '/test/panne' });
    expect(r.statusCode).toBe(500);
    const p = r.json();
    expect(p.code).toBe('ERR_INTERNE');
    expect(r.body).not.toContain('hunter2');
    expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    expect(p.detail).toMatch(
      /identifiant [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.$/,
    );
  });

  it('publie un document OpenAPI 3.1 généré des schémas de routes', async () => {
    const r = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/opcos']));
    const opcos = doc.paths['/api/v1/opcos'].get;
    expect(opcos.responses['200'].content['application/json'].schema.properties.opcos.type).toBe(
      'array',
    );
    expect(doc.components.schemas.Probleme.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code', 'detail']),
    );
  });

  it('sert la documentation navigable de l’API sur /docs', async () => {
    const r = await app.inject({ method: 'GET', url: '/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('swagger');
  });

  it('sert l’interface web sur / et sur ses pages, mais pas sur une API inconnue', async () => {
    const accueil = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(accueil.statusCode).toBe(200);
    expect(accueil.body).toContain('<html lang="fr">');
    const page = await app.inject({
      method: 'GET',
      url: '/trouver-mon-opco',
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="racine">');
    const api = await app.inject({
      method: 'GET',
      url: '/api/v1/rien',
      headers: { accept: 'text/html' },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('ERR_ROUTE_INCONNUE');
  });
});

describe('API sans données de référence', () => {
  it('démarre et dit clairement ce qui manque', async () => {
    const ctx = await contexteDeTest({ OPCO_DATA_DIR: '/nulle/part' });
    const app = await construireApp({
      base: ctx.base,
      config: ctx.config,
      donnees: { dossier: ctx.chargement.dossier, manquants: ctx.chargement.manquants },
    });
    try {
      const sante = (await app.inject({ method: 'GET', url: '/health' })).json();
      expect(sante.donnees.dossier).toBeNull();
      expect(sante.donnees.manquants[0]).toContain('/nulle/part');
      const r = await app.inject({ method: 'GET', url: '/api/v1/opcos' });
      expect(r.statusCode).toBe(503);
      expect(r.json().code).toBe('ERR_DONNEES_ABSENTES');
      expect(r.json().detail).toContain('OPCO_DATA_DIR');
    } finally {
      await app.close();
      await ctx.fermer();
    }
  });
});
