import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { contexteDeTest } from '../aide/base.ts';
import { lancerNavigateur } from '../aide/navigateur.ts';

/**
 * What a person sees, at 1280 px and at 390 px: no horizontal scroll on any page (before and
 * after a result is shown), French numbers and dates, labels instead of codes. With
 * CAPTURES=<folder>, every state is also saved as a PNG to look at.
 */

let ctx: Awaited<ReturnType<typeof contexteDeTest>>;
let app: AppZod;
let url: string;
let navigateur: Browser;
/** A SIREN with several establishments, all of ATLAS (demo sample). */
let sirenAtlas: string;
let nbEtablissementsAtlas: number;
/** A SIREN whose establishments are all of OPCO2I. */
let sirenOpco2i: string;

const captures = process.env.CAPTURES ? path.resolve(process.env.CAPTURES) : null;
if (captures) mkdirSync(captures, { recursive: true });

const ISO = /\b\d{4}-\d{2}-\d{2}\b/;
const espaces = (t: string) => t.replace(/[\u202f\u00a0]/g, ' ');

async function sirenDe(opco: string, min: number): Promise<{ siren: string; n: number }> {
  const r = await sql<{ siren: string; n: number }>`
    select substr(siret, 1, 9) as siren, count(*)::int as n
    from siro_etablissement
    group by substr(siret, 1, 9)
    having count(*) >= ${min} and min(opco_proprietaire) = ${opco}
      and max(opco_proprietaire) = ${opco} and count(distinct idcc) = 1
    order by 2 desc, 1
    limit 1`.execute(ctx.base.db);
  const l = r.rows[0];
  if (!l) throw new Error(`aucun SIREN de ${opco} dans l'échantillon`);
  return l;
}

beforeAll(async () => {
  ctx = await contexteDeTest();
  app = await construireApp({
    base: ctx.base,
    config: ctx.config,
    moteur: ctx.moteur,
    donnees: { dossier: ctx.chargement.dossier, manquants: ctx.chargement.manquants },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const atlas = await sirenDe('ATLAS', 2);
  sirenAtlas = atlas.siren;
  nbEtablissementsAtlas = atlas.n;
  sirenOpco2i = (await sirenDe('OPCO2I', 1)).siren;
  navigateur = await lancerNavigateur();
});

afterAll(async () => {
  await navigateur?.close();
  await app?.close();
  await ctx?.fermer();
});

async function nouvellePage(largeur: number): Promise<Page> {
  const contexte = await navigateur.newContext({
    viewport: { width: largeur, height: 900 },
    locale: 'fr-FR',
  });
  return contexte.newPage();
}

/** The page fits the viewport (no horizontal scroll) and shows no ISO date; saves a capture. */
async function verifierAffichage(page: Page, nom: string, largeur: number): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${nom} à ${largeur} px : défilement horizontal`).toBeLessThanOrEqual(
    innerWidth,
  );
  const texte = await page.locator('main').innerText();
  expect(texte, `${nom} : date au format ISO`).not.toMatch(ISO);
  expect(texte).not.toMatch(/Invalid input|body\.|query\./);
  if (captures) {
    // In slices of one screen or so, readable in an image viewer.
    const hauteur = await page.evaluate(() => document.documentElement.scrollHeight);
    const pas = largeur < 500 ? 1000 : 1400;
    for (let y = 0, k = 1; y < hauteur; y += pas, k++)
      await page.screenshot({
        path: path.join(captures, `${nom}-${largeur}-${k}.png`),
        fullPage: true,
        clip: { x: 0, y, width: largeur, height: Math.min(pas, hauteur - y) },
      });
  }
}

async function simuler(page: Page): Promise<void> {
  await page.goto(`${url}/simuler`);
  await page.getByLabel('Date de conclusion *').fill('2025-07-01');
  await page.getByLabel("Date de début d'exécution *").fill('2025-09-01');
  await page.getByLabel('Date de fin prévue *').fill('2027-08-31');
  await page.getByLabel('Niveau de la certification *').selectOption('6');
  await page.getByLabel('NPEC annuel en euros (si connu)').fill('7300');
  await page.getByLabel('Part des enseignements à distance (en %) *').fill('80');
  await page.getByLabel('Nombre de nuitées').fill('10');
  await page.getByRole('button', { name: 'Simuler' }).click();
  await page.getByRole('heading', { name: 'Résultat de la simulation' }).waitFor();
}

async function chercher(page: Page, saisie: string): Promise<void> {
  const champ = page.getByLabel('SIRET, SIREN, IDCC ou mots de l’intitulé de la convention');
  await champ.fill(saisie);
  await champ.press('Enter');
}

describe.each([390, 1280])('à %i px', (largeur) => {
  it('aucune page ne défile horizontalement, avant comme après un résultat', async () => {
    const page = await nouvellePage(largeur);
    const pages: [string, string, string][] = [
      ['accueil', '/', 'table'],
      ['trouver', '/trouver-mon-opco', 'form'],
      ['simuler', '/simuler', 'form'],
      ['textes', '/textes', 'form'],
      ['recherche-textes', '/textes?q=prise%20en%20charge%20apprentissage', '.resultats-textes'],
      ['article', '/textes/R6332-25?date=2025-07-01', '.texte-article'],
      ['entreprise', '/entreprise', 'h1'],
      ['espace-opco', '/espace-opco', 'h1'],
      ['introuvable', '/nexiste-pas', 'h1'],
    ];
    for (const [nom, chemin, attendu] of pages) {
      await page.goto(`${url}${chemin}`);
      await page.locator(attendu).first().waitFor({ timeout: 60_000 });
      await verifierAffichage(page, nom, largeur);
    }

    await simuler(page);
    await page.locator('.echeancier svg').first().waitFor();
    await verifierAffichage(page, 'simuler-resultat', largeur);

    await page.goto(`${url}/trouver-mon-opco`);
    await chercher(page, '1486');
    await page.getByRole('table', { name: /Répartition/ }).waitFor();
    await verifierAffichage(page, 'trouver-idcc', largeur);
    await chercher(page, sirenAtlas);
    await page.getByRole('article', { name: `Réponse pour le SIREN ${sirenAtlas}` }).waitFor();
    await verifierAffichage(page, 'trouver-siren', largeur);
    await chercher(page, 'hôtels cafés restaurants');
    await page.getByRole('button', { name: /^IDCC 1979/ }).waitFor();
    await verifierAffichage(page, 'trouver-conventions', largeur);
    await page.context().close();
  }, 600_000);
});

describe('le simulateur se lit sans code ni décimale', () => {
  it('met le total en tête, dessine l’échéancier et explique avec libellés, pourcentages et articles', async () => {
    const page = await nouvellePage(1280);
    await simuler(page);
    const resultat = page.locator('section.resultat');
    // The total paid comes right after the heading, before the details.
    const ordre = await resultat.evaluate((s) =>
      [...s.children].map((e) => e.className || e.tagName.toLowerCase()),
    );
    expect(ordre.slice(0, 2)).toEqual(['h2', 'total-verse']);
    expect(espaces((await page.getByTestId('total').textContent()) ?? '')).toBe('10 990,00 €');
    // The chart: one image with a sentence, and the table of every payment still there.
    // Two years of four payments each; the frais annexes are in the first year's annual amount
    // (R6332-25 III), not a payment of their own.
    const graphique = resultat.locator('figure.echeancier [role="img"]');
    expect(await graphique.getAttribute('aria-label')).toMatch(
      /^Diagramme en barres : 8 versements/,
    );
    expect(await resultat.locator('figure.echeancier svg .recharts-bar-rectangle').count()).toBe(8);
    expect(
      await resultat
        .getByRole('table', { name: /Échéancier/ })
        .locator('tbody tr')
        .count(),
    ).toBe(8);
    const explication = espaces(
      (await resultat.getByRole('region', { name: 'Explication du calcul' }).innerText()) ?? '',
    );
    expect(explication).toContain('Part des enseignements à distance : 80 %');
    // Labels come from the rules' and parameters' descriptions (droit/), not from the web.
    expect(explication).toMatch(/Taux de minoration[^:\n]*: 20 %/);
    expect(explication).toMatch(/avance de 40 %/);
    expect(explication).toMatch(/30 % au 7e mois/);
    expect(explication).toContain('lecture retenue par la plateforme (convention)');
    expect(explication).not.toMatch(
      /jours_effectues|annee_suivante|distanciel_puis|\b0\.\d|\.yaml|droit\//,
    );
    const lien = resultat
      .getByRole('region', { name: 'Explication du calcul' })
      .getByRole('link', { name: 'D6332-82-1' })
      .first();
    expect(await lien.getAttribute('href')).toBe('/textes/D6332-82-1?date=2025-07-01');
    await page.context().close();
  });

  it('nomme le champ en cause par son libellé, dans le navigateur comme depuis l’API', async () => {
    const page = await nouvellePage(390);
    await page.goto(`${url}/simuler`);
    await page.getByLabel('Date de conclusion *').fill('2025-07-01');
    await page.getByLabel("Date de début d'exécution *").fill('2025-09-01');
    await page.getByLabel('Date de fin prévue *').fill('2025-08-01');
    await page.getByLabel('Part des enseignements à distance (en %) *').fill('120');
    await page.getByRole('button', { name: 'Simuler' }).click();
    const alerte = page.getByRole('alert');
    await alerte.waitFor();
    const texte = (await alerte.innerText()) ?? '';
    expect(texte).toContain(
      'Date de fin prévue : la date de fin doit être postérieure à la date de début',
    );
    expect(texte).toContain(
      'Part des enseignements à distance (en %) : un pourcentage entre 0 et 100',
    );
    expect(texte).not.toMatch(/body\.|Invalid/);
    expect(await page.getByLabel('Date de fin prévue *').getAttribute('aria-invalid')).toBe('true');

    // The API's own refusal (the request altered on its way): its field paths become labels.
    await page.route('**/api/v1/simulations/apprentissage', async (route) => {
      const corps = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...corps, niveau: 12, rqth: {} }) });
    });
    await page.getByLabel('Date de fin prévue *').fill('2026-08-31');
    await page.getByLabel('Part des enseignements à distance (en %) *').fill('0');
    await page.getByRole('button', { name: 'Simuler' }).click();
    await page.getByText('Niveau de la certification : doit être inférieur ou égal à 8').waitFor();
    const refus = (await page.getByRole('alert').innerText()) ?? '';
    expect(refus).toContain('Majoration RQTH demandée, en euros par an : valeur obligatoire');
    expect(refus).not.toMatch(/body\.|Invalid|Too/);
    expect(await page.getByLabel('Niveau de la certification *').getAttribute('aria-invalid')).toBe(
      'true',
    );
    await page.context().close();
  });

  it('l’API elle-même nomme les champs par leur libellé, en français', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/simulations/apprentissage',
      payload: {
        dateConclusion: '2025-07-01',
        dateDebut: '2025-09-01',
        dateFin: '2026-08-31',
        niveau: 2,
        partDistanciel: 0,
        fraisAnnexes: { nuitees: 'dix' },
      },
    });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.erreurs.map((e: { champ: string }) => e.champ).sort()).toEqual([
      'body.fraisAnnexes.nuitees',
      'body.niveau',
    ]);
    expect(p.detail).toContain('Niveau de la certification : doit être supérieur ou égal à 3');
    expect(p.detail).toContain('Nombre de nuitées : nombre attendu');
    expect(p.detail).not.toContain('body.');
  });
});

describe('Trouver mon OPCO écrit en bon français', () => {
  it('une réponse par SIREN dit une fois ce que ses établissements partagent, avec « d’ATLAS »', async () => {
    const page = await nouvellePage(390);
    await page.goto(`${url}/trouver-mon-opco`);
    await chercher(page, sirenAtlas);
    const carte = page.getByRole('article', { name: `Réponse pour le SIREN ${sirenAtlas}` });
    await carte.waitFor();
    const texte = (await carte.innerText()) ?? '';
    expect(texte).toContain(`Commun aux ${nbEtablissementsAtlas} établissements`);
    expect(texte).toContain("Ils relèvent d'ATLAS.");
    expect(texte).not.toContain('de ATLAS');
    // The shared OPCO and convention are stated once, not once per establishment.
    expect(await carte.getByTestId('opco').count()).toBe(1);
    expect(texte.match(/ATLAS \(code /g)?.length).toBe(1);
    expect(texte.match(/IDCC \d{4} — /g)?.length).toBe(1);
    expect(texte.match(/Données de démonstration/g)?.length).toBe(1);
    expect(await carte.locator('.etablissements li').count()).toBe(nbEtablissementsAtlas);
    expect(texte).toContain('en vigueur depuis le 01/06/2026');

    await chercher(page, sirenOpco2i);
    const autre = page.getByRole('article', { name: `Réponse pour le SIREN ${sirenOpco2i}` });
    await autre.waitFor();
    expect(await autre.innerText()).toContain("relèvent d'OPCO2I.");
    await page.context().close();
  });

  it('groupe les milliers dans les phrases et les tableaux', async () => {
    const { nb_siret } = await ctx.base.db
      .selectFrom('idcc_opco')
      .select('nb_siret')
      .where('idcc', '=', '1486')
      .orderBy('nb_siret', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(nb_siret).toBeGreaterThan(9999);
    const groupe = new Intl.NumberFormat('fr-FR').format(nb_siret);
    expect(groupe).toContain('\u202f');
    const page = await nouvellePage(1280);
    await page.goto(`${url}/trouver-mon-opco`);
    await chercher(page, '1486');
    const carte = page.getByRole('article', { name: 'Réponse' });
    await carte.getByRole('table').waitFor();
    const texte = (await carte.innerText()) ?? '';
    expect(texte).toContain(groupe);
    expect(await carte.getByRole('table').innerText()).toContain(groupe);
    expect(texte).not.toContain(String(nb_siret));
    await page.context().close();
  });
});

describe('la page d’un article', () => {
  it('montre le texte structuré, les états en mots et les versions en frise', async () => {
    const page = await nouvellePage(1280);
    await page.goto(`${url}/textes/R6332-25?date=2025-07-01`);
    const texte = page.locator('.texte-article');
    await texte.waitFor();
    const marqueurs = await texte.locator('.marqueur').allTextContents();
    expect(marqueurs.slice(0, 4)).toEqual(['I.', 'II.', 'III.', '1°']);
    expect(await texte.locator('.alinea.niveau-1').count()).toBeGreaterThanOrEqual(4);
    const meta = (await page.locator('#titre-texte + p.meta').innerText()) ?? '';
    expect(meta).toContain('en vigueur');
    expect(meta).toContain('30/06/2025');
    const frise = page.getByRole('list', { name: /Chronologie des versions/ });
    const jalons = frise.getByRole('listitem');
    const nbVersions = (await (await fetch(`${url}/api/v1/textes/R6332-25/versions`)).json())
      .versions.length;
    expect(await jalons.count()).toBe(nbVersions);
    const friseTexte = (await frise.innerText()) ?? '';
    expect(friseTexte).toContain('modifié');
    expect(friseTexte).toContain('en vigueur');
    expect(friseTexte).not.toMatch(/VIGUEUR|MODIFIE|ABROGE/);
    expect(await frise.locator('[aria-current="true"]').count()).toBe(1);
    expect(await frise.locator('time').first().getAttribute('datetime')).toMatch(ISO);
    await page.context().close();
  });
});

describe('icône du site', () => {
  it('est un SVG servi et déclaré dans la page', async () => {
    const r = await fetch(`${url}/favicon.svg`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('image/svg+xml');
    expect(await r.text()).toContain('<svg');
    const page = await nouvellePage(1280);
    await page.goto(`${url}/`);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    await page.context().close();
  });
});
