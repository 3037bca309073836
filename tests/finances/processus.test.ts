import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { importerDotations, verifierGrandLivre } from '../../src/stockage/finances.depot.ts';
import { migrer } from '../../src/stockage/migrer.ts';
import { OPCO_BANC, preparerEcheancesPayables } from '../../bench/finances/preparation.ts';
import { provenanceTest } from './aide.ts';

const url = process.env.DATABASE_URL;
const racine = path.resolve(import.meta.dirname, '..', '..');
const N = 2_000;
const MONTANT = 10_000;

function enfant(args: string[]): {
  proc: ChildProcess;
  lignes: string[];
  fin: Promise<number | null>;
} {
  const proc = spawn(process.execPath, ['bin/run-ts.mjs', 'tests/finances/enfant.ts', ...args], {
    cwd: racine,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lignes: string[] = [];
  let reste = '';
  proc.stdout?.on('data', (d: Buffer) => {
    const t = reste + d.toString();
    const parts = t.split('\n');
    reste = parts.pop() ?? '';
    lignes.push(...parts);
    proc.emit('lignes');
  });
  const fin = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, lignes, fin };
}

async function schemaNeuf(): Promise<{ base: Base; schema: string }> {
  const schema = `t_fin_${randomBytes(5).toString('hex')}`;
  const base = await ouvrirBase({ databaseUrl: url, schema });
  await migrer(base);
  return { base, schema };
}

async function supprimer(schema: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

/** Every instalment paid exactly once, in the run's SEPA file, and the ledger consistent. */
async function verifierPayeUneFois(base: Base, lotId: string) {
  const x = await sql<{ payees: string; paiements: string; distincts: string; somme: string }>`
    select (select count(*) from fin_echeance where statut = 'payee') as payees,
           (select count(*) from fin_paiement where statut = 'emis') as paiements,
           (select count(distinct (dossier_id, numero)) from fin_paiement) as distincts,
           (select coalesce(sum(montant), 0) from fin_paiement) as somme`.execute(base.db);
  const r = x.rows[0];
  expect([r?.payees, r?.paiements, r?.distincts, r?.somme].map(Number)).toEqual([
    N,
    N,
    N,
    N * MONTANT,
  ]);
  const lot = await sql<{ statut: string; nombre_paiements: number; fichier: string }>`
    select statut, nombre_paiements, fichier from fin_lot where id = ${lotId}`.execute(base.db);
  expect(lot.rows[0]?.statut).toBe('termine');
  expect(lot.rows[0]?.nombre_paiements).toBe(N);
  // 2 000 × 100,00 € = 200 000,00 € in the file's control sum.
  expect(lot.rows[0]?.fichier).toContain('<CtrlSum>200000.00</CtrlSum>');
  expect((await verifierGrandLivre(base.db)).anomalies).toEqual([]);
}

describe.skipIf(!url)('lots de paiement : kill -9, reprise, deux processus (PostgreSQL)', () => {
  const schemas: string[] = [];
  const bases: Base[] = [];
  afterAll(async () => {
    for (const b of bases) await b.fermer();
    for (const s of schemas) await supprimer(s);
  });

  it('tué 20 fois à des instants aléatoires, relancé : chaque échéance payée exactement une fois', async () => {
    const { base, schema } = await schemaNeuf();
    bases.push(base);
    schemas.push(schema);
    await preparerEcheancesPayables(base.db, N, 37, MONTANT);
    const args = ['lot', url ?? '', schema, OPCO_BANC, '2026-03-01', '20'];
    let tues = 0;
    let tuesEnCours = 0;
    let termine = false;
    while (!termine) {
      const e = enfant(args);
      if (tues < 20) {
        // Killed after a random number of committed batches, or at a random instant (startup,
        // mid-batch, while closing the run).
        const parPaquets = randomInt(2) === 0;
        const seuil = randomInt(1, 5);
        await new Promise<void>((r) => {
          const tuer = () => {
            if (e.proc.exitCode === null) e.proc.kill('SIGKILL');
            r();
          };
          if (parPaquets)
            e.proc.on('lignes', () => {
              if (e.lignes.filter((l) => l.startsWith('paquet')).length >= seuil) tuer();
            });
          // A short window (mostly start-up and the first batches): on a fast machine a longer
          // one let a run finish before its twentieth kill.
          else setTimeout(tuer, randomInt(50, 500));
          void e.fin.then(() => r());
        });
        const code = await e.fin;
        if (code === null) {
          tues++;
          if (e.lignes.some((l) => l.startsWith('paquet'))) tuesEnCours++;
        } else if (code !== 0) throw new Error(`le processus enfant a échoué (code ${code})`);
        else termine = code === 0 && e.lignes.some((l) => l.startsWith('fin'));
      } else {
        expect(await e.fin).toBe(0);
        termine = true;
      }
    }
    expect(tues).toBe(20);
    // Some kills hit a run that had already committed batches (a real mid-run crash).
    expect(tuesEnCours).toBeGreaterThan(0);
    await verifierPayeUneFois(base, `${OPCO_BANC}-2026-03-01`);
  });

  it('deux processus lancent le même lot en même temps : chaque échéance payée une fois', async () => {
    const { base, schema } = await schemaNeuf();
    bases.push(base);
    schemas.push(schema);
    await preparerEcheancesPayables(base.db, N, 37, MONTANT);
    const args = ['lot', url ?? '', schema, OPCO_BANC, '2026-03-01', '25'];
    const a = enfant(args);
    const b = enfant(args);
    expect(await a.fin).toBe(0);
    expect(await b.fin).toBe(0);
    await verifierPayeUneFois(base, `${OPCO_BANC}-2026-03-01`);
    // Both did part of the work or one found it done: together, exactly N.
    const paquets = [...a.lignes, ...b.lignes]
      .filter((l) => l.startsWith('paquet'))
      .map((l) => Number(l.split(' ')[1]));
    expect(paquets.reduce((s, n) => s + n, 0)).toBe(N);
  });

  it('deux processus engagent en même temps sur les derniers euros : 0 dépassement', async () => {
    const { base, schema } = await schemaNeuf();
    bases.push(base);
    schemas.push(schema);
    // 5 000,00 €; 2 × 100 commitments of 70,00 € → ⌊500 000 / 7 000⌋ = 71 accepted in all.
    await importerDotations(
      base.db,
      [
        {
          opco: 'OPCO_C',
          section: 'alternance',
          origine: 'mutualises',
          annee: 2026,
          montantCentimes: 500_000,
          reference: 'd',
          dateReference: '2025-11-27',
        },
      ],
      provenanceTest,
    );
    const a = enfant(['engager', url ?? '', schema, 'A', '100', '7000']);
    const b = enfant(['engager', url ?? '', schema, 'B', '100', '7000']);
    expect(await a.fin).toBe(0);
    expect(await b.fin).toBe(0);
    const acceptes = [...a.lignes, ...b.lignes]
      .filter((l) => l.startsWith('fin'))
      .map((l) => Number(l.split(' ')[1]));
    expect(acceptes.reduce((s, n) => s + n, 0)).toBe(71);
    const dispo = await sql<{
      solde: string;
    }>`select solde from fin_compte where id = 'OPCO_C|alternance|mutualises|-|disponible|2026'`.execute(
      base.db,
    );
    expect(Number(dispo.rows[0]?.solde)).toBe(3_000);
    expect((await verifierGrandLivre(base.db)).anomalies).toEqual([]);
  });
});
