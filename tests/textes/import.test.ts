import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { versionEnVigueur } from '../../src/domaine/textes/index.ts';
import { trouverSource } from '../../src/import/sources.ts';
import { dossierPaquet, extraireAvecCache } from '../../src/import/textes/legi-data.extraction.ts';
import {
  importerPublicationTextes,
  importerTextesParDefaut,
} from '../../src/import/textes/textes.importer.ts';
import type { ResultatImport } from '../../src/import/provenance.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import type { Base } from '../../src/stockage/db.ts';
import {
  articlesDePublication,
  listerPublications,
  renvoiDe,
  versionsDeLArticle,
} from '../../src/stockage/textes.depot.ts';
import { baseDeTest } from '../aide/base.ts';

let base: Base;
let premiers: ResultatImport[];

beforeAll(async () => {
  base = await baseDeTest();
  premiers = await importerTextesParDefaut(base, progressionMuette);
});
afterAll(async () => {
  await base.fermer();
});

describe('import des textes depuis @socialgouv/legi-data (2.229.0 et 2.513.0)', () => {
  test('deux publications importées, avec leur provenance (paquet et version)', async () => {
    expect(premiers.map((r) => [r.source, r.millesime, r.statut])).toEqual([
      ['textes', '2.229.0', 'importe'],
      ['textes', '2.513.0', 'importe'],
    ]);
    const pubs = await listerPublications(base.db);
    expect(pubs.map((p) => [p.source, p.dateCode])).toEqual([
      ['@socialgouv/legi-data@2.229.0', '2023-02-17'],
      ['@socialgouv/legi-data@2.513.0', '2026-03-27'],
    ]);
    const meta = await base.db
      .selectFrom('import_meta')
      .select(['source', 'millesime', 'statut', 'details'])
      .orderBy('id')
      .execute();
    expect(meta.map((m) => [m.source, m.millesime, m.statut])).toEqual([
      ['textes', '2.229.0', 'termine'],
      ['textes', '2.513.0', 'termine'],
    ]);
    expect(meta[1]?.details).toMatchObject({
      paquet: '@socialgouv/legi-data',
      version: '2.513.0',
      dateCode: '2026-03-27',
    });
  });

  test("tous les préfixes de l'issue sont présents", async () => {
    const prefixes = [
      'L6211',
      'L6222',
      'L6223',
      'L6224',
      'L6225',
      'L6325',
      'L6332',
      'R6123',
      'R6332',
      'D6222',
      'D6224',
      'D6332',
    ];
    const lignes = await base.db.selectFrom('texte_version').select('article').distinct().execute();
    const articles = lignes.map((l) => l.article);
    for (const p of prefixes)
      expect(articles.filter((a) => a.startsWith(`${p}-`)).length, p).toBeGreaterThan(0);
    expect(articles).toContain('L6332-14');
    expect(articles).toContain('D6332-78');
    expect(articles).toContain('R6332-25');
    expect(articles).toContain('L6332-1 A');
  });

  test('L6332-14 : dix versions, deux textes réels (un par publication), identifiants et dates LEGI', async () => {
    const v = await versionsDeLArticle(base.db, 'L6332-14');
    expect(v.map((x) => x.idLegiarti)).toEqual([
      'LEGIARTI000006904356',
      'LEGIARTI000021341002',
      'LEGIARTI000021342218',
      'LEGIARTI000028698293',
      'LEGIARTI000033024369',
      'LEGIARTI000037387472',
      'LEGIARTI000038951599',
      'LEGIARTI000048686256',
      'LEGIARTI000051221005',
      'LEGIARTI000052437380',
    ]);
    const v7 = v[6];
    expect([v7?.etat, v7?.du, v7?.au, v7?.sourceTexte]).toEqual([
      'MODIFIE',
      '2019-08-23',
      '2023-12-29',
      '@socialgouv/legi-data@2.229.0',
    ]);
    expect(v7?.texte).toContain(
      "5° Les frais pédagogiques et les frais annexes d'une action de reconversion ou de promotion par l'alternance",
    );
    const v10 = v[9];
    expect([v10?.etat, v10?.du, v10?.au, v10?.sourceTexte]).toEqual([
      'VIGUEUR',
      '2026-01-01',
      null,
      '@socialgouv/legi-data@2.513.0',
    ]);
    expect(v10?.texte).toContain("III. - La participation de l'employeur mentionnée au 1° du I");
    expect(v.filter((x) => x.texte !== null)).toHaveLength(2);
    const enVigueur = versionEnVigueur(v, '2024-06-01');
    expect(enVigueur.ok && enVigueur.version.idLegiarti).toBe('LEGIARTI000048686256');
  });

  test('une version republiée à l’identique (même LEGIARTI) est stockée une seule fois', async () => {
    // L6222-18: same current version in both publications (texts differ only by spacing).
    const anciens = await articlesDePublication(base.db, '@socialgouv/legi-data@2.229.0');
    const nouveaux = await articlesDePublication(base.db, '@socialgouv/legi-data@2.513.0');
    const a = anciens?.find((x) => x.article === 'L6325-5');
    const n = nouveaux?.find((x) => x.article === 'L6325-5');
    expect(a?.idLegiarti).toBe(n?.idLegiarti);
    expect(a?.texte).not.toBe(n?.texte);
    const v = await versionsDeLArticle(base.db, 'L6325-5');
    expect(v.filter((x) => x.idLegiarti === n?.idLegiarti)).toHaveLength(1);
    expect(v.find((x) => x.idLegiarti === n?.idLegiarti)?.sourceTexte).toBe(
      '@socialgouv/legi-data@2.513.0',
    );
  });

  test('article abrogé entre les deux publications, article renuméroté', async () => {
    const [r] = await versionsDeLArticle(base.db, 'R6123-3-4');
    expect(r?.idLegiarti).toBe('LEGIARTI000029468230');
    expect(r?.au).toBe('2026-03-27');
    expect(r?.remarque).toContain('absent de @socialgouv/legi-data@2.513.0');
    // D6324-1 (2.229.0) is numbered R6324-1 in 2.513.0 (same cid LEGIARTI000018498290).
    expect(await renvoiDe(base.db, 'D6324-1')).toBe('R6324-1');
    const r6324 = await versionsDeLArticle(base.db, 'R6324-1');
    expect(r6324.map((x) => [x.idLegiarti, x.du, x.au, x.sourceTexte])).toEqual([
      ['LEGIARTI000018523049', '2008-05-01', '2014-08-28', null],
      ['LEGIARTI000029408675', '2014-08-28', '2019-01-01', null],
      ['LEGIARTI000037890855', '2019-01-01', '2020-03-18', null],
      ['LEGIARTI000041729797', '2020-03-18', '2026-02-01', '@socialgouv/legi-data@2.229.0'],
      ['LEGIARTI000053428032', '2026-02-01', null, '@socialgouv/legi-data@2.513.0'],
    ]);
    expect(await versionsDeLArticle(base.db, 'D6324-1')).toEqual([]);
  });

  test('idempotent : un second chargement ne réécrit rien', async () => {
    const avant = await base.db
      .selectFrom('texte_version')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const seconds = await importerTextesParDefaut(base, progressionMuette);
    expect(seconds.map((r) => r.statut)).toEqual(['deja_importe', 'deja_importe']);
    expect(seconds.map((r) => r.importId)).toEqual(premiers.map((r) => r.importId));
    const apres = await base.db
      .selectFrom('texte_version')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(apres.n)).toBe(Number(avant.n));
    const imports = await base.db.selectFrom('import_meta').select('id').execute();
    expect(imports).toHaveLength(2);
  });

  test('la source « textes » est dans le registre des imports', () => {
    const s = trouverSource('textes');
    expect(s?.fichierReference).toBeNull();
    expect(s?.demarrage).toBeDefined();
  });
});

describe('import refusé, tout ou rien', () => {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'opco-textes-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const fixtures = path.join(import.meta.dirname, 'fixtures');

  test('un paquet au format inattendu est refusé en nommant l’article fautif, sans rien écrire', async () => {
    await expect(
      importerPublicationTextes(base, path.join(fixtures, 'paquet-invalide'), progressionMuette, {
        dossierCache: cache,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_IMPORT_FICHIER_INVALIDE',
      message: expect.stringContaining('article D6332-78'),
    });
    expect((await listerPublications(base.db)).map((p) => p.version)).toEqual([
      '2.229.0',
      '2.513.0',
    ]);
  });

  test('un échec pendant l’écriture annule tout (publication et versions) et laisse une trace « echoue »', async () => {
    const avant = await versionsDeLArticle(base.db, 'L6332-14');
    await expect(
      importerPublicationTextes(
        base,
        path.join(fixtures, 'paquet-date-hors-norme'),
        progressionMuette,
        { dossierCache: cache },
      ),
    ).rejects.toThrow();
    expect((await listerPublications(base.db)).map((p) => p.version)).toEqual([
      '2.229.0',
      '2.513.0',
    ]);
    expect(await versionsDeLArticle(base.db, 'L6332-14')).toEqual(avant);
    const echecs = await base.db
      .selectFrom('import_meta')
      .select(['millesime', 'statut'])
      .where('statut', '=', 'echoue')
      .execute();
    expect(echecs).toEqual([{ millesime: '0.0.2-date-hors-norme', statut: 'echoue' }]);
  });

  test("l'extraction est mise en cache par version de paquet", async () => {
    const dossier = dossierPaquet('legi-data-ancien');
    const a = await extraireAvecCache(dossier, cache);
    const b = await extraireAvecCache(dossier, cache);
    expect(a.empreinte).toBe(b.empreinte);
    expect(a.source).toBe('@socialgouv/legi-data@2.229.0');
    expect(a.articles.find((x) => x.article === 'D6332-78')?.idLegiarti).toBe(
      'LEGIARTI000039103808',
    );
  });
});
