import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseDeTest, moteurDeTest } from '../aide/base.ts';

/** Concurrent transactions must not see or undo each other's work (PGlite is one connection). */
describe(`transactions concurrentes (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  beforeAll(async () => {
    base = await baseDeTest();
  });
  afterAll(async () => base.fermer());

  const ligne = (source: string) => ({
    source,
    fichier: 'f',
    millesime: null,
    somme_controle: source,
    lignes_lues: 0,
    lignes_ecrites: 0,
    statut: 'termine' as const,
    details: JSON.stringify({}),
  });

  it('une transaction annulée n’emporte pas celle qui tourne en même temps', async () => {
    const attendre = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const annulee = base.db.transaction().execute(async (trx) => {
      await trx.insertInto('import_meta').values(ligne('annulee')).execute();
      await attendre(30);
      throw new Error('échec volontaire');
    });
    const validee = base.db.transaction().execute(async (trx) => {
      await trx.insertInto('import_meta').values(ligne('validee')).execute();
      await attendre(10);
      await trx.insertInto('import_meta').values(ligne('validee-2')).execute();
    });
    const isolee = base.db.insertInto('import_meta').values(ligne('hors-transaction')).execute();
    const resultats = await Promise.allSettled([annulee, validee, isolee]);
    expect(resultats.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const sources = await base.db
      .selectFrom('import_meta')
      .select('source')
      .orderBy('source')
      .execute();
    expect(sources.map((s) => s.source)).toEqual(['hors-transaction', 'validee', 'validee-2']);
  });
});
