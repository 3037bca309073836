// Load generator, run in its own process so that the server keeps its core:
// node charge.mjs <fichier-urls> <concurrence> <duree-ms>  → prints {requetes, erreurs, ms}
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [fichier, conc, duree] = process.argv.slice(2);
const urls = readFileSync(fichier, 'utf8').split('\n').filter(Boolean);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conc) });
let requetes = 0;
let erreurs = 0;
let k = 0;
const fin = performance.now() + Number(duree);
const debut = performance.now();

function une() {
  return new Promise((resolve) => {
    const url = urls[k++ % urls.length];
    const req = http.get(url, { agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (res.statusCode === 200) requetes++;
        else erreurs++;
        resolve();
      });
    });
    req.on('error', () => {
      erreurs++;
      resolve();
    });
  });
}

async function boucle() {
  while (performance.now() < fin) await une();
}

await Promise.all(Array.from({ length: Number(conc) }, boucle));
process.stdout.write(JSON.stringify({ requetes, erreurs, ms: performance.now() - debut }));
agent.destroy();
