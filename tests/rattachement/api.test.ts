import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { demarrerContexte, type Contexte } from '../../src/contexte.ts';
import { obtenirRattacheur } from '../../src/stockage/rattachement.depot.ts';
import { configDeTest } from '../aide/base.ts';

let ctx: Contexte;
let app: AppZod;
/** A SIRET of the demonstration sample attached to ATLAS through IDCC 1486. */
let siretDemo: string;

beforeAll(async () => {
  const schema = process.env.DATABASE_URL ? `t_api_ratt_${process.pid}` : undefined;
  ctx = await demarrerContexte(configDeTest(), schema ? { schema } : {});
  app = await construireApp({
    base: ctx.base,
    config: ctx.config,
    donnees: { dossier: null, manquants: [] },
  });
  const r = await obtenirRattacheur(ctx.base, true);
  expect(r.ref.siro.map((m) => m.source.demo)).toEqual([true]);
  const l = await ctx.base.db
    .selectFrom('siro_etablissement')
    .select('siret')
    .where('idcc', '=', '1486')
    .where('opco_proprietaire', '=', 'ATLAS')
    .orderBy('siret')
    .limit(1)
    .executeTakeFirstOrThrow();
  siretDemo = l.siret;
});
afterAll(async () => {
  await app.close();
  if (process.env.DATABASE_URL) {
    const { sql } = await import('kysely');
    await sql.raw(`drop schema if exists t_api_ratt_${process.pid} cascade`).execute(ctx.base.db);
  }
  await ctx.base.fermer();
});

describe('GET /api/v1/rattachement', () => {
  it('répond par SIRET depuis l’échantillon, en disant que ce sont des données de démonstration', async () => {
    const r = await app.inject(`/api/v1/rattachement?siret=${siretDemo}`);
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b).toMatchObject({
      statut: 'trouve',
      siret: siretDemo,
      idcc: { code: '1486', titre: expect.stringContaining('Bureaux d') },
      opco: { code: '03', nom: 'ATLAS' },
      demo: true,
    });
    expect(b.explication).toMatch(/^Données de démonstration/);
    expect(b.sources[0]).toMatchObject({
      nom: 'siro',
      millesime: '2026-06',
      dateEffet: '2026-06-01',
      demo: true,
    });
  });

  it('répond « SIRET inconnu » avant le premier millésime, avec quoi faire', async () => {
    const r = await app.inject(`/api/v1/rattachement?siret=${siretDemo}&date=2026-05-31`);
    expect(r.json()).toMatchObject({ statut: 'siret_inconnu', opco: null });
    expect(r.json().aFaire).toContain('attestation sur l');
  });

  it('donne tous les établissements connus d’un SIREN', async () => {
    const siren = siretDemo.slice(0, 9);
    const r = await app.inject(`/api/v1/rattachement?siren=${siren}`);
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.siren).toBe(siren);
    expect(b.etablissements.length).toBeGreaterThanOrEqual(1);
    expect(b.etablissements.every((e: { siret: string }) => e.siret.startsWith(siren))).toBe(true);
    expect(b.etablissements.map((e: { siret: string }) => e.siret)).toContain(siretDemo);
  });

  it('donne pour un IDCC les OPCO, leurs parts et le majoritaire (données réelles)', async () => {
    const r = await app.inject('/api/v1/rattachement?idcc=1486');
    expect(r.json()).toMatchObject({
      statut: 'idcc_plusieurs_opco',
      opco: { code: '03', nom: 'ATLAS' },
      demo: false,
      repartition: [
        { opco: { nom: 'ATLAS' }, nbSiret: 253637, majoritaire: true },
        { opco: { nom: 'OPCO2I' }, nbSiret: 2, majoritaire: false },
      ],
    });
    expect((await app.inject('/api/v1/rattachement?idcc=9999')).json()).toMatchObject({
      statut: 'idcc_echappement',
      opco: null,
    });
    expect((await app.inject('/api/v1/rattachement?idcc=804')).json()).toMatchObject({
      statut: 'sans_opco',
      idcc: { code: '0804', titre: expect.stringContaining('VRP') },
    });
    expect((await app.inject('/api/v1/rattachement?idcc=3')).json()).toMatchObject({
      statut: 'trouve',
      idcc: { code: '0003' },
      opco: { code: '07', nom: 'OPCO MOBILITES' },
      repartition: [{ nbSiret: 90, part: 1, majoritaire: true }],
    });
  });

  it('refuse un SIRET ou un SIREN invalide par un 400 problem+json nommant le champ', async () => {
    for (const [q, champ, motif] of [
      ['siret=7328293200007', 'query.siret', '14 chiffres'],
      ['siret=73282932000075', 'query.siret', 'Luhn'],
      ['siret=35600000000048', 'query.siret', 'La Poste'],
      ['siren=73282932X', 'query.siren', 'chiffres'],
      ['idcc=1486&date=2026-02-30', 'query.date', 'inexistante'],
    ] as const) {
      const r = await app.inject(`/api/v1/rattachement?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().erreurs[0].champ, q).toBe(champ);
      expect(r.json().erreurs[0].message, q).toContain(motif);
    }
  });
});

describe('GET /api/v1/conventions', () => {
  it('cherche sans accents ni casse et classe les résultats', async () => {
    const a = (
      await app.inject('/api/v1/conventions?q=HOTELS%20cafes%20restaurants&limite=3')
    ).json();
    const b = (
      await app.inject(
        `/api/v1/conventions?q=${encodeURIComponent('hôtels cafés restaurants')}&limite=3`,
      )
    ).json();
    expect(a.resultats.map((c: { idcc: string }) => c.idcc)).toEqual(
      b.resultats.map((c: { idcc: string }) => c.idcc),
    );
    expect(a.resultats[0]).toMatchObject({ idcc: '1979', opcoMajoritaire: { nom: 'AKTO' } });
    const n = (await app.inject('/api/v1/conventions?q=16')).json();
    expect(n.resultats[0]).toMatchObject({ idcc: '0016', score: 1000 });
  });
});

describe('POST /api/v1/rattachement/lot', () => {
  it('répond en flux CSV par défaut et en NDJSON selon Accept', async () => {
    const csv = await app.inject({
      method: 'POST',
      url: '/api/v1/rattachement/lot',
      headers: { 'content-type': 'text/csv' },
      payload: `siret\n${siretDemo}\n1234\n73282932000074\n`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\n')).toEqual([
      'siret,statut,opco_code,opco_nom,opco_gestion_code,idcc,millesime,demo,probleme',
      `${siretDemo},trouve,03,ATLAS,,1486,2026-06,true,`,
      '1234,siret_invalide,,,,,2026-06,true,un SIRET a 14 chiffres (4 reçu(s))',
      '73282932000074,siret_inconnu,,,,,2026-06,true,',
    ]);
    const nd = await app.inject({
      method: 'POST',
      url: '/api/v1/rattachement/lot',
      headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
      payload: { sirets: [siretDemo] },
    });
    expect(nd.headers['content-type']).toContain('application/x-ndjson');
    expect(JSON.parse(nd.body.trim())).toMatchObject({
      siret: siretDemo,
      statut: 'trouve',
      opco: { code: '03' },
      demo: true,
    });
  });

  it('refuse un corps vide ou mal formé en nommant le champ', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/rattachement/lot',
      headers: { 'content-type': 'application/json' },
      payload: { siret: 'x' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreurs[0].champ).toBe('body.sirets');
  });
});

describe('même réponse par la CLI et par l’API', () => {
  it('opco rattachement idcc … --json imprime la réponse de l’API', async () => {
    const { spawnSync } = await import('node:child_process');
    const { dossierDonnees } = await import('../aide/base.ts');
    // The CLI runs on its own in-memory PGlite (never on the shared PostgreSQL's public schema).
    const env: Record<string, string | undefined> = {
      ...process.env,
      OPCO_DB_PATH: 'memory://',
      OPCO_DATA_DIR: dossierDonnees,
    };
    delete env.DATABASE_URL;
    const r = spawnSync(
      process.execPath,
      ['bin/opco.mjs', 'rattachement', 'idcc', '1486', '--json', '--date', '2026-07-01'],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const api = (await app.inject('/api/v1/rattachement?idcc=1486&date=2026-07-01')).json();
    expect(JSON.parse(r.stdout)).toEqual(api);
    const refus = spawnSync(
      process.execPath,
      ['bin/opco.mjs', 'rattachement', 'siret', '73282932000075'],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(refus.status).toBe(1);
    expect(refus.stderr).toContain('ERR_VALIDATION');
    expect(refus.stderr).toContain('Luhn');
    // Spawning the CLI on a new in-memory base initialises it: slow on a loaded 2-core machine.
  }, 600_000);

  it('décrit les routes dans /openapi.json', async () => {
    const r = await app.inject('/openapi.json');
    expect(Object.keys(r.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/rattachement',
        '/api/v1/conventions',
        '/api/v1/rattachement/lot',
      ]),
    );
  });
});
