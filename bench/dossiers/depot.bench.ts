import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ServiceDossiers, type PortsDossiers } from '../../src/api/dossiers/service.ts';
import { ReferentielsEnMemoire, situationDepuisFa13 } from '../../src/domaine/dossiers/index.ts';
import type { Moteur } from '../../src/moteur/index.ts';
import { ouvrirBase } from '../../src/stockage/db.ts';
import { migrer } from '../../src/stockage/migrer.ts';
import { genererDossiers } from './generer.ts';

/**
 * Deposit of `n` dossiers on PostgreSQL (schema of its own, dropped at the end), `parallele`
 * at a time, through the service the API route calls (instruction, events, projection, audit,
 * idempotency key) — without HTTP — against the bare engine on the same contracts.
 */
export async function benchDepot(
  moteur: Moteur,
  url: string,
  n: number,
  parallele: number,
  journal: (m: string) => void = () => {},
) {
  const schema = `banc_dossiers_${randomBytes(4).toString('hex')}`;
  const base = await ouvrirBase({ databaseUrl: url, schema });
  try {
    await migrer(base);
    const jeu = genererDossiers(n, 7);
    const ports: PortsDossiers = {
      referentiels: new ReferentielsEnMemoire(jeu),
      opcoAttendu: async () => '03',
      npec: async () => null,
    };
    const service = new ServiceDossiers(base, moteur, ports);
    const t0 = process.hrtime.bigint();
    let suivant = 0;
    await Promise.all(
      Array.from({ length: parallele }, async () => {
        for (;;) {
          const i = suivant++;
          if (i >= n) return;
          await service.deposer(
            { compteId: null, cleId: null, processus: 'banc' },
            jeu.dossiers[i]!,
            {
              cleIdempotence: `banc-${i}`,
            },
          );
        }
      }),
    );
    const secondes = Number(process.hrtime.bigint() - t0) / 1e9;
    journal(`dépôt : ${Math.round(n / secondes)} dossiers/s`);
    const t1 = process.hrtime.bigint();
    for (const c of jeu.dossiers) moteur.evaluerApprentissageRapide(situationDepuisFa13(c));
    const secondesMoteur = Number(process.hrtime.bigint() - t1) / 1e9;
    return {
      n,
      parallele,
      depotParSeconde: Math.round(n / secondes),
      moteurNuParSeconde: Math.round(n / secondesMoteur),
      ratio: Math.round((secondesMoteur / secondes) * 10000) / 10000,
      objectifParSeconde: 500,
    };
  } finally {
    await base.fermer();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}
