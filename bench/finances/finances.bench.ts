import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ouvrirBase } from '../../src/stockage/db.ts';
import {
  executerLot,
  importerDotations,
  reserverEngagement,
} from '../../src/stockage/finances.depot.ts';
import { migrer } from '../../src/stockage/migrer.ts';
import type { Database } from '../../src/stockage/schema.ts';
import { engagement, provenanceTest } from '../../tests/finances/aide.ts';
import { OPCO_BANC, preparerEcheancesPayables } from './preparation.ts';

export interface OptionsBancFinances {
  url: string;
  echeances: number;
  cfas: number;
  clients: number;
  engagementsParClient: number;
  connexions: number;
  journal: (m: string) => void;
}

async function avecSchema<T>(
  url: string,
  f: (db: Kysely<Database>, schema: string, pool: pg.Pool) => Promise<T>,
  connexions: number,
): Promise<T> {
  const schema = `banc_fin_${randomBytes(4).toString('hex')}`;
  const base = await ouvrirBase({ databaseUrl: url, schema });
  await migrer(base);
  await base.fermer();
  const pool = new pg.Pool({
    connectionString: url,
    max: connexions,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await f(db, schema, pool);
  } finally {
    await db.destroy();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}

/**
 * (1) A payment run of N instalments (batches, ledger entries, unique payment per instalment,
 * SEPA file) against a plain INSERT … SELECT of the same rows into an unconstrained table.
 * (2) Commitments per second, 200 concurrent clients on ONE envelope (the hot row), against
 * pgbench's TPC-B-like transaction on the same server with the same number of connections.
 */
export async function benchFinances(o: OptionsBancFinances) {
  const lot = await avecSchema(
    o.url,
    async (db) => {
      o.journal(`préparation de ${o.echeances} échéances payables (${o.cfas} CFA)…`);
      await preparerEcheancesPayables(db, o.echeances, o.cfas);
      const t0 = performance.now();
      const r = await executerLot(db, {
        opco: OPCO_BANC,
        dateExecution: '2026-03-01',
        taillePaquet: 1000,
      });
      const lotMs = performance.now() - t0;
      o.journal(`lot : ${r.nombrePaiements} paiements en ${(lotMs / 1000).toFixed(1)} s`);
      await sql`create table copie_paiement (lot_id text, dossier_id text, numero integer, siret text, montant bigint, statut text)`.execute(
        db,
      );
      // The same rows, by the plainest statement (the echeances are now paid: select them again).
      const t1 = performance.now();
      await sql`insert into copie_paiement (lot_id, dossier_id, numero, siret, montant, statut)
        select 'copie', e.dossier_id, e.numero, d.siret, e.facture, 'emis'
          from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
         where d.opco = ${OPCO_BANC}`.execute(db);
      const insertMs = performance.now() - t1;
      o.journal(`INSERT … SELECT : ${(insertMs / 1000).toFixed(2)} s`);
      return {
        paiements: r.nombrePaiements,
        lotMs: Math.round(lotMs),
        insertSelectMs: Math.round(insertMs),
        ratio: +(lotMs / insertMs).toFixed(1),
      };
    },
    10,
  );

  const engagements = await avecSchema(
    o.url,
    async (db) => {
      const n = o.clients * o.engagementsParClient;
      // Enough for 90 % of the commitments: the last ones are refused (0 overspend checked).
      const montant = 7_000;
      const dotation = Math.floor(n * 0.9) * montant;
      await importerDotations(
        db,
        [
          {
            opco: 'OPCO_C',
            section: 'alternance',
            origine: 'mutualises',
            annee: 2026,
            montantCentimes: dotation,
            reference: 'banc',
            dateReference: '2025-11-27',
          },
        ],
        provenanceTest,
      );
      const t0 = performance.now();
      const acceptes = await Promise.all(
        Array.from({ length: o.clients }, async (_, c) => {
          let ok = 0;
          for (let i = 0; i < o.engagementsParClient; i++) {
            const r = await reserverEngagement(
              db,
              engagement(`B${c}-${i}`, montant, { opco: 'OPCO_C' }),
              { delaiSoldeMois: 4 },
            );
            if (r.statut === 'reserve') ok++;
          }
          return ok;
        }),
      );
      const ms = performance.now() - t0;
      const total = acceptes.reduce((s, x) => s + x, 0);
      const parSeconde = (n * 1000) / ms;
      o.journal(
        `engagements : ${n} en ${(ms / 1000).toFixed(1)} s (${parSeconde.toFixed(0)}/s), ${total} acceptés sur ${Math.floor(n * 0.9)} possibles`,
      );
      return {
        clients: o.clients,
        connexions: o.connexions,
        engagements: n,
        acceptes: total,
        attendus: Math.floor(n * 0.9),
        ms: Math.round(ms),
        parSeconde: Math.round(parSeconde),
      };
    },
    o.connexions,
  );

  // pgbench TPC-B-like on its own database of the same server.
  const u = new URL(o.url);
  const nomBase = `banc_pgbench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: o.url });
  await admin.connect();
  await admin.query(`create database ${nomBase}`);
  let tps = 0;
  try {
    const args = [
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username || 'postgres'),
    ];
    execFileSync('pgbench', [...args, '-i', '-q', '-s', '1', nomBase], { stdio: 'ignore' });
    const sortie = execFileSync(
      'pgbench',
      [
        ...args,
        '-n',
        '-b',
        'tpcb-like',
        '-c',
        String(o.connexions),
        '-j',
        '2',
        '-T',
        '10',
        nomBase,
      ],
      { encoding: 'utf8' },
    );
    tps = Number(/tps = ([\d.]+)/.exec(sortie)?.[1] ?? 0);
    o.journal(`pgbench tpcb-like, ${o.connexions} connexions : ${tps.toFixed(0)} tps`);
  } finally {
    await admin.query(`drop database if exists ${nomBase}`);
    await admin.end();
  }
  return {
    lot,
    engagements,
    pgbench: {
      tps: Math.round(tps),
      connexions: o.connexions,
      ratioEngagementsSurTps: tps > 0 ? +(engagements.parSeconde / tps).toFixed(3) : null,
    },
  };
}
