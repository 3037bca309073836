import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { demarrerContexte, type Contexte } from '../../src/contexte.ts';
import { configDeTest } from '../aide/base.ts';
import { lancerNavigateur } from '../aide/navigateur.ts';

let ctx: Contexte;
let app: AppZod;
let navigateur: Browser;
let page: Page;
let adresse: string;
let siretDemo: string;

beforeAll(async () => {
  const schema = process.env.DATABASE_URL ? `t_web_ratt_${process.pid}` : undefined;
  ctx = await demarrerContexte(configDeTest(), schema ? { schema } : {});
  app = await construireApp({
    base: ctx.base,
    config: ctx.config,
    donnees: { dossier: null, manquants: [] },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  if (!a || typeof a === 'string') throw new Error('adresse du serveur inconnue');
  adresse = `http://127.0.0.1:${a.port}`;
  const l = await ctx.base.db
    .selectFrom('siro_etablissement')
    .select('siret')
    .where('idcc', '=', '1486')
    .where('opco_proprietaire', '=', 'ATLAS')
    .orderBy('siret')
    .limit(1)
    .executeTakeFirstOrThrow();
  siretDemo = l.siret;
  navigateur = await lancerNavigateur();
  const contexte = await navigateur.newContext({ acceptDownloads: true });
  page = await contexte.newPage();
});

afterAll(async () => {
  await navigateur?.close();
  await app?.close();
  if (process.env.DATABASE_URL && ctx) {
    const { sql } = await import('kysely');
    await sql.raw(`drop schema if exists t_web_ratt_${process.pid} cascade`).execute(ctx.base.db);
  }
  await ctx?.base.fermer();
});

describe('page « Trouver mon OPCO »', () => {
  it('trouve l’OPCO d’un SIRET, avec l’explication, les sources et l’avertissement de démonstration', async () => {
    await page.goto(`${adresse}/trouver-mon-opco`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Trouver mon OPCO',
    );
    const champ = page.getByLabel('SIRET, SIREN, IDCC ou mots de l’intitulé de la convention');
    await champ.fill(siretDemo);
    await champ.press('Enter');
    const carte = page.getByRole('article', { name: 'Réponse' });
    await carte.waitFor();
    await expect(carte.getByTestId('opco').textContent()).resolves.toBe('ATLAS (code 03)');
    const texte = (await carte.textContent()) ?? '';
    expect(texte).toContain('OPCO trouvé');
    expect(texte).toContain('IDCC 1486');
    expect(texte).toContain('Données de démonstration');
    expect(texte).toContain('millésime 2026-06, en vigueur depuis le 01/06/2026');
  });

  it('cherche une convention par mots accentués puis donne son OPCO', async () => {
    const champ = page.getByLabel('SIRET, SIREN, IDCC ou mots de l’intitulé de la convention');
    await champ.fill('hôtels cafés restaurants');
    await page.getByRole('button', { name: 'Chercher' }).click();
    const bouton = page.getByRole('button', { name: /^IDCC 1979/ });
    await bouton.waitFor();
    await bouton.click();
    const carte = page.getByRole('article', { name: 'Réponse' });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="opco"]')?.textContent?.includes('AKTO'),
    );
    expect(await carte.textContent()).toContain('IDCC 1979');
  });

  it('affiche le refus d’un SIRET à clé invalide', async () => {
    const champ = page.getByLabel('SIRET, SIREN, IDCC ou mots de l’intitulé de la convention');
    await champ.fill('73282932000075');
    await champ.press('Enter');
    const alerte = page.getByRole('alert');
    await alerte.waitFor();
    expect(await alerte.textContent()).toContain('Luhn');
  });

  it('rattache un fichier CSV en masse, montre la progression et propose le résultat', async () => {
    await page.getByLabel('Fichier CSV de SIRET').setInputFiles({
      name: 'sirets.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`siret\n${siretDemo}\n73282932000074\n123\n`),
    });
    await page.getByRole('button', { name: 'Lancer le rattachement' }).click();
    const lien = page.getByRole('link', { name: 'Télécharger le résultat (CSV)' });
    await lien.waitFor();
    expect(await page.locator('label[for="progression-lot"]').textContent()).toBe(
      '3 / 3 SIRET traités',
    );
    expect(await page.locator('#progression-lot').getAttribute('value')).toBe('3');
    const bilan = (await page.locator('.bilan-lot').textContent()) ?? '';
    expect(bilan).toContain('OPCO trouvé : 1');
    expect(bilan).toContain('SIRET invalide : 1');
    const [telechargement] = await Promise.all([page.waitForEvent('download'), lien.click()]);
    const chemin = await telechargement.path();
    const csv = await readFile(chemin, 'utf8');
    expect(csv.trim().split('\n')).toEqual([
      'siret,statut,opco_code,opco_nom,opco_gestion_code,idcc,millesime,demo,probleme',
      `${siretDemo},trouve,03,ATLAS,,1486,2026-06,true,`,
      '73282932000074,siret_inconnu,,,,,2026-06,true,',
      '123,siret_invalide,,,,,2026-06,true,un SIRET a 14 chiffres (3 reçu(s))',
    ]);
  });
});
