import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceDossiers, type PortsDossiers } from '../../src/api/dossiers/service.ts';
import { ReferentielsEnMemoire } from '../../src/domaine/dossiers/index.ts';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { evenementsDe, listerDossiers } from '../../src/stockage/dossiers.depot.ts';
import { migrer } from '../../src/stockage/migrer.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { ej20, fa13 } from './aide.ts';

/**
 * The silence rule applied at the deadline, exactly once, by two schedulers running at the same
 * time: on one PGlite (two pollers, one process) and on one PostgreSQL (two pools = two
 * processes' worth of connections, one schema of its own, dropped at the end).
 */
const ports: PortsDossiers = {
  referentiels: new ReferentielsEnMemoire(),
  opcoAttendu: async () => null, // unknown OPCO → left to a gestionnaire: en cours d'instruction
  npec: async () => null,
};
const horloge = (iso: string) => () => new Date(`${iso}T10:00:00Z`);

async function deposer(base: Base, n: number): Promise<void> {
  const s = new ServiceDossiers(base, moteurDeTest(), ports, horloge('2025-09-05'));
  for (let i = 0; i < n; i++)
    await s.deposer(
      { compteId: null, cleId: null, processus: 'test' },
      i % 2 === 0 ? fa13() : ej20(),
      {},
    );
}

async function verifier(base: Base, n: number, traites: number[]): Promise<void> {
  expect(traites.reduce((a, b) => a + b, 0)).toBe(n);
  const l = await listerDossiers(base.db, { organisations: 'toutes', limite: 1000 });
  expect(l).toHaveLength(n);
  for (const { dossier } of l) {
    const ev = await evenementsDe(base.db, dossier.id);
    expect(ev.filter((e) => e.type === 'decision_implicite')).toHaveLength(1);
    // FA13: silence = refus (R6224-3) ; EJ20: acceptation (D6325-2).
    expect(dossier.etat).toBe(dossier.formulaire === 'FA13' ? 'refuse' : 'engage');
  }
}

const moteurs: {
  nom: string;
  ouvrir: () => Promise<{ a: Base; b: Base; fin: () => Promise<void> }>;
}[] = [
  {
    nom: 'PGlite (deux planificateurs, une base)',
    async ouvrir() {
      const a = await ouvrirBase({ dbPath: 'memory://' });
      await migrer(a);
      return { a, b: a, fin: () => a.fermer() };
    },
  },
];
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgDisponible = await (async () => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
})();
if (pgDisponible)
  moteurs.push({
    nom: 'PostgreSQL (deux pools sur un schéma)',
    async ouvrir() {
      const schema = `t_dossiers_${randomBytes(5).toString('hex')}`;
      const a = await ouvrirBase({ databaseUrl: url, schema });
      await migrer(a);
      const b = await ouvrirBase({ databaseUrl: url, schema });
      return {
        a,
        b,
        async fin() {
          await a.fermer();
          await b.fermer();
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`drop schema if exists ${schema} cascade`);
          await c.end();
        },
      };
    },
  });

describe.each(moteurs)('planificateur du silence : $nom', ({ ouvrir }) => {
  const fins: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const f of fins) await f();
  });

  it('échéance au 20e jour : rien le 2025-09-25, une seule décision implicite par dossier le 26', async () => {
    const { a, b, fin } = await ouvrir();
    fins.push(fin);
    const n = 24;
    await deposer(a, n);
    const p = (base: Base, jour: string, nom: string) =>
      new ServiceDossiers(base, moteurDeTest(), ports, horloge(jour)).appliquerSilences(nom, 5);
    expect(await Promise.all([p(a, '2025-09-25', 'A'), p(b, '2025-09-25', 'B')])).toEqual([0, 0]);
    const traites = await Promise.all([p(a, '2025-09-26', 'A'), p(b, '2025-09-26', 'B')]);
    await verifier(a, n, traites);
    // A later tick finds nothing left.
    expect(await p(b, '2025-09-27', 'B')).toBe(0);
  });

  it('même clé d’idempotence envoyée en même temps par deux processus : un seul dossier', async () => {
    const { a, b, fin } = await ouvrir();
    fins.push(fin);
    const auteur = { compteId: null, cleId: null, processus: 'test' };
    const envoi = (base: Base) =>
      new ServiceDossiers(base, moteurDeTest(), ports, horloge('2025-09-05')).deposer(
        auteur,
        fa13(),
        { cleIdempotence: 'meme-cle-0001' },
      );
    const r = await Promise.all([envoi(a), envoi(b), envoi(a), envoi(b)]);
    expect(new Set(r.map((x) => x.ligne.dossier.id)).size).toBe(1);
    expect(r.filter((x) => x.cree)).toHaveLength(1);
    expect(await listerDossiers(a.db, { organisations: 'toutes', limite: 10 })).toHaveLength(1);
  });
});
