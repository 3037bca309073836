// Load generator of the HTTP deposit bench (bench/dossiers/http.bench.ts), in its own process:
//   node charge-depot.mjs <options.json>
// options: {url, connections, cle (API key), prefixe, corps (NDJSON file: one deposit body per
// line)}. Each request takes the next body and a distinct Idempotency-Key (setupRequest), so
// `amount` = the number of bodies and every request deposits a new dossier. Prints the summary.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const o = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const corps = readFileSync(o.corps, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
let suivant = 0;
let premierRefus = null;
const r = await autocannon({
  url: o.url,
  connections: o.connections,
  amount: corps.length,
  timeout: 60,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/dossiers',
      setupRequest: (req) => {
        const i = suivant++ % corps.length;
        return {
          ...req,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${o.cle}`,
            'idempotency-key': `depot-${o.prefixe}-${String(i).padStart(7, '0')}`,
          },
          body: corps[i],
        };
      },
      onResponse: (statut, corpsReponse) => {
        if (statut >= 300 && premierRefus === null)
          premierRefus = `${statut} ${String(corpsReponse).slice(0, 400)}`;
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requetes: r.requests.total,
    requetesParSeconde: r.requests.average,
    dureeS: r.duration,
    latenceMoyenneMs: r.latency.average,
    latenceP99Ms: r.latency.p99,
    reponses2xx: r['2xx'],
    reponsesNon2xx: r.non2xx,
    erreurs: r.errors,
    delais: r.timeouts,
    statuts: r.statusCodeStats,
    premierRefus,
  }),
);
