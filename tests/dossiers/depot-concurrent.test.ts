import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genererDossiers } from '../../bench/dossiers/generer.ts';
import { verifierAudit } from '../../src/api/routes/audit.routes.ts';
import { ServiceDossiers, type PortsDossiers } from '../../src/api/dossiers/service.ts';
import { ReferentielsEnMemoire } from '../../src/domaine/dossiers/index.ts';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { ajouterAuditLot } from '../../src/stockage/audit.depot.ts';
import { TransactionsGroupees } from '../../src/stockage/transactions-groupees.ts';
import { baseDeTest, moteurDeTest } from '../aide/base.ts';
import { moteurDeTest as moteur } from '../aide/moteur.ts';

/**
 * Deposits grouped in one transaction per batch (src/stockage/transactions-groupees.ts), from
 * two « processes » (two pools on PostgreSQL) at once: the audit chain stays one and valid, and
 * one idempotency key still makes one dossier.
 */
describe(`dépôts groupés et concurrents (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  let autre: Base;
  const jeu = genererDossiers(60, 11);
  const ports: PortsDossiers = {
    referentiels: new ReferentielsEnMemoire(jeu),
    opcoAttendu: async () => '03',
    npec: async () => null,
  };
  const auteur = { compteId: null, cleId: null, processus: 'test' };

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

  it('60 dépôts, chacun envoyé deux fois avec sa clé par deux processus : 60 dossiers, chaîne valide', async () => {
    const m = moteur();
    const s1 = new ServiceDossiers(base, m, ports);
    const s2 = new ServiceDossiers(autre, m, ports);
    const r = await Promise.all(
      jeu.dossiers.flatMap((c, i) => [
        s1.deposer(auteur, c, { cleIdempotence: `cle-${i}` }),
        s2.deposer(auteur, c, { cleIdempotence: `cle-${i}` }),
      ]),
    );
    // Each key: one call created, the other found the same dossier.
    for (let i = 0; i < jeu.dossiers.length; i++) {
      const [a, b] = [r[2 * i]!, r[2 * i + 1]!];
      expect(a.ligne.dossier.id).toBe(b.ligne.dossier.id);
      expect([a.cree, b.cree].filter(Boolean)).toHaveLength(1);
    }
    const dossiers = await base.db.selectFrom('dossier').select(['id', 'etat']).execute();
    expect(dossiers).toHaveLength(60);
    const cles = await base.db.selectFrom('dossier_idempotence').select('cle').execute();
    expect(cles).toHaveLength(60);
    // One audit row per decision (engaged or refused), the chain intact.
    const decides = dossiers.filter((d) => d.etat === 'engage' || d.etat === 'refuse').length;
    expect(decides).toBeGreaterThan(20);
    expect(await verifierAudit(base)).toEqual({ valide: true, lignes: decides });
  });

  it('une unité qui échoue dans un groupe : elle seule échoue, les autres sont écrites une fois', async () => {
    const g = new TransactionsGroupees(base.db, { taille: 10, paralleles: 1 });
    const ligne = (i: number) => ({
      horodatage: '2026-12-02T09:00:00.000Z',
      compteId: null,
      cleId: null,
      organisationId: null,
      action: 'essai.groupe',
      ressource: `essai:${i}`,
      avant: null,
      apres: null,
    });
    const avant = (await verifierAudit(base)).lignes;
    // The first unit holds the only slot; the next ten wait and run as one group.
    const resultats = await Promise.allSettled(
      Array.from({ length: 11 }, (_, i) =>
        g.executer(async () => {
          if (i === 5) throw new Error('unité 5 en échec');
          return { valeur: i, audit: [ligne(i)] };
        }),
      ),
    );
    expect(resultats.map((x) => x.status)).toEqual([
      ...Array<string>(5).fill('fulfilled'),
      'rejected',
      ...Array<string>(5).fill('fulfilled'),
    ]);
    const r = await verifierAudit(base);
    expect(r).toEqual({ valide: true, lignes: avant + 10 });
    const essais = await base.db
      .withTables<{ audit: { action: string; ressource: string; rang: number } }>()
      .selectFrom('audit')
      .select('ressource')
      .where('action', '=', 'essai.groupe')
      .orderBy('rang')
      .execute();
    expect(essais.map((e) => e.ressource)).toEqual(
      [0, 1, 2, 3, 4, 6, 7, 8, 9, 10].map((i) => `essai:${i}`),
    );
  });

  it('un lot de lignes d’audit est chaîné dans l’ordre, en une seule tête', async () => {
    const avant = (await verifierAudit(base)).lignes;
    const lignes = await base.db.transaction().execute((trx) =>
      ajouterAuditLot(
        trx,
        [1, 2, 3].map((i) => ({
          horodatage: '2026-12-02T09:00:00.000Z',
          compteId: null,
          cleId: null,
          organisationId: null,
          action: 'essai.lot',
          ressource: `lot:${i}`,
          avant: null,
          apres: null,
        })),
      ),
    );
    expect(lignes.map((l) => l.rang)).toEqual([avant + 1, avant + 2, avant + 3]);
    expect(lignes[1]!.precedent).toBe(lignes[0]!.empreinte);
    expect(await verifierAudit(base)).toEqual({ valide: true, lignes: avant + 3 });
  });
});
