/**
 * A child process for the crash and multi-process tests (run through bin/run-ts.mjs):
 *   lot <url> <schema> <opco> <date> <taille>      runs a payment run, prints « paquet n » per batch
 *   engager <url> <schema> <prefixe> <nombre> <montant>  commitments on OPCO_C's last euros
 */
import { ouvrirBase } from '../../src/stockage/db.ts';
import { executerLot, reserverEngagement } from '../../src/stockage/finances.depot.ts';
import { engagement } from './aide.ts';

const [mode, url, schema, a, b, c] = process.argv.slice(3) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const base = await ouvrirBase({ databaseUrl: url, schema });
if (mode === 'lot') {
  const r = await executerLot(base.db, {
    opco: a,
    dateExecution: b,
    taillePaquet: Number(c),
    apresPaquet: (n) => process.stdout.write(`paquet ${n}\n`),
  });
  process.stdout.write(`fin ${JSON.stringify(r)}\n`);
} else if (mode === 'engager') {
  const resultats = await Promise.all(
    Array.from({ length: Number(b) }, (_, i) =>
      reserverEngagement(base.db, engagement(`${a}-${i}`, Number(c), { opco: 'OPCO_C' }), {
        delaiSoldeMois: 4,
      }),
    ),
  );
  process.stdout.write(`fin ${resultats.filter((r) => r.statut === 'reserve').length}\n`);
}
await base.fermer();
