import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { lireConfigComptes } from '../../src/api/acces/config.ts';
import { construireApp } from '../../src/api/app.ts';
import { lireConfig } from '../../src/config.ts';
import { demarrerContexte } from '../../src/contexte.ts';
import { situationDepuisFa13 } from '../../src/domaine/dossiers/index.ts';
import type { Moteur } from '../../src/moteur/index.ts';
import * as depot from '../../src/stockage/comptes.depot.ts';
import type { Database } from '../../src/stockage/schema.ts';
import { genererDossiers } from './generer.ts';

interface Charge {
  requetes: number;
  requetesParSeconde: number;
  dureeS: number;
  latenceMoyenneMs: number;
  latenceP99Ms: number;
  reponses2xx: number;
  reponsesNon2xx: number;
  erreurs: number;
  delais: number;
  statuts: Record<string, { count: number }>;
  premierRefus: string | null;
}

/**
 * Deposit through the HTTP API on PostgreSQL (issue 12 point 9): the platform's server
 * (`construireApp`, every route, access hook, zod validation, the route's own service and
 * ports) on a fresh schema of `url`, listening on a local port; autocannon in a child process
 * (bench/dossiers/charge-depot.mjs) sends `n` `POST /api/v1/dossiers`, `connexions` at a time,
 * each with a distinct generated FA13 body and a distinct `Idempotency-Key`, authenticated by an
 * API key of a company whose SIREN covers every generated employer. Then: stored dossiers = 2xx
 * answers, dossiers/s (wall time of the load), the server's CPU per deposit, and the bare engine
 * on the same contracts in the same run (ratio). The fresh schema has no imported reference data
 * (training bodies, RNCP, Partenaires): the instruction runs every check and leaves the dossiers
 * « à vérifier » — the outcomes are counted in the result.
 */
export async function benchDepotHttp(
  moteur: Moteur,
  url: string,
  n: number,
  connexions: number,
  journal: (m: string) => void = () => {},
) {
  const config = lireConfig({ ...process.env, DATABASE_URL: url, OPCO_DB_PATH: 'memory://' });
  const schema = `banc_http_${randomBytes(4).toString('hex')}`;
  const ctx = await demarrerContexte(config, { chargerDonnees: false, schema });
  const dossier = mkdtempSync(path.join(os.tmpdir(), 'banc-depot-http-'));
  const app = await construireApp(
    { base: ctx.base, config, moteur, donnees: { dossier: null, manquants: [] } },
    {
      comptes: {
        config: lireConfigComptes({ OPCO_COURRIELS_DIR: path.join(dossier, 'courriels') }),
      },
    },
  );
  try {
    // Every generated employer SIRET is 555000000nnnnn: one company by its SIREN (written
    // directly: the generated SIREN has no valid check digit, the route does not ask for one).
    const entreprise = {
      id: randomUUID(),
      type: 'entreprise' as const,
      nom: 'Banc dépôt HTTP',
      siren: '555000000',
      sirets: [],
    };
    await depot.creerOrganisation(depot.comptes(ctx.base.db), entreprise);
    const cle = await app.comptes.creerCle(
      {
        sujet: {
          genre: 'personne',
          compteId: null,
          cleId: null,
          adhesions: [],
          administrateurPlateforme: true,
        },
        compte: null,
        session: null,
      },
      entreprise,
      'entreprise_membre',
      'banc',
    );
    const jeu = genererDossiers(n, 11);
    const fichier = path.join(dossier, 'corps.ndjson');
    writeFileSync(fichier, jeu.dossiers.map((d) => `${JSON.stringify(d)}\n`).join(''));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const adresse = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const charger = async (corps: string, prefixe: string, conn: number): Promise<Charge> => {
      const options = path.join(dossier, `options-${prefixe}.json`);
      writeFileSync(
        options,
        JSON.stringify({ url: adresse, connections: conn, cle: cle.cle, prefixe, corps }),
      );
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(import.meta.dirname, 'charge-depot.mjs'), options],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      return JSON.parse(stdout) as Charge;
    };
    // Warm-up (JIT, first queries, key cache): 50 other deposits, not counted.
    const chauffe = path.join(dossier, 'chauffe.ndjson');
    writeFileSync(
      chauffe,
      genererDossiers(50, 99)
        .dossiers.map((d) => `${JSON.stringify(d)}\n`)
        .join(''),
    );
    await charger(chauffe, 'chauffe', Math.min(connexions, 8));
    const avant = await compterDossiers(ctx.base.db);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const c = await charger(fichier, 'banc', connexions);
    const secondes = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const stockes = (await compterDossiers(ctx.base.db)) - avant;
    const issues = await sql<{ etat: string; n: string }>`
      select etat, count(*)::text as n from dossier group by etat order by etat`.execute(
      ctx.base.db,
    );
    // What one deposit writes (JSON text of the projection and of the events, by event type).
    const tailles = await sql<{ quoi: string; n: string; octets: string }>`
      select 'projection' as quoi, count(*)::text as n, coalesce(avg(length(projection::text)), 0)::int::text as octets from dossier
      union all
      select 'evenement:' || type, count(*)::text, avg(length(contenu::text))::int::text from dossier_evenement group by type`.execute(
      ctx.base.db,
    );
    const parSeconde = Math.round(c.reponses2xx / secondes);
    journal(
      `dépôt HTTP : ${c.reponses2xx} réponses 2xx en ${secondes.toFixed(1)} s, ${parSeconde} dossiers/s (${connexions} connexions) ; ${stockes} dossiers stockés`,
    );
    // The bare engine on the same contracts (CPU time), in this run.
    const situations = jeu.dossiers.map((d) => situationDepuisFa13(d));
    for (const s of situations.slice(0, 2000)) moteur.evaluerApprentissageRapide(s);
    const m0 = process.cpuUsage();
    const t1 = process.hrtime.bigint();
    for (const s of situations) moteur.evaluerApprentissageRapide(s);
    const secondesMoteur = Number(process.hrtime.bigint() - t1) / 1e9;
    const mc = process.cpuUsage(m0);
    const cpuMoteur = (mc.user + mc.system) / 1e6;
    const cpuServeur = (cpu.user + cpu.system) / 1e6;
    return {
      n,
      connexions,
      reponses2xx: c.reponses2xx,
      reponsesNon2xx: c.reponsesNon2xx,
      statuts: Object.fromEntries(Object.entries(c.statuts ?? {}).map(([k, v]) => [k, v.count])),
      erreurs: c.erreurs,
      premierRefus: c.premierRefus,
      dossiersStockes: stockes,
      stockesEgal2xx: stockes === c.reponses2xx,
      octetsJsonMoyens: Object.fromEntries(
        tailles.rows.map((r) => [r.quoi, { lignes: Number(r.n), octets: Number(r.octets) }]),
      ),
      etats: Object.fromEntries(issues.rows.map((r) => [r.etat, Number(r.n)])),
      secondes: Math.round(secondes * 100) / 100,
      depotParSeconde: parSeconde,
      latenceMoyenneMs: c.latenceMoyenneMs,
      latenceP99Ms: c.latenceP99Ms,
      /** CPU of this process (server, node-postgres client) per deposit, in ms. */
      cpuServeurParDepotMs:
        Math.round((cpuServeur / Math.max(1, c.reponses2xx)) * 1000 * 100) / 100,
      /** Of which system time (socket writes and reads, in the kernel), ms per deposit. */
      cpuSystemeParDepotMs: Math.round((cpu.system / 1e3 / Math.max(1, c.reponses2xx)) * 100) / 100,
      moteurNuParSeconde: Math.round(n / secondesMoteur),
      moteurNuParSecondeCpu: Math.round(n / cpuMoteur),
      /** Deposits/s over bare engine evaluations/s (wall time), same contracts, same run. */
      ratio: Math.round((parSeconde / (n / secondesMoteur)) * 100000) / 100000,
      objectifParSeconde: 500,
    };
  } finally {
    await app.close();
    await sql.raw(`drop schema if exists ${schema} cascade`).execute(ctx.base.db);
    await ctx.base.fermer();
    rmSync(dossier, { recursive: true, force: true });
  }
}

async function compterDossiers(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('dossier')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
