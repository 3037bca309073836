import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifierAudit } from '../../src/api/routes/audit.routes.ts';
import { empreinteLigne, EMPREINTE_ORIGINE } from '../../src/domaine/comptes/index.ts';
import { parcourirAudit, type NouvelleLigne } from '../../src/stockage/audit.depot.ts';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { TransactionsGroupees } from '../../src/stockage/transactions-groupees.ts';
import { tableEnLot } from '../../src/stockage/insertion-lot.ts';
import { baseDeTest, moteurDeTest } from '../aide/base.ts';

/**
 * Groups written by one statement (src/stockage/transactions-groupees.ts): the audit rows are
 * chained by PostgreSQL (recursive CTE) after the locked head, with the very hash of
 * `empreinteLigne`, whatever the strings hold; a unit whose rows fail fails alone.
 */
describe(`groupe écrit en une instruction (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  let autre: Base;
  beforeAll(async () => {
    base = await baseDeTest();
    autre =
      base.moteur === 'postgres'
        ? await ouvrirBase({ databaseUrl: process.env.DATABASE_URL, schema: base.schema })
        : base;
  });
  afterAll(async () => {
    if (autre !== base) await autre.fermer();
    await base.fermer();
  });

  const difficiles = [
    'é à ç — « guillemets » 😀 \u2028',
    'ligne\nsuivante\t"rang":-1, fin',
    '"rang":-1',
    'x\\"rang\\":-1,',
    '{"rang":1}',
  ];
  const ligne = (i: number, s: string): NouvelleLigne => ({
    horodatage: `2026-12-02T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
    compteId: i % 2 ? s : null,
    cleId: null,
    organisationId: i % 3 ? null : `org-${i}`,
    action: 'essai.chaine',
    ressource: `essai:${s}`,
    avant: i % 2 ? null : s,
    apres: s,
  });

  it('lignes chaînées par l’instruction : même empreinte qu’empreinteLigne, deux processus, chaîne valide', async () => {
    const g1 = new TransactionsGroupees(base.db, { taille: 8, paralleles: 2 });
    const g2 = new TransactionsGroupees(autre.db, { taille: 8, paralleles: 2 });
    const valeurs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? g2 : g1).executer({
          valeur: i,
          audit: [ligne(i, difficiles[i % difficiles.length]!)],
        }),
      ),
    );
    expect(valeurs).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(await verifierAudit(base)).toEqual({ valide: true, lignes: 40 });
    // Recomputed here from the stored content: the hash is the one of the domain.
    let precedent = EMPREINTE_ORIGINE;
    const ressources: string[] = [];
    for await (const l of parcourirAudit(base.db)) {
      expect(l.precedent).toBe(precedent);
      expect(l.empreinte).toBe(empreinteLigne(precedent, l));
      precedent = l.empreinte;
      ressources.push(l.ressource);
    }
    expect(new Set(ressources)).toEqual(new Set(difficiles.map((s) => `essai:${s}`)));
  });

  it('une unité dont les lignes échouent (clé étrangère) échoue seule ; les autres sont écrites une fois', async () => {
    const avant = (await verifierAudit(base)).lignes;
    const cles = tableEnLot<{ auteur: string; cle: string; empreinte: string; dossier_id: string }>(
      'dossier_idempotence',
      { auteur: 'text', cle: 'text', empreinte: 'text', dossier_id: 'text' },
    );
    const g = new TransactionsGroupees(base.db, { taille: 10, paralleles: 1 });
    // The first unit holds the only slot; the next ten wait and are written as one statement.
    const r = await Promise.allSettled(
      Array.from({ length: 11 }, (_, i) =>
        g.executer({
          valeur: i,
          audit: [ligne(i, `unité ${i}`)],
          insertions:
            i === 6
              ? [
                  {
                    table: cles,
                    lignes: [{ auteur: 'a', cle: 'k', empreinte: 'e', dossier_id: 'absent' }],
                  },
                ]
              : [],
        }),
      ),
    );
    expect(r.map((x) => x.status)).toEqual([
      ...Array<string>(6).fill('fulfilled'),
      'rejected',
      ...Array<string>(4).fill('fulfilled'),
    ]);
    expect(await verifierAudit(base)).toEqual({ valide: true, lignes: avant + 10 });
    const k = await base.db.selectFrom('dossier_idempotence').select('cle').execute();
    expect(k).toEqual([]);
  });
});
