// External load generator of bench/serveur: autocannon in its own process (never in the
// server's), so that neither steals the other's event loop.
//   node charge.mjs <fichier-options.json>  → prints the summary as JSON on stdout
// The options file is autocannon's: {url, connections, duration, requests: [{method, path, …}]}.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const options = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const r = await autocannon({ ...options, setupClient: undefined });
process.stdout.write(
  JSON.stringify({
    requetesParSeconde: r.requests.average,
    requetes: r.requests.total,
    latenceMoyenneMs: r.latency.average,
    latenceP99Ms: r.latency.p99,
    octetsParSeconde: r.throughput.average,
    reponses2xx: r['2xx'],
    reponsesNon2xx: r.non2xx,
    erreurs: r.errors,
    delais: r.timeouts,
    dureeS: r.duration,
  }),
);
