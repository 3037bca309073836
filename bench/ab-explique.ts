/**
 * Same-process A/B of the explained path (by hand, never in `npm test`): an earlier copy of the
 * sources and the current ones loaded together, evaluating the same situations in alternating
 * batches, in CPU time of this process — on a loaded machine only such ratios mean something.
 *   git archive <commit> src | tar -x -C .ab-ancien && ln -s ../droit .ab-ancien/droit
 *   node bin/run-ts.mjs bench/ab-explique.ts .ab-ancien [dispositif]
 * (AB_N situations per batch, AB_TOURS batches each; `.ab-ancien` is not committed.) Prints, per
 * scheme, the explained evaluations per CPU second of the old and new code and their ratio.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lecteurDossier } from '../src/droit/lecteur-dossier.ts';
import * as simulationN from '../src/droit/simulation-dispositifs.ts';
import { portVersionsDepuisJson } from '../src/droit/versions-articles.ts';
import * as moteurN from '../src/moteur/index.ts';
import { generer } from './publicodes-apprentissage.ts';
import { generateursDispositifs } from './situations-dispositifs.ts';

// (argv: node, bin/run-ts.mjs, this file, then the arguments.)
const ancien = process.argv[3];
if (!ancien) {
  process.stderr.write('usage : node bin/run-ts.mjs bench/ab-explique.ts <copie-ancienne> [nom]\n');
  process.exit(2);
}
const seul = process.argv[4];
const depuis = (f: string) => pathToFileURL(path.resolve(ancien, f)).href;
const moteurA = (await import(depuis('src/moteur/index.ts'))) as typeof moteurN;
const simulationA = (await import(
  depuis('src/droit/simulation-dispositifs.ts')
)) as typeof simulationN;
const lecteurA = (await import(depuis('src/droit/lecteur-dossier.ts'))) as {
  lecteurDossier: typeof lecteurDossier;
};

const versions = portVersionsDepuisJson(path.resolve('..', 'shared', 'data'));
const mN = moteurN.creerMoteur({ lecteur: lecteurDossier() }, versions);
const mA = moteurA.creerMoteur({ lecteur: lecteurA.lecteurDossier() }, versions);
const N = Number(process.env.AB_N ?? 2000);
const TOURS = Number(process.env.AB_TOURS ?? 12);

function cpu(f: (i: number) => unknown): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) f(i);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/** Alternating batches (the order swapped every batch), after one warm-up batch each. */
function ab(nom: string, fa: (i: number) => unknown, fn: (i: number) => unknown): void {
  cpu(fa);
  cpu(fn);
  let ta = 0;
  let tn = 0;
  for (let t = 0; t < TOURS; t++) {
    if (t % 2 === 0) {
      ta += cpu(fa);
      tn += cpu(fn);
    } else {
      tn += cpu(fn);
      ta += cpu(fa);
    }
  }
  const n = N * TOURS;
  process.stderr.write(
    `${nom} : ancien ${Math.round(n / ta)}/s CPU, nouveau ${Math.round(n / tn)}/s CPU, × ${(ta / tn).toFixed(2)}\n`,
  );
}

if (!seul || seul === 'apprentissage') {
  const contrats = generer(N, false, 42);
  const contrat = (i: number) => contrats[i] as (typeof contrats)[number];
  ab(
    'apprentissage',
    (i) => mA.evaluerApprentissage(contrat(i), contrat(i).dateConclusion),
    (i) => mN.evaluerApprentissage(contrat(i), contrat(i).dateConclusion),
  );
}
for (const [nom, gen] of Object.entries(generateursDispositifs(mN.droit))) {
  if (seul && seul !== nom) continue;
  const a = simulationA.moteurDispositif(mA.droit, nom);
  const b = simulationN.moteurDispositif(mN.droit, nom);
  const ss = Array.from({ length: N }, gen);
  ab(
    nom,
    (i) => a.complet(ss[i] as object, undefined, versions),
    (i) => b.complet(ss[i] as object, undefined, versions),
  );
}
