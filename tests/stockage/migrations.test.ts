import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ouvrirBase } from '../../src/stockage/db.ts';
import { etatMigrations, migrer } from '../../src/stockage/migrer.ts';
import { migrations } from '../../src/stockage/migrations/index.ts';
import { baseDeTest, moteurDeTest } from '../aide/base.ts';

const noms = Object.keys(migrations);

describe(`migrations (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  beforeAll(async () => {
    base = await baseDeTest({ migrer: false });
  });
  afterAll(async () => base.fermer());

  it('liste toutes les migrations en attente sur une base vide', async () => {
    const etat = await etatMigrations(base);
    expect(etat.map((m) => m.nom)).toEqual(noms);
    expect(etat.every((m) => !m.appliquee && m.appliqueeLe === null)).toBe(true);
  });

  it('applique toutes les migrations dans l’ordre, puis plus rien la seconde fois', async () => {
    expect(await migrer(base)).toEqual(noms);
    expect(await migrer(base)).toEqual([]);
    const etat = await etatMigrations(base);
    expect(etat.filter((m) => m.appliquee).map((m) => m.nom)).toEqual(noms);
  });

  it('crée les tables avec leurs contraintes (code OPCO à deux chiffres)', async () => {
    const { id } = await base.db
      .insertInto('import_meta')
      .values({
        source: 't',
        fichier: 'f',
        millesime: null,
        somme_controle: 'x',
        lignes_lues: 0,
        lignes_ecrites: 0,
        statut: 'termine',
        details: JSON.stringify({}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      base.db
        .insertInto('opco')
        .values({
          code: '123',
          nom: 'X',
          siren: '123456789',
          slug: 'x',
          libelle_usuel: 'X',
          import_id: id,
        })
        .execute(),
    ).rejects.toThrow(/check/i);
  });

  it('garde la monnaie en entiers exacts au-delà de 2^31 (int8 lu comme nombre)', async () => {
    const r = await sql<{ v: number }>`select 123456789012::int8 as v`.execute(base.db);
    expect(r.rows[0]?.v).toBe(123456789012);
  });
});

describe.runIf(moteurDeTest === 'pglite')('PGlite sur disque', () => {
  const dossier = mkdtempSync(path.join(tmpdir(), 'opco-pglite-'));
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));

  it('garde les données après un redémarrage', async () => {
    const b1 = await ouvrirBase({ dbPath: dossier });
    await migrer(b1);
    await b1.db
      .insertInto('import_meta')
      .values({
        source: 'persistance',
        fichier: 'f.csv',
        millesime: '2026-06',
        somme_controle: 'sha256:abc',
        lignes_lues: 7,
        lignes_ecrites: 7,
        statut: 'termine',
        details: JSON.stringify({ note: 'avant redémarrage' }),
      })
      .execute();
    await b1.fermer();

    const b2 = await ouvrirBase({ dbPath: dossier });
    expect(await migrer(b2)).toEqual([]);
    const ligne = await b2.db
      .selectFrom('import_meta')
      .select(['millesime', 'lignes_lues', 'details'])
      .where('source', '=', 'persistance')
      .executeTakeFirstOrThrow();
    expect(ligne).toEqual({
      millesime: '2026-06',
      lignes_lues: 7,
      details: { note: 'avant redémarrage' },
    });
    await b2.fermer();
  });
});
