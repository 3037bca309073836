// Load generator in its own process (the server keeps its core):
// node charge.mjs <url> <connexions> <duree-s> [<en-tete>=<valeur> …] → prints autocannon's JSON summary
import autocannon from 'autocannon';

const [url, connexions, duree, ...entetes] = process.argv.slice(2);
const headers = Object.fromEntries(
  entetes.map((e) => {
    const i = e.indexOf('=');
    return [e.slice(0, i), e.slice(i + 1)];
  }),
);
const r = await autocannon({
  url,
  connections: Number(connexions),
  duration: Number(duree),
  headers,
});
process.stdout.write(
  JSON.stringify({
    requetes: r.requests.total,
    parSeconde: r.requests.average,
    latenceMoyenneMs: r.latency.average,
    non2xx: r.non2xx,
    erreurs: r.errors,
  }),
);
