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

describe.runIf(moteurDeTest === 'postgres')('PostgreSQL partagé', () => {
  it('migre pendant que d’autres processus créent et suppriment leurs schémas', async () => {
    const url = process.env.DATABASE_URL ?? '';
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    let fini = false;
    // Another test file's life: a schema with tables, dropped as soon as it is made.
    const agitation = (async () => {
      for (let i = 0; !fini && i < 2000; i++) {
        const s = `t_agite_${process.pid}_${i}`;
        await c.query(`create schema ${s}; create table ${s}.t (id serial primary key, x text)`);
        await c.query(`drop schema ${s} cascade`);
      }
    })();
    try {
      for (let tour = 0; tour < 3; tour++) {
        const bases = await Promise.all([1, 2, 3].map(() => baseDeTest({ migrer: false })));
        try {
          const appliquees = await Promise.all(bases.map((b) => migrer(b)));
          for (const a of appliquees) expect(a).toEqual(noms);
        } finally {
          await Promise.all(bases.map((b) => b.fermer()));
        }
      }
    } finally {
      fini = true;
      await agitation;
      await c.end();
    }
  }, 300_000);
});
