import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { importerTextesParDefaut } from '../../src/import/textes/textes.importer.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import type { Base } from '../../src/stockage/db.ts';
import { baseDeTest, configDeTest } from '../aide/base.ts';
import { lancerNavigateur } from '../aide/navigateur.ts';

let base: Base;
let app: AppZod;
let navigateur: Browser;
let page: Page;
let racine: string;

beforeAll(async () => {
  base = await baseDeTest();
  await importerTextesParDefaut(base, progressionMuette);
  app = await construireApp({
    base,
    config: configDeTest(),
    donnees: { dossier: null, manquants: [] },
    racineDroit: path.join(import.meta.dirname, 'fixtures', 'depot'),
  });
  const adresse = await app.listen({ port: 0, host: '127.0.0.1' });
  racine = adresse;
  navigateur = await lancerNavigateur();
  page = await navigateur.newPage();
});
afterAll(async () => {
  await navigateur?.close();
  await app?.close();
  await base?.fermer();
});

describe('interface /textes', () => {
  test('recherche par numéro, puis page de l’article', async () => {
    await page.goto(`${racine}/textes`);
    // Keyboard only: the field is reached by its label, Enter submits.
    const champ = page.getByLabel("Numéro d'article ou mots du texte");
    await champ.focus();
    await page.keyboard.type('L6332-14');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toBe('2 articles trouvés pour « L6332-14 ».');
    await page.getByRole('link', { name: 'Article L6332-14', exact: true }).click();
    await page.waitForURL(/\/textes\/L6332-14$/);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Article L6332-14 du Code du travail');
  });

  test('le texte à une date choisie, la frise des versions', async () => {
    await page.getByLabel('Lire le texte en vigueur le').fill('2020-06-01');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/\/textes\/L6332-14\?date=2020-06-01$/);
    await expect
      .poll(() => page.locator('.texte-article').first().textContent())
      .toContain("5° Les frais pédagogiques et les frais annexes d'une action de reconversion");
    expect(await page.locator('p.meta[role="status"]').textContent()).toMatch(
      /du 23\/08\/2019 au 29\/12\/2023/,
    );
    expect(await page.locator('p.meta[role="status"] a').getAttribute('href')).toBe(
      'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038951599',
    );
    const frise = page.locator('ol.frise > li');
    expect(await frise.count()).toBe(10);
    expect(await page.locator('ol.frise [aria-current="true"]').textContent()).toMatch(
      /du 23\/08\/2019 au 29\/12\/2023/,
    );
    // A version whose text no publication carries says so, with its Légifrance link.
    await page.locator('ol.frise a', { hasText: 'du 29/12/2023' }).click();
    await page.waitForURL(/date=2023-12-29$/);
    await expect
      .poll(() =>
        page.locator('section[aria-labelledby="titre-texte"] .information').first().textContent(),
      )
      .toContain("n'est dans aucune publication importée");
  });

  test('le diff entre deux versions : supprimé en rouge (<del>), ajouté en vert (<ins>)', async () => {
    await page.goto(`${racine}/textes/L6332-14?date=2026-06-01`);
    await expect.poll(() => page.locator('#diff-a').inputValue()).toBe('LEGIARTI000052437380');
    expect(await page.locator('#diff-de').inputValue()).toBe('LEGIARTI000038951599');
    await page.getByRole('button', { name: 'Comparer' }).click();
    // The diff is named in the address, so it can be shared.
    await page.waitForURL(/\?date=2026-06-01&de=LEGIARTI000038951599&a=LEGIARTI000052437380$/);
    await expect.poll(() => page.locator('del.suppression').count()).toBeGreaterThan(1);
    const supprime = (await page.locator('.diff del.suppression').allTextContents()).join(' ');
    const ajoute = (await page.locator('.diff ins.ajout').allTextContents()).join(' ');
    expect(supprime).toContain('reconversion ou de promotion par');
    expect(ajoute).toContain('niveau 6 du cadre national des certifications professionnelles');
    const couleurs = await page.evaluate(() => {
      const del = document.querySelector('.diff del.suppression');
      const ins = document.querySelector('.diff ins.ajout');
      return [
        del && getComputedStyle(del).backgroundColor,
        ins && getComputedStyle(ins).backgroundColor,
      ];
    });
    expect(couleurs).toEqual(['rgb(255, 233, 233)', 'rgb(184, 254, 201)']);
    expect(await page.locator('.resume-diff').textContent()).toMatch(
      /\d+ mots supprimés, \d+ mots ajoutés\./,
    );
  });

  test('une adresse de diff partagée affiche le diff directement', async () => {
    await page.goto(`${racine}/textes/D6332-78?de=LEGIARTI000039103808&a=LEGIARTI000053003172`);
    await expect
      .poll(async () => (await page.locator('.diff ins.ajout').allTextContents()).join('|'))
      .toContain('contribue au financement des');
    expect((await page.locator('.diff ins.ajout').allTextContents()).join(' ')).toContain(
      'dans la limite de 300 euros par apprenti et par an',
    );
    expect(await page.locator('#diff-de').inputValue()).toBe('LEGIARTI000039103808');
  });

  test('les paramètres, règles et cas de test qui citent l’article', async () => {
    await page.goto(`${racine}/textes/D6332-82?date=2024-01-01`);
    const section = page.locator('section[aria-labelledby="titre-citations"]');
    await expect.poll(() => section.locator('li').count()).toBe(4);
    expect(await section.locator('h3').allTextContents()).toEqual([
      'Paramètres',
      'Règles',
      'Cas de test',
    ]);
    expect(await section.locator('li code').allTextContents()).toContain(
      'apprentissage.majoration_rqth.plafond',
    );
  });

  test("un article qui n'existait pas à la date choisie : message clair", async () => {
    await page.goto(`${racine}/textes/L6332-14?date=2007-01-01`);
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/L'article L6332-14 n'existait pas le 01\/01\/2007.*01\/05\/2008/);
  });
});
