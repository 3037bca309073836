import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { lireConfigComptes } from '../../src/api/acces/config.ts';
import { acteurSysteme } from '../../src/api/acces/service.ts';
import { construireApp } from '../../src/api/app.ts';
import type { ModuleRoutes } from '../../src/api/types.ts';
import { lireConfig } from '../../src/config.ts';
import { demarrerContexte } from '../../src/contexte.ts';
import { completerCles } from '../../src/domaine/entreprise/index.ts';
import * as depot from '../../src/stockage/comptes.depot.ts';

/**
 * Cost of access control: the same handler behind a public route and behind a private one
 * (session cookie or API key: session lookup + memberships, once per request), under autocannon
 * in a child process; and the time of one argon2id sign-in (OWASP parameters).
 */
export interface OptionsBanc {
  dureeS: number;
  connexions: number;
  connexionsArgon: number;
  /** Rounds of the three loads (default 2); each load keeps its best round. */
  tours?: number;
  journal: (m: string) => void;
}

interface Charge {
  requetes: number;
  parSeconde: number;
  latenceMoyenneMs: number;
  non2xx: number;
  erreurs: number;
  /**
   * CPU time (user + system) of the server process — Fastify, the access hook and the in-process
   * database — per request, in µs. Unlike throughput, it barely depends on what other processes
   * of a shared machine do: the overhead is measured on it.
   */
  cpuMicrosParRequete: number;
}

export async function benchComptes(o: OptionsBanc) {
  const config = lireConfig({ ...process.env, OPCO_DB_PATH: 'memory://' });
  // On PostgreSQL, a schema of its own, dropped at the end: runs never see each other's accounts.
  const schema = config.databaseUrl ? `banc_${randomBytes(6).toString('hex')}` : undefined;
  const ctx = await demarrerContexte(config, {
    chargerDonnees: false,
    ...(schema ? { schema } : {}),
  });
  // The same work on both routes: list the organisations (one small query).
  const travail = async () => ({
    n: (await depot.listerOrganisations(depot.comptes(ctx.base.db), 'toutes')).length,
  });
  const banc: ModuleRoutes = (app) => {
    app.get('/api/v1/banc/public', { config: { acces: 'public' } }, travail);
    app.get('/api/v1/banc/prive', { config: { acces: { action: 'compte.lire_soi' } } }, travail);
  };
  const app = await construireApp(
    { base: ctx.base, config, donnees: { dossier: null, manquants: [] } },
    {
      modulesSupplementaires: [banc],
      comptes: {
        config: lireConfigComptes({
          OPCO_COURRIELS_DIR: mkdtempSync(path.join(os.tmpdir(), 'banc-courriels-')),
          OPCO_CONNEXIONS_PAR_MINUTE: '100000',
        }),
      },
    },
  );
  try {
    const s = app.comptes;
    const org = await s.creerOrganisation(acteurSysteme, 'entreprise', 'Banc', {
      siret: completerCles('12312312', '0001'),
    });
    const c = await s.creerCompte(acteurSysteme, {
      courriel: 'banc@exemple.fr',
      adhesion: { organisationId: org.id, role: 'entreprise_administrateur' },
    });
    // Sign-in: argon2id verify + session row + audit row.
    const durees: number[] = [];
    for (let i = 0; i < o.connexionsArgon; i++) {
      const t = performance.now();
      const r = await s.connecter('banc@exemple.fr', c.motDePasse);
      durees.push(performance.now() - t);
      if (!r.ok) throw new Error('connexion refusée');
    }
    durees.sort((a, b) => a - b);
    const connexion = {
      n: durees.length,
      medianeMs: Math.round(durees[Math.floor(durees.length / 2)] ?? 0),
      minMs: Math.round(durees[0] ?? 0),
      maxMs: Math.round(durees[durees.length - 1] ?? 0),
      parametres: 'argon2id m=19456 KiB, t=2, p=1',
    };
    o.journal(`connexion argon2id : médiane ${connexion.medianeMs} ms sur ${connexion.n}`);
    await depot.definirMotDePasse(
      depot.comptes(ctx.base.db),
      c.compte.id,
      c.compte.motDePasse ?? '',
      false,
    );
    const session = await s.ouvrirSession(c.compte.id, 'session.ouvrir');
    const cle = await s.creerCle(
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
      org,
      'entreprise_membre',
      'banc',
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const charge = async (chemin: string, entetes: string[]): Promise<Charge> => {
      const cpu0 = process.cpuUsage();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          path.join(import.meta.dirname, 'charge.mjs'),
          `${base}${chemin}`,
          String(o.connexions),
          String(o.dureeS),
          ...entetes,
        ],
        { encoding: 'utf8' },
      );
      const cpu = process.cpuUsage(cpu0);
      const c = JSON.parse(stdout) as Omit<Charge, 'cpuMicrosParRequete'>;
      return {
        ...c,
        cpuMicrosParRequete:
          Math.round(((cpu.user + cpu.system) / Math.max(1, c.requetes)) * 10) / 10,
      };
    };
    // Warm-up, then rounds of the three loads in turn (their order rotating), so that the shared
    // machine's noise falls on all three. Each load keeps its best round (the least disturbed).
    // The overhead is the median over rounds of the ratio of server CPU time per request measured
    // within the round (throughput ratios are reported too, but depend on the machine's load).
    await charge('/api/v1/banc/public', []);
    const meilleure = (a: Charge | null, b: Charge) => (a && a.parSeconde >= b.parSeconde ? a : b);
    const mediane = (xs: number[]) => {
      const t = [...xs].sort((a, b) => a - b);
      const m = Math.floor(t.length / 2);
      return t.length % 2 ? (t[m] ?? 0) : ((t[m - 1] ?? 0) + (t[m] ?? 0)) / 2;
    };
    const charges = {
      publique: () => charge('/api/v1/banc/public', []),
      parSession: () => charge('/api/v1/banc/prive', [`cookie=opco_session=${session.jeton}`]),
      parCle: () => charge('/api/v1/banc/prive', [`authorization=Bearer ${cle.cle}`]),
    };
    const ordre = ['publique', 'parSession', 'parCle'] as const;
    let publique: Charge | null = null;
    let parSession: Charge | null = null;
    let parCle: Charge | null = null;
    const ratiosSession: number[] = [];
    const ratiosCle: number[] = [];
    const debitSession: number[] = [];
    const debitCle: number[] = [];
    for (let tour = 0; tour < (o.tours ?? 2); tour++) {
      const t: Partial<Record<(typeof ordre)[number], Charge>> = {};
      for (let i = 0; i < ordre.length; i++) {
        const nom = ordre[(i + tour) % ordre.length] ?? 'publique';
        t[nom] = await charges[nom]();
      }
      if (!t.publique || !t.parSession || !t.parCle) throw new Error('tour incomplet');
      publique = meilleure(publique, t.publique);
      parSession = meilleure(parSession, t.parSession);
      parCle = meilleure(parCle, t.parCle);
      ratiosSession.push(t.parSession.cpuMicrosParRequete / t.publique.cpuMicrosParRequete - 1);
      ratiosCle.push(t.parCle.cpuMicrosParRequete / t.publique.cpuMicrosParRequete - 1);
      debitSession.push(t.publique.parSeconde / t.parSession.parSeconde - 1);
      debitCle.push(t.publique.parSeconde / t.parCle.parSeconde - 1);
    }
    if (!publique || !parSession || !parCle) throw new Error('aucun tour mesuré');
    const pourcent = (x: number) => Math.round(x * 1000) / 10;
    const r = {
      connexion,
      http: {
        publique,
        parSession,
        parCle,
        surcoutSessionPourcent: pourcent(mediane(ratiosSession)),
        surcoutClePourcent: pourcent(mediane(ratiosCle)),
        surcoutsParTour: {
          session: ratiosSession.map(pourcent),
          cle: ratiosCle.map(pourcent),
        },
        /** Overhead in throughput (median over rounds): sensitive to the machine's load. */
        surcoutDebitSessionPourcent: pourcent(mediane(debitSession)),
        surcoutDebitClePourcent: pourcent(mediane(debitCle)),
        objectifPourcent: 20,
      },
    };
    o.journal(
      `HTTP (meilleurs tours) : publique ${publique.parSeconde} req/s, session ${parSession.parSeconde} req/s, clé ${parCle.parSeconde} req/s ; surcoût en temps CPU du serveur par requête (médiane des tours) : session ${r.http.surcoutSessionPourcent} % ${JSON.stringify(r.http.surcoutsParTour.session)}, clé ${r.http.surcoutClePourcent} % ${JSON.stringify(r.http.surcoutsParTour.cle)} ; en débit : session ${r.http.surcoutDebitSessionPourcent} %, clé ${r.http.surcoutDebitClePourcent} %`,
    );
    return r;
  } finally {
    await app.close();
    if (schema) await sql.raw(`drop schema if exists ${schema} cascade`).execute(ctx.base.db);
    await ctx.base.fermer();
  }
}
