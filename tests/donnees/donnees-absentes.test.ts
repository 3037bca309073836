import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { contexteDeTest, dossierDonnees } from '../aide/base.ts';

/**
 * A data folder without the IDCC → OPCO aggregate: the OPCO list and the conventions load, but
 * neither the IDCC → OPCO table nor the SIRET-OPCO demonstration sample (generated from it).
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'opco-donnees-partielles-'));
let ctx: Awaited<ReturnType<typeof contexteDeTest>>;
let app: AppZod;

beforeAll(async () => {
  cpSync(dossierDonnees, tmp, {
    recursive: true,
    filter: (f) => !f.endsWith('idcc-opco-siro-202606.csv'),
  });
  ctx = await contexteDeTest({ OPCO_DATA_DIR: tmp });
  app = await construireApp({
    base: ctx.base,
    config: ctx.config,
    donnees: { dossier: ctx.chargement.dossier, manquants: ctx.chargement.manquants },
  });
}, 600_000);
afterAll(async () => {
  await app.close();
  await ctx.fermer();
  rmSync(tmp, { recursive: true, force: true });
});

describe('source de référence réellement absente', () => {
  it('répond 503 en nommant la source, jamais « IDCC inconnu » ni « SIRET inconnu »', async () => {
    for (const [url, source] of [
      ['/api/v1/rattachement?idcc=1486', 'idcc-opco'],
      ['/api/v1/rattachement?siret=73282932000074', 'siro'],
      ['/api/v1/rattachement?siren=732829320', 'siro'],
    ] as const) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(503);
      expect(r.headers['content-type'], url).toContain('application/problem+json');
      expect(r.json(), url).toMatchObject({ code: 'ERR_DONNEES_ABSENTES' });
      expect(r.json().detail, url).toContain(`« ${source} »`);
      expect(r.body, url).not.toMatch(/inconnu/i);
    }
    const lot = await app.inject({
      method: 'POST',
      url: '/api/v1/rattachement/lot',
      headers: { 'content-type': 'text/csv' },
      payload: '73282932000074\n',
    });
    expect(lot.statusCode).toBe(503);
    expect(lot.json().detail).toContain('« siro »');
  });

  it('sert ce qui est chargé : la liste des OPCO et la recherche de conventions', async () => {
    expect((await app.inject('/api/v1/opcos')).json().opcos).toHaveLength(11);
    const c = (await app.inject('/api/v1/conventions?q=syntec')).json();
    expect(c.resultats[0]).toMatchObject({ idcc: '1486', opcoMajoritaire: null });
  });
});

describe('page d’accueil publique', () => {
  it('ne montre pas au public les consignes d’exploitation de l’API en cas d’erreur', () => {
    const source = readFileSync(
      path.resolve(import.meta.dirname, '..', '..', 'src', 'web', 'pages', 'Accueil.tsx'),
      'utf8',
    );
    expect(source).not.toMatch(/opco import|OPCO_DATA_DIR/);
    // The error shown is a fixed sentence, not the problem's detail (meant for operators).
    expect(source).toContain('La liste des OPCO est momentanément indisponible');
    expect(source).not.toMatch(/setErreur\(e/);
  });
});
