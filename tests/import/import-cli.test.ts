import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chargerDependances, dependancesDe } from '../../src/import/sources.ts';
import { ErreurOpco } from '../../src/partage/erreurs.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import { ouvrirBase } from '../../src/stockage/db.ts';
import { baseDeTest, codeOpco } from '../aide/base.ts';
import { opco } from '../aide/commande.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'opco-import-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('opco import sur une base neuve', () => {
  it('importe la table SIRO après avoir chargé seul les données de référence dont elle dépend', async () => {
    const db = path.join(tmp, 'db');
    const fichier = path.join(tmp, 'siro-202607.csv');
    writeFileSync(
      fichier,
      'SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION\n73282932000074|1486|ATLAS|\n73282932000082|1979|AKTO|\n',
    );
    const r = await opco(['import', 'siro', fichier], db);
    expect(r.code, r.erreur).toBe(0);
    expect(r.erreur).not.toContain('importez d’abord');
    expect(r.erreur).toContain('Données de référence « opcos » chargées (11 lignes)');
    expect(r.erreur).toContain('Données de référence « idcc-opco » chargées');
    expect(r.sortie).toMatch(/^Import n° [0-9]+ : 2 ligne\(s\) lue\(s\), 2 écrite\(s\)/);

    const base = await ouvrirBase({ databaseUrl: undefined, dbPath: db });
    try {
      const imports = await base.db
        .selectFrom('import_meta')
        .select(['source', 'statut'])
        .orderBy('id')
        .execute();
      expect(imports).toEqual([
        { source: 'opcos', statut: 'termine' },
        { source: 'idcc-opco', statut: 'termine' },
        { source: 'siro', statut: 'termine' },
      ]);
      expect(
        await base.db.selectFrom('siro_millesime').select(['millesime', 'demo']).execute(),
      ).toEqual([{ millesime: '2026-07', demo: false }]);
    } finally {
      await base.fermer();
    }

    // The same database answers with France compétences' code of the data file.
    const q = await opco(['rattachement', 'siret', '73282932000074', '--json'], db);
    expect(q.code, q.erreur).toBe(0);
    expect(JSON.parse(q.sortie)).toMatchObject({
      statut: 'trouve',
      opco: { code: codeOpco('ATLAS'), nom: 'ATLAS' },
      demo: false,
    });
  }, 600_000);
});

describe('dépendances d’un import', () => {
  it('ordonne les dépendances, dépendances d’abord', () => {
    expect(dependancesDe('siro').map((s) => s.nom)).toEqual(['opcos', 'idcc-opco']);
    expect(dependancesDe('idcc-opco').map((s) => s.nom)).toEqual(['opcos']);
    expect(dependancesDe('opcos')).toEqual([]);
  });

  it('sans dossier de données, nomme la source manquante et dit quoi importer', async () => {
    const base = await baseDeTest();
    try {
      const e = await chargerDependances(
        base,
        'siro',
        undefined,
        '/nulle/part',
        () => progressionMuette,
      ).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ErreurOpco);
      expect((e as ErreurOpco).code).toBe('ERR_DONNEES_ABSENTES');
      expect((e as ErreurOpco).message).toContain('« opcos »');
      expect((e as ErreurOpco).message).toContain('/nulle/part');
      expect((e as ErreurOpco).message).toContain('opco import opcos <fichier>');
    } finally {
      await base.fermer();
    }
  }, 600_000);
});
