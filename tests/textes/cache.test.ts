import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { importerTextesParDefaut } from '../../src/import/textes/textes.importer.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import type { Base } from '../../src/stockage/db.ts';
import {
  articleEnCache,
  DELAI_VERIFICATION_TEXTES_MS,
  oublierArticles,
} from '../../src/stockage/textes.cache.ts';
import { baseDeTest } from '../aide/base.ts';

let base: Base;

beforeAll(async () => {
  base = await baseDeTest();
  await importerTextesParDefaut(base, progressionMuette);
});
afterAll(async () => {
  vi.useRealTimers();
  await base.fermer();
});

const remarque = (a: { versions: readonly { remarque: string | null }[] }) =>
  a.versions.map((v) => v.remarque);

async function poserRemarque(article: string, remarque: string | null) {
  await base.db
    .updateTable('texte_version')
    .set({ remarque })
    .where('article', '=', article)
    .execute();
}

describe('articles lus par l’API, gardés en mémoire', () => {
  test('un article est lu une fois : ses versions et ses sections, figées', async () => {
    const a = await articleEnCache(base, 'L6332-14');
    expect(a.versions.map((v) => v.idLegiarti)).toContain('LEGIARTI000038951599');
    expect(a.sections).toContain('Chapitre II : Opérateurs de compétences');
    expect(Object.isFrozen(a.versions)).toBe(true);
    expect(Object.isFrozen(a.versions[0])).toBe(true);
    expect(await articleEnCache(base, 'L6332-14')).toBe(a);
  });

  test('relu après oublierArticles (import dans ce processus)', async () => {
    await poserRemarque('L6332-14', 'note de test');
    expect(remarque(await articleEnCache(base, 'L6332-14'))).not.toContain('note de test');
    oublierArticles(base);
    expect(remarque(await articleEnCache(base, 'L6332-14'))).toContain('note de test');
    await poserRemarque('L6332-14', null);
    oublierArticles(base);
  });

  test('relu quand un import de textes a abouti depuis (autre processus), vérifié après le délai', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const avant = await articleEnCache(base, 'L6332-14');
      await poserRemarque('L6332-14', 'autre processus');
      await base.db
        .insertInto('import_meta')
        .values({
          source: 'textes',
          fichier: 'test',
          millesime: 'test',
          somme_controle: 'test',
          lignes_lues: 0,
          lignes_ecrites: 0,
          statut: 'termine',
          details: JSON.stringify({}),
        })
        .execute();
      expect(await articleEnCache(base, 'L6332-14')).toBe(avant);
      vi.advanceTimersByTime(DELAI_VERIFICATION_TEXTES_MS + 1);
      expect(remarque(await articleEnCache(base, 'L6332-14'))).toContain('autre processus');
    } finally {
      vi.useRealTimers();
      await poserRemarque('L6332-14', null);
      oublierArticles(base);
    }
  });

  test('un article inconnu n’est pas gardé : trouvé dès qu’il existe', async () => {
    expect((await articleEnCache(base, 'L9999-1')).versions).toEqual([]);
    await base.db
      .updateTable('texte_version')
      .set({ article: 'L9999-1' })
      .where('id_legiarti', '=', 'LEGIARTI000038951599')
      .execute();
    try {
      expect((await articleEnCache(base, 'L9999-1')).versions.map((v) => v.idLegiarti)).toEqual([
        'LEGIARTI000038951599',
      ]);
    } finally {
      await base.db
        .updateTable('texte_version')
        .set({ article: 'L6332-14' })
        .where('id_legiarti', '=', 'LEGIARTI000038951599')
        .execute();
      oublierArticles(base);
    }
  });
});
