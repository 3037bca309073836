import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, test } from 'vitest';
import { demarrerContexte, type Contexte } from '../../src/contexte.ts';
import { versionsDeLArticle } from '../../src/stockage/textes.depot.ts';
import { configDeTest } from '../aide/base.ts';

const url = process.env.DATABASE_URL;
const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
let ctx: Contexte | undefined;

afterAll(async () => {
  await ctx?.base.fermer();
  if (url && schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
});

test('au premier démarrage, les textes sont importés depuis les paquets, et les citations vérifiées', async () => {
  ctx = await demarrerContexte(configDeTest(), schema ? { schema } : {});
  const textes = ctx.chargement.resultats.filter((r) => r.source === 'textes');
  expect(textes.map((r) => [r.millesime, r.statut])).toEqual([
    ['2.229.0', 'importe'],
    ['2.513.0', 'importe'],
  ]);
  expect(ctx.migrationsAppliquees).toContain('0030_textes');
  expect((await versionsDeLArticle(ctx.base.db, 'D6332-78')).map((v) => v.idLegiarti)).toEqual([
    'LEGIARTI000038017139',
    'LEGIARTI000039103808',
    'LEGIARTI000051819669',
    'LEGIARTI000053003172',
  ]);
  expect(ctx.chargement.manquants.filter((m) => m.startsWith('Citation'))).toEqual([]);
});
