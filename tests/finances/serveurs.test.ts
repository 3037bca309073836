/**
 * Issue 13, point 7 — several nodes, one truth: two real `opco serve` processes on ONE
 * PostgreSQL schema (OPCO_DB_SCHEMA), driven concurrently over HTTP with a comptable's session
 * (cookie + CSRF, created once, valid on both nodes) and an API key of the same role.
 * PGlite is one process by design: a second server on the same folder is refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPCO_BANC, preparerEcheancesPayables } from '../../bench/finances/preparation.ts';
import { ouvrirBase } from '../../src/stockage/db.ts';
import { importerDotations, solde, verifierGrandLivre } from '../../src/stockage/finances.depot.ts';
import { migrer } from '../../src/stockage/migrer.ts';
import { codeOpco } from '../aide/base.ts';
import { plateformeDeTest, type Session } from '../comptes/aide.ts';
import { engagement, provenanceTest } from './aide.ts';

const url = process.env.DATABASE_URL;
const racine = path.resolve(import.meta.dirname, '..', '..');

async function portLibre(): Promise<number> {
  return new Promise((resoudre, rejeter) => {
    const s = createServer();
    s.once('error', rejeter);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resoudre(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

interface Serveur {
  proc: ChildProcess;
  url: string;
  journal: () => string;
  pret: Promise<void>;
  fin: Promise<number | null>;
}

/** `opco serve` (bin/opco.mjs, the platform's own entry) on a free port, with `env`. */
async function serveur(env: Record<string, string>): Promise<Serveur> {
  const port = await portLibre();
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  };
  if (!env.DATABASE_URL) delete e.DATABASE_URL;
  const proc = spawn(process.execPath, ['bin/opco.mjs', 'serve'], {
    cwd: racine,
    env: e,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let journal = '';
  const fin = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const pret = new Promise<void>((resoudre, rejeter) => {
    const lire = (d: Buffer) => {
      journal += d.toString('utf8');
      if (journal.includes('Plateforme OPCO prête')) resoudre();
    };
    proc.stdout?.on('data', lire);
    proc.stderr?.on('data', lire);
    void fin.then((code) => rejeter(new Error(`opco serve arrêté (${code}) :\n${journal}`)));
  });
  pret.catch(() => {});
  return { proc, url: `http://127.0.0.1:${port}`, journal: () => journal, pret, fin };
}

async function arreter(s: Serveur | undefined) {
  if (!s || s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  s.proc.kill('SIGTERM');
  await s.fin;
}

describe.skipIf(!url)('deux serveurs sur un même PostgreSQL : une seule vérité', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const opco = codeOpco('ATLAS');
  let opcoOrg: string;
  let comptable: Session;
  let cle: string;
  let admin: Session;
  const serveurs: Serveur[] = [];
  const vide = mkdtempSync(path.join(os.tmpdir(), 'opco-donnees-vides-'));

  beforeAll(async () => {
    // The platform's schema, migrated; accounts created once (sessions and keys live in the base).
    p = await plateformeDeTest();
    opcoOrg = await p.organisation('opco', { codeOpco: opco });
    comptable = await p.personne('compta@deux-serveurs.test', {
      organisationId: opcoOrg,
      role: 'opco_comptable',
    });
    const adminOpco = await p.personne('admin-opco@deux-serveurs.test', {
      organisationId: opcoOrg,
      role: 'opco_administrateur',
    });
    const c = await p.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${opcoOrg}/cles`,
      headers: { cookie: adminOpco.cookie, 'x-csrf-token': adminOpco.csrf },
      payload: { libelle: 'Logiciel comptable', role: 'opco_comptable' },
    });
    expect(c.statusCode).toBe(201);
    cle = (c.json() as { cle: string }).cle;
    admin = await p.personne('admin@deux-serveurs.test', null, true);

    // Two nodes: the same schema, each its own port and connection pool. The first loads the
    // reference data (an empty data folder: only the npm sources); the second finds them.
    const env = {
      DATABASE_URL: url ?? '',
      OPCO_DB_SCHEMA: p.ctx.base.schema,
      OPCO_DATA_DIR: vide,
    };
    const a = await serveur(env);
    serveurs.push(a);
    await a.pret;
    const b = await serveur(env);
    serveurs.push(b);
    await b.pret;
  }, 300_000);

  afterAll(async () => {
    await Promise.all(serveurs.map(arreter));
    await p?.fermer();
    rmSync(vide, { recursive: true, force: true });
  }, 60_000);

  /** Over HTTP: the comptable's session (cookie + CSRF) or the API key, alternately. */
  function appel(noeud: number, methode: 'GET' | 'POST', chemin: string, corps?: unknown) {
    const s = serveurs[noeud % 2];
    if (!s) throw new Error('serveur absent');
    const parCle = noeud % 4 >= 2;
    return fetch(`${s.url}${chemin}`, {
      method: methode,
      headers: {
        ...(parCle
          ? { 'x-api-key': cle }
          : { cookie: comptable.cookie, 'x-csrf-token': comptable.csrf }),
        ...(corps === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(corps === undefined ? {} : { body: JSON.stringify(corps) }),
    });
  }

  async function verification() {
    const r = await fetch(`${serveurs[1]?.url}/api/v1/finances/verification`, {
      headers: { cookie: admin.cookie },
    });
    expect(r.status).toBe(200);
    return (await r.json()) as { anomalies: string[]; ecritures: number };
  }

  it('les deux nœuds répondent sur la même base (session et clé valables sur chacun)', async () => {
    for (let n = 0; n < 4; n++) {
      const r = await appel(n, 'GET', `/api/v1/finances/opco/${opcoOrg}/lots`);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ lots: [] });
    }
  });

  it('le même lot lancé sur les deux nœuds à la fois : chaque échéance payée une fois, livre équilibré', async () => {
    const N = 3_000;
    const MONTANT = 10_000;
    await preparerEcheancesPayables(p.ctx.base.db, N, 7, MONTANT, opco);
    // Six requests at once, three per node, session and key mixed: the same run (same date).
    const reponses = await Promise.all(
      Array.from({ length: 6 }, async (_, n) => {
        const r = await appel(n, 'POST', `/api/v1/finances/opco/${opcoOrg}/lots`, {
          dateExecution: '2026-03-01',
        });
        expect(r.status).toBe(200);
        return (await r.json()) as { lotId: string; statut: string; nombrePaiements: number };
      }),
    );
    for (const r of reponses) expect(r).toMatchObject({ lotId: `${opco}-2026-03-01` });
    const x = await sql<{ payees: string; paiements: string; distincts: string; somme: string }>`
      select (select count(*) from fin_echeance where statut = 'payee') as payees,
             (select count(*) from fin_paiement where statut = 'emis') as paiements,
             (select count(distinct (dossier_id, numero)) from fin_paiement) as distincts,
             (select coalesce(sum(montant), 0) from fin_paiement) as somme`.execute(p.ctx.base.db);
    const r = x.rows[0];
    expect([r?.payees, r?.paiements, r?.distincts, r?.somme].map(Number)).toEqual([
      N,
      N,
      N,
      N * MONTANT,
    ]);
    const lots = (await (
      await appel(1, 'GET', `/api/v1/finances/opco/${opcoOrg}/lots`)
    ).json()) as {
      lots: { id: string; statut: string; nombrePaiements: number; montantCentimes: number }[];
    };
    expect(lots.lots).toEqual([
      expect.objectContaining({
        id: `${opco}-2026-03-01`,
        statut: 'termine',
        nombrePaiements: N,
        montantCentimes: N * MONTANT,
      }),
    ]);
    const fichier = await appel(
      0,
      'GET',
      `/api/v1/finances/opco/${opcoOrg}/lots/${opco}-2026-03-01/fichier`,
    );
    expect(fichier.status).toBe(200);
    // 3 000 × 100,00 € = 300 000,00 € in the SEPA file's control sum, one transfer per CFA.
    const xml = await fichier.text();
    expect(xml).toContain('<CtrlSum>300000.00</CtrlSum>');
    expect(xml.match(/<CdtTrfTxInf>/g)).toHaveLength(7);
    expect((await verification()).anomalies).toEqual([]);
    expect(OPCO_BANC).not.toBe(opco);
  }, 240_000);

  it('200 engagements sur les derniers euros, envoyés tour à tour aux deux nœuds : aucun dépassement, refus chiffrés', async () => {
    // 500,00 € for plan < 50 (a section of its own: the payment run above does not touch it).
    await importerDotations(
      p.ctx.base.db,
      [
        {
          opco,
          section: 'plan_moins_50',
          origine: 'mutualises',
          annee: 2026,
          montantCentimes: 50_000,
          reference: 'delib-deux-serveurs',
          dateReference: '2025-11-27',
        },
      ],
      provenanceTest,
    );
    const reponses = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const { opco: _o, ...corps } = engagement(`NOEUDS-${i}`, 400, {
          section: 'plan_moins_50',
        });
        const r = await appel(i, 'POST', `/api/v1/finances/opco/${opcoOrg}/engagements`, corps);
        expect(r.status).toBe(200);
        return (await r.json()) as {
          statut: string;
          disponibleCentimes: number | null;
          demandeCentimes: number | null;
          manqueCentimes: number | null;
          motifs: string[];
        };
      }),
    );
    const reserves = reponses.filter((r) => r.statut === 'reserve');
    const refuses = reponses.filter((r) => r.statut === 'refuse');
    // 500,00 € / 4,00 € = exactly 125 commitments, whichever node took them.
    expect(reserves).toHaveLength(125);
    expect(refuses).toHaveLength(75);
    for (const r of refuses) {
      expect(r.demandeCentimes).toBe(400);
      expect(r.disponibleCentimes).toBe(0);
      expect(r.manqueCentimes).toBe(400);
      expect(r.motifs[0]).toMatch(/4,00/);
    }
    const solde = await sql<{ solde: string }>`select solde from fin_compte
      where opco = ${opco} and section = 'plan_moins_50' and nature = 'disponible'`.execute(
      p.ctx.base.db,
    );
    expect(solde.rows.map((x) => Number(x.solde))).toEqual([0]);
    const engages = await sql<{ n: string; somme: string }>`
      select count(*) as n, coalesce(sum(montant_total), 0) as somme from fin_dossier
      where dossier_id like 'NOEUDS-%'`.execute(p.ctx.base.db);
    expect([engages.rows[0]?.n, engages.rows[0]?.somme].map(Number)).toEqual([125, 50_000]);
    expect((await verification()).anomalies).toEqual([]);
  }, 240_000);
});

describe.skipIf(!!url)('PGlite : un seul processus par dossier de base', () => {
  it('un serveur sur un dossier déjà ouvert par un autre processus est refusé, sans y toucher', async () => {
    const dossier = mkdtempSync(path.join(os.tmpdir(), 'opco-pglite-'));
    const vide = mkdtempSync(path.join(os.tmpdir(), 'opco-donnees-vides-'));
    // This process holds the folder (as a running server would), with a ledger entry in it.
    const base = await ouvrirBase({ dbPath: path.join(dossier, 'db') });
    try {
      await migrer(base);
      await importerDotations(
        base.db,
        [
          {
            opco: 'OPCO_T',
            section: 'alternance',
            origine: 'mutualises',
            annee: 2026,
            montantCentimes: 12_345,
            reference: 'delib',
            dateReference: '2025-11-27',
          },
        ],
        provenanceTest,
      );
      const b = await serveur({ OPCO_DB_PATH: path.join(dossier, 'db'), OPCO_DATA_DIR: vide });
      expect(await b.fin).not.toBe(0);
      expect(b.journal()).toContain('est déjà ouverte par un autre processus');
      expect(b.journal()).toContain(`PID ${process.pid}`);
      expect(b.journal()).not.toContain('Plateforme OPCO prête');
      // The holder's base is intact and still usable.
      expect((await verifierGrandLivre(base.db)).anomalies).toEqual([]);
      expect(await solde(base.db, 'OPCO_T|alternance|mutualises|-|disponible|2026')).toBe(12_345);
    } finally {
      await base.fermer();
      rmSync(dossier, { recursive: true, force: true });
      rmSync(vide, { recursive: true, force: true });
    }
  }, 300_000);
});
