import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { importerTextesParDefaut } from '../../src/import/textes/textes.importer.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import type { Base } from '../../src/stockage/db.ts';
import { baseDeTest, configDeTest } from '../aide/base.ts';

let base: Base;
let app: AppZod;

beforeAll(async () => {
  base = await baseDeTest();
  await importerTextesParDefaut(base, progressionMuette);
  app = await construireApp({
    base,
    config: configDeTest(),
    donnees: { dossier: null, manquants: [] },
    racineDroit: path.join(import.meta.dirname, 'fixtures', 'depot'),
  });
});
afterAll(async () => {
  await app.close();
  await base.fermer();
});

async function get(url: string) {
  const r = await app.inject({ method: 'GET', url });
  return { statut: r.statusCode, type: r.headers['content-type'], corps: r.json() };
}

describe('GET /api/v1/textes/{article}?date=', () => {
  test('la version en vigueur ce jour-là, avec ses dates et sa provenance', async () => {
    const r = await get('/api/v1/textes/l6332-14?date=2020-06-01');
    expect(r.statut).toBe(200);
    expect(r.corps.article).toBe('L6332-14');
    expect(r.corps.version).toMatchObject({
      idLegiarti: 'LEGIARTI000038951599',
      du: '2019-08-23',
      au: '2023-12-29',
      texteDisponible: true,
      sourceTexte: '@socialgouv/legi-data@2.229.0',
      url: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038951599',
    });
    expect(r.corps.version.texte).toContain(
      "5° Les frais pédagogiques et les frais annexes d'une action de reconversion ou de promotion par l'alternance",
    );
    expect(r.corps.sections).toContain('Chapitre II : Opérateurs de compétences');
  });

  test('une version dont aucune publication ne porte le texte : identifiants et dates, texte null', async () => {
    const r = await get('/api/v1/textes/L6332-14?date=2024-06-01');
    expect(r.statut).toBe(200);
    expect(r.corps.version).toMatchObject({
      idLegiarti: 'LEGIARTI000048686256',
      du: '2023-12-29',
      au: '2025-02-16',
      texteDisponible: false,
      texte: null,
    });
  });

  test("404 clair quand l'article n'existait pas à cette date", async () => {
    const r = await get('/api/v1/textes/L6332-14?date=2007-01-01');
    expect(r.statut).toBe(404);
    expect(r.type).toContain('application/problem+json');
    expect(r.corps.code).toBe('ERR_TEXTE_NON_EN_VIGUEUR');
    expect(r.corps.detail).toBe(
      "L'article L6332-14 n'existait pas le 2007-01-01 : sa première version est en vigueur à partir du 2008-05-01.",
    );
    const abroge = await get('/api/v1/textes/R6123-3-4?date=2026-06-01');
    expect(abroge.statut).toBe(404);
    expect(abroge.corps.detail).toBe(
      "L'article R6123-3-4 n'était plus en vigueur le 2026-06-01 : sa dernière version a pris fin le 2026-03-27.",
    );
  });

  test('article inconnu : 404 ; entrée invalide : 400 nommant le champ', async () => {
    const inconnu = await get('/api/v1/textes/L9999-1?date=2024-01-01');
    expect(inconnu.statut).toBe(404);
    expect(inconnu.corps.code).toBe('ERR_TEXTE_ARTICLE_INCONNU');
    const illisible = await get('/api/v1/textes/apprentissage?date=2024-01-01');
    expect(illisible.statut).toBe(400);
    expect(illisible.corps.erreurs.map((e: { champ: string }) => e.champ)).toEqual([
      'params.article',
    ]);
    const mauvaiseDate = await get('/api/v1/textes/L6332-14?date=2024-02-30');
    expect(mauvaiseDate.statut).toBe(400);
    expect(mauvaiseDate.corps.erreurs[0].champ).toBe('query.date');
    const sansDate = await get('/api/v1/textes/L6332-14');
    expect(sansDate.statut).toBe(400);
    expect(sansDate.corps.erreurs[0].champ).toBe('query.date');
  });

  test("un numéro à suffixe (« L6332-1 A »), encodé dans l'adresse", async () => {
    const r = await get('/api/v1/textes/L6332-1%20A?date=2026-06-01');
    expect(r.statut).toBe(200);
    expect(r.corps.article).toBe('L6332-1 A');
    expect(r.corps.version).toMatchObject({
      idLegiarti: 'LEGIARTI000038610302',
      du: '2020-01-01',
      au: null,
    });
    expect(r.corps.version.texte).toContain(
      "Pour l'application du présent chapitre, l'effectif salarié",
    );
  });

  test('un ancien numéro renvoie au numéro actuel (D6324-1 → R6324-1)', async () => {
    const r = await get('/api/v1/textes/D6324-1?date=2022-01-01');
    expect(r.statut).toBe(200);
    expect(r.corps.renvoi).toEqual({ demande: 'D6324-1', article: 'R6324-1' });
    expect(r.corps.version.idLegiarti).toBe('LEGIARTI000041729797');
  });
});

describe('GET /api/v1/textes/{article}/versions et /diff', () => {
  test('toutes les versions de L6332-14, dans l’ordre', async () => {
    const r = await get('/api/v1/textes/L6332-14/versions');
    expect(r.statut).toBe(200);
    expect(r.corps.versions).toHaveLength(10);
    expect(r.corps.versions[0]).toMatchObject({
      idLegiarti: 'LEGIARTI000006904356',
      du: '2008-05-01',
      au: '2009-11-26',
    });
    expect(r.corps.versions[9]).toMatchObject({
      idLegiarti: 'LEGIARTI000052437380',
      du: '2026-01-01',
      au: null,
      etat: 'VIGUEUR',
    });
    expect(
      r.corps.versions.filter((v: { texteDisponible: boolean }) => v.texteDisponible),
    ).toHaveLength(2);
  });

  test('diff mot à mot de D6332-78 entre 2023 et 2026 (par dates)', async () => {
    const r = await get('/api/v1/textes/D6332-78/diff?de=2023-01-01&a=2026-06-01');
    expect(r.statut).toBe(200);
    expect(r.corps.de.idLegiarti).toBe('LEGIARTI000039103808');
    expect(r.corps.a.idLegiarti).toBe('LEGIARTI000053003172');
    const ajoute = r.corps.segments
      .filter((s: { type: string }) => s.type === 'ajoute')
      .map((s: { texte: string }) => s.texte)
      .join(' ');
    const supprime = r.corps.segments
      .filter((s: { type: string }) => s.type === 'supprime')
      .map((s: { texte: string }) => s.texte)
      .join(' ');
    expect(ajoute).toContain('300 euros par apprenti et par an');
    expect(ajoute).toContain('contribue au financement des');
    expect(supprime).toContain('comprend');
    expect(r.corps.motsAjoutes).toBeGreaterThan(r.corps.motsSupprimes);
  });

  test('diff par identifiants LEGIARTI, et refus motivés', async () => {
    const ok = await get(
      '/api/v1/textes/L6332-14/diff?de=LEGIARTI000038951599&a=LEGIARTI000052437380',
    );
    expect(ok.statut).toBe(200);
    const supprime = ok.corps.segments
      .filter((s: { type: string }) => s.type === 'supprime')
      .map((s: { texte: string }) => s.texte)
      .join(' ');
    expect(supprime).toContain('reconversion ou de promotion par');
    const sansTexte = await get('/api/v1/textes/L6332-14/diff?de=2024-06-01&a=2026-06-01');
    expect(sansTexte.statut).toBe(404);
    expect(sansTexte.corps.code).toBe('ERR_TEXTE_INDISPONIBLE');
    expect(sansTexte.corps.detail).toContain('LEGIARTI000038951599 (du 2019-08-23)');
    const inconnue = await get('/api/v1/textes/L6332-14/diff?de=LEGIARTI000099999999&a=2026-06-01');
    expect(inconnue.statut).toBe(404);
    expect(inconnue.corps.code).toBe('ERR_TEXTE_VERSION_INCONNUE');
    expect(inconnue.corps.erreurs[0].champ).toBe('query.de');
    const illisible = await get('/api/v1/textes/L6332-14/diff?de=hier&a=2026-06-01');
    expect(illisible.statut).toBe(400);
    expect(illisible.corps.erreurs[0].champ).toBe('query.de');
  });
});

describe('recherche, citations, publications', () => {
  test('par numéro', async () => {
    const r = await get('/api/v1/textes?q=' + encodeURIComponent('L. 6332-14'));
    expect(r.statut).toBe(200);
    expect(r.corps.articles.map((a: { article: string }) => a.article)).toEqual([
      'L6332-14',
      'L6332-14-1',
    ]);
  });
  test('par numéro et mots, sans tenir compte des accents', async () => {
    const r = await get('/api/v1/textes?q=' + encodeURIComponent('D6332 communication apprenti'));
    expect(r.corps.articles.map((a: { article: string }) => a.article)).toContain('D6332-78');
    expect(
      r.corps.articles.find((a: { article: string }) => a.article === 'D6332-78').extrait,
    ).toContain('communication');
    const accents = await get(
      '/api/v1/textes?q=' + encodeURIComponent('operateur competences hebergement nuitee'),
    );
    expect(accents.corps.articles.map((a: { article: string }) => a.article)).toContain('D6332-83');
    const majuscules = await get(
      '/api/v1/textes?q=' + encodeURIComponent('OPÉRATEUR COMPÉTENCES HÉBERGEMENT NUITÉE'),
    );
    expect(majuscules.corps.articles.map((a: { article: string }) => a.article)).toEqual(
      accents.corps.articles.map((a: { article: string }) => a.article),
    );
    const rien = await get('/api/v1/textes?q=zzzzquintal');
    expect(rien.corps).toEqual({ q: 'zzzzquintal', total: 0, articles: [] });
    const vide = await get('/api/v1/textes?q=');
    expect(vide.statut).toBe(400);
  });
  test('plein texte : formes fléchies, début de mot, classement, total et limite', async () => {
    const flechi = await get('/api/v1/textes?q=' + encodeURIComponent('hébergements nuitées'));
    expect(flechi.corps.articles[0].article).toBe('D6332-83');
    expect(flechi.corps.articles[0].extrait).toMatch(/hébergement/i);
    // « apprenti » begins « apprentissage » (the former substring search found it too).
    const debut = await get('/api/v1/textes?q=' + encodeURIComponent('D6332 apprenti'));
    const avecApprentissage = await get(
      '/api/v1/textes?q=' + encodeURIComponent('D6332 apprentissage'),
    );
    const trouves = debut.corps.articles.map((a: { article: string }) => a.article);
    for (const a of avecApprentissage.corps.articles) expect(trouves).toContain(a.article);
    expect(debut.corps.total).toBeGreaterThanOrEqual(avecApprentissage.corps.total);
    // Every article found is in the 6th part's D6332 chapter, and total counts beyond limite.
    const limite = await get(
      '/api/v1/textes?q=' + encodeURIComponent('D6332 apprenti') + '&limite=2',
    );
    expect(limite.corps.articles).toHaveLength(2);
    expect(limite.corps.total).toBe(debut.corps.total);
    expect(trouves.every((a: string) => a.startsWith('D6332'))).toBe(true);
  });
  test('les paramètres, règles et cas de test qui citent D6332-82', async () => {
    const r = await get('/api/v1/textes/D6332-82/citations');
    expect(r.statut).toBe(200);
    expect(
      r.corps.citants.map((c: { genre: string; identifiant: string }) => [c.genre, c.identifiant]),
    ).toEqual([
      ['parametre', 'apprentissage.majoration_rqth.plafond'],
      ['regle', 'apprentissage.majoration_rqth'],
      ['cas_de_test', 'apprentissage.majoration_rqth › apprenti non RQTH'],
      [
        'cas_de_test',
        'apprentissage.majoration_rqth › apprenti RQTH, majoration plafonnée à 4 000 €',
      ],
    ]);
    expect(r.corps.citants[0]).toMatchObject({
      fichier: 'droit/parametres/apprentissage/majoration_rqth/plafond.yaml',
      dates: ['2021-01-01'],
    });
    expect(r.corps.citants[3].via).toEqual(['apprentissage.majoration_rqth']);
  });
  test('les publications importées', async () => {
    const r = await get('/api/v1/textes/publications');
    expect(
      r.corps.publications.map((p: { source: string; dateCode: string }) => [p.source, p.dateCode]),
    ).toEqual([
      ['@socialgouv/legi-data@2.229.0', '2023-02-17'],
      ['@socialgouv/legi-data@2.513.0', '2026-03-27'],
    ]);
  });
  test("les routes sont décrites dans l'OpenAPI", async () => {
    const r = await get('/openapi.json');
    expect(Object.keys(r.corps.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/textes',
        '/api/v1/textes/{article}',
        '/api/v1/textes/{article}/versions',
        '/api/v1/textes/{article}/diff',
        '/api/v1/textes/{article}/citations',
      ]),
    );
  });
});
