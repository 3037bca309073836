import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { construireApp } from '../../src/api/app.ts';
import { lireConfig } from '../../src/config.ts';
import { completerCles, valeurSiretRapide } from '../../src/domaine/entreprise/index.ts';
import {
  rattacherLot,
  siretsDepuisCsv,
  type Rattacheur,
} from '../../src/domaine/rattachement/index.ts';
import { importerOpcos } from '../../src/import/opcos/opcos.importer.ts';
import { importerIdccOpco } from '../../src/import/rattachement/idcc-opco.importer.ts';
import { importerSiro } from '../../src/import/rattachement/siro.importer.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { migrer } from '../../src/stockage/migrer.ts';
import { chargerRattacheur } from '../../src/stockage/rattachement.depot.ts';
import { parSeconde } from '../machine.ts';
import { genererFichierSiro } from './generer.ts';

export interface OptionsBench {
  dossierDonnees: string;
  /** Rows of the generated SIRO file (3.7 million for the real size). */
  taille: number;
  databaseUrl: string | undefined;
  /** Also import into an in-memory PGlite. */
  pglite: boolean;
  /** Bulk lookup size (1 million). */
  tailleLot: number;
  /** Duration of each HTTP measurement (ms); 0 skips the HTTP benchmark. */
  dureeHttpMs: number;
  journal: (m: string) => void;
}

async function chronometrer<T>(f: () => Promise<T>): Promise<{ ms: number; valeur: T }> {
  const t = performance.now();
  const valeur = await f();
  return { ms: performance.now() - t, valeur };
}

async function preparerBase(base: Base, dossier: string) {
  await migrer(base);
  await importerOpcos(base, path.join(dossier, 'opcos.csv'), progressionMuette);
  await importerIdccOpco(base, path.join(dossier, 'idcc-opco-siro-202606.csv'), progressionMuette);
}

/** PostgreSQL's own COPY of the same file (CSV format, `|` separator, header) into a text table. */
async function copieBrutePostgres(url: string, schema: string, fichier: string): Promise<number> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    await c.query('drop table if exists copie_brute');
    await c.query(
      'create table copie_brute (siret text, idcc text, opco_proprietaire text, opco_gestion text)',
    );
    const t = performance.now();
    await c.query('begin');
    await pipeline(
      createReadStream(fichier),
      c.query(
        copyFrom("COPY copie_brute FROM STDIN WITH (FORMAT csv, DELIMITER '|', HEADER true)"),
      ),
    );
    await c.query('commit');
    const ms = performance.now() - t;
    await c.query('drop table copie_brute');
    return ms;
  } finally {
    await c.end();
  }
}

/** PGlite's own COPY of the same file, in blobs of 16 MB (whole lines). */
async function copieBrutePglite(fichier: string): Promise<number> {
  const db = new PGlite();
  await db.waitReady;
  await db.exec(
    'create table copie_brute (siret text, idcc text, opco_proprietaire text, opco_gestion text)',
  );
  const t = performance.now();
  await db.exec('begin');
  let reste = '';
  let premier = true;
  for await (const m of createReadStream(fichier, {
    encoding: 'utf8',
    highWaterMark: 16 << 20,
  }) as AsyncIterable<string>) {
    let texte = reste + m;
    const fin = texte.lastIndexOf('\n');
    reste = texte.slice(fin + 1);
    texte = texte.slice(0, fin + 1);
    if (premier) {
      texte = texte.slice(texte.indexOf('\n') + 1);
      premier = false;
    }
    await db.query("COPY copie_brute FROM '/dev/blob' WITH (FORMAT csv, DELIMITER '|')", [], {
      blob: new Blob([texte]),
    });
  }
  await db.exec('commit');
  const ms = performance.now() - t;
  await db.close();
  return ms;
}

/**
 * Load with autocannon in a process of its own (bench/serveur/charge.mjs): the former hand-written
 * generator saturated itself at about 10 k req/s and flattered the ratio.
 */
async function mesurerCharge(
  urls: string[],
  dossier: string,
  concurrence: number,
  dureeMs: number,
) {
  const f = path.join(dossier, `charge-${Math.random().toString(36).slice(2)}.json`);
  const u = new URL(urls[0] ?? 'http://127.0.0.1/');
  writeFileSync(
    f,
    JSON.stringify({
      url: u.origin,
      connections: concurrence,
      duration: Math.max(1, Math.round(dureeMs / 1000)),
      requests: urls.slice(0, 2000).map((x) => {
        const v = new URL(x);
        return { path: v.pathname + v.search };
      }),
    }),
  );
  // Asynchronous: the server answers from this very process while the load runs.
  const { stdout: sortie } = await promisify(execFile)(
    process.execPath,
    [path.join(import.meta.dirname, '..', 'serveur', 'charge.mjs'), f],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const r = JSON.parse(sortie) as {
    requetesParSeconde: number;
    requetes: number;
    reponsesNon2xx: number;
    erreurs: number;
  };
  return {
    requetes: r.requetes,
    erreurs: r.reponsesNon2xx + r.erreurs,
    parSeconde: Math.round(r.requetesParSeconde),
  };
}

/** Valid SIRETs that are not in the generated file (SIREN starting with 1). */
function siretsInconnus(n: number): string[] {
  const r: string[] = [];
  for (let i = 0; i < n; i++) r.push(completerCles(`1${String(i).padStart(7, '0')}`, '0001'));
  return r;
}

function melanger<T>(t: T[]): T[] {
  let a = 12345;
  for (let i = t.length - 1; i > 0; i--) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    const j = a % (i + 1);
    [t[i], t[j]] = [t[j] as T, t[i] as T];
  }
  return t;
}

function benchLot(r: Rattacheur, sirets: string[], format: 'csv' | 'ndjson') {
  let octets = 0;
  const t = performance.now();
  for (const m of rattacherLot(r, sirets, null, format)) octets += m.length;
  const ms = performance.now() - t;
  return {
    sirets: sirets.length,
    ms: Math.round(ms),
    siretParSeconde: parSeconde(sirets.length, ms),
    octets,
  };
}

export async function benchRattachement(o: OptionsBench): Promise<Record<string, unknown>> {
  const dossier = mkdtempSync(path.join(tmpdir(), 'bench-siro-'));
  const fichier = path.join(dossier, 'siro-202606.csv');
  const resultats: Record<string, unknown> = {};
  try {
    o.journal(`Génération d'un fichier SIRO d'environ ${o.taille} lignes…`);
    const gen = await chronometrer(() => genererFichierSiro(o.dossierDonnees, fichier, o.taille));
    const { lignes, sirets } = gen.valeur;
    resultats.fichier = { lignes, generationMs: Math.round(gen.ms) };
    let rattacheur: Rattacheur | null = null;
    let base: Base | null = null;
    const schema = `bench_ratt_${process.pid}`;

    if (o.databaseUrl) {
      base = await ouvrirBase({ databaseUrl: o.databaseUrl, schema });
      await preparerBase(base, o.dossierDonnees);
      o.journal('PostgreSQL : COPY brut du fichier…');
      const brut1 = await copieBrutePostgres(o.databaseUrl, schema, fichier);
      o.journal('PostgreSQL : import siro (validation, codes OPCO, COPY dans la transaction)…');
      const imp = await chronometrer(() => importerSiro(base as Base, fichier, progressionMuette));
      o.journal('PostgreSQL : COPY brut, seconde mesure…');
      const brut2 = await copieBrutePostgres(o.databaseUrl, schema, fichier);
      const brut = Math.min(brut1, brut2);
      resultats.importPostgres = {
        lignes: imp.valeur.lignesEcrites,
        importMs: Math.round(imp.ms),
        importLignesParSeconde: parSeconde(lignes, imp.ms),
        copieBruteMs: [Math.round(brut1), Math.round(brut2)],
        copieBruteLignesParSeconde: parSeconde(lignes, brut),
        ratio: Math.round((brut / imp.ms) * 1000) / 1000,
        objectif: 0.5,
      };
      o.journal(JSON.stringify(resultats.importPostgres));
      const ch = await chronometrer(() => chargerRattacheur(base as Base));
      rattacheur = ch.valeur;
      resultats.chargementIndex = {
        ms: Math.round(ch.ms),
        etablissements: rattacheur.ref.siro[0]?.index.taille,
      };
    }

    if (o.pglite) {
      const bp = await ouvrirBase({ dbPath: 'memory://' });
      try {
        await preparerBase(bp, o.dossierDonnees);
        o.journal('PGlite : import siro…');
        const imp = await chronometrer(() => importerSiro(bp, fichier, progressionMuette));
        o.journal('PGlite : COPY brut du fichier…');
        const brut = await copieBrutePglite(fichier);
        resultats.importPglite = {
          lignes: imp.valeur.lignesEcrites,
          importMs: Math.round(imp.ms),
          importLignesParSeconde: parSeconde(lignes, imp.ms),
          copieBrutePgliteMs: Math.round(brut),
          copieBrutePgliteLignesParSeconde: parSeconde(lignes, brut),
          ratio: Math.round((brut / imp.ms) * 1000) / 1000,
        };
        o.journal(JSON.stringify(resultats.importPglite));
        if (!rattacheur) rattacheur = await chargerRattacheur(bp);
      } finally {
        if (!base) base = bp;
        else await bp.fermer();
      }
    }
    if (!rattacheur || !base) throw new Error('ni PostgreSQL ni PGlite : rien à mesurer');

    // Bulk: 90 % known SIRETs in random order, 10 % unknown (valid keys), read from CSV text
    // as the route does (so the strings are laid out as in a real request).
    const connus = melanger(sirets.slice()).slice(0, Math.round(o.tailleLot * 0.9));
    const texteLot = melanger([...connus, ...siretsInconnus(o.tailleLot - connus.length)]).join(
      '\n',
    );
    const analyse = await chronometrer(() => Promise.resolve(siretsDepuisCsv(texteLot)));
    const lot = analyse.valeur;
    benchLot(rattacheur, lot.slice(0, 100_000), 'csv'); // warm-up
    const csv = benchLot(rattacheur, lot, 'csv');
    const nd = benchLot(rattacheur, lot, 'ndjson');
    let n = 0;
    const t = performance.now();
    for (const s of lot) if (valeurSiretRapide(s) >= 0) n++;
    const verif = performance.now() - t;
    resultats.lotEnMemoire = {
      csv,
      ndjson: nd,
      analyseCsvMs: Math.round(analyse.ms),
      verificationSeuleSiretParSeconde: parSeconde(n, verif),
      objectifSiretParSeconde: 1_000_000,
    };
    o.journal(JSON.stringify(resultats.lotEnMemoire));

    if (o.dureeHttpMs > 0) {
      const config = lireConfig({ OPCO_DB_PATH: 'memory://', LOG_LEVEL: 'silent' });
      const app = await construireApp({ base, config, donnees: { dossier: null, manquants: [] } });
      // The baseline: a bare Fastify route in the same server, answering a fixed small JSON.
      app.get('/bench/nu', { schema: { hide: true } }, async () => ({
        statut: 'ok',
        siret: '73282932000074',
      }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const a = app.server.address();
      if (!a || typeof a === 'string') throw new Error('adresse');
      const racine = `http://127.0.0.1:${a.port}`;
      const urlsRecherche = melanger(lot.slice(0, 20_000)).map(
        (s) => `${racine}/api/v1/rattachement?siret=${s}`,
      );
      const urlsNu = [`${racine}/bench/nu`];
      await mesurerCharge(urlsNu, dossier, 16, 1000); // warm-up
      await mesurerCharge(urlsRecherche, dossier, 16, 1000);
      const nus = [];
      const recherches = [];
      for (let k = 0; k < 2; k++) {
        nus.push(await mesurerCharge(urlsNu, dossier, 16, o.dureeHttpMs));
        recherches.push(await mesurerCharge(urlsRecherche, dossier, 16, o.dureeHttpMs));
      }
      await app.close();
      const moy = (t: { parSeconde: number }[]) =>
        Math.round(t.reduce((s, x) => s + x.parSeconde, 0) / t.length);
      resultats.http = {
        generateur: 'autocannon (processus séparé) ; voir aussi bench/serveur',
        concurrence: 16,
        dureeMesureMs: o.dureeHttpMs,
        routeNue: nus,
        rattachementParSiret: recherches,
        routeNueRequetesParSeconde: moy(nus),
        rattachementRequetesParSeconde: moy(recherches),
        ratio: Math.round((moy(recherches) / moy(nus)) * 1000) / 1000,
        objectif: 0.5,
      };
      o.journal(JSON.stringify(resultats.http));
    }
    await base.fermer();
    return resultats;
  } finally {
    rmSync(dossier, { recursive: true, force: true });
    if (o.databaseUrl) {
      const c = new pg.Client({ connectionString: o.databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists bench_ratt_${process.pid} cascade`);
      await c.end();
    }
  }
}
