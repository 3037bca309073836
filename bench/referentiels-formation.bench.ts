import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { qualiopiApprentissageAu } from '../src/domaine/referentiels-formation/index.ts';
import { importerOrganismes } from '../src/import/referentiels-formation/organismes.importer.ts';
import { parserCsvAvecEntete } from '../src/partage/csv.ts';
import { progressionMuette } from '../src/partage/progression.ts';
import { ouvrirBase } from '../src/stockage/db.ts';
import { migrer } from '../src/stockage/migrer.ts';
import { chargerReferentielsFormation } from '../src/stockage/referentiels-formation.depot.ts';
import { decrireMachine, ecrireResultats, parSeconde } from './machine.ts';

/**
 * `npm run bench -- referentiels-formation [--taille N] [--recherches M]`: the public list of
 * training bodies at national size (≈ 100 000 bodies, generated from the sample's line), on PGlite:
 * - import vs parsing the same file (ratio: what storage and the Qualiopi periods cost);
 * - bulk loader (all bodies into the in-memory port);
 * - M dossier lookups through the port (body by SIRET + Qualiopi apprenticeship at a date) vs bare
 *   Map.get over the same keys (ratio: the port's overhead for the bulk instruction).
 */
const args = process.argv.slice(2);
const valeur = (nom: string, defaut: number) => {
  const i = args.indexOf(`--${nom}`);
  return i >= 0 ? Number(args[i + 1]) : defaut;
};
const taille = valeur('taille', 100_000);
const recherches = valeur('recherches', 1_000_000);
const racine = path.resolve(import.meta.dirname, '..');
const echantillon = readFileSync(
  path.join(racine, 'donnees', 'liste-publique-des-of-2026-11-30.csv'),
  'utf8',
).split('\n');
const [entete, modele] = [echantillon[0] ?? '', echantillon[1] ?? ''];
const siretDe = (i: number) => String(10_000_000_000_000 + i * 7);
const lignes = [entete];
for (let i = 0; i < taille; i++) {
  const s = siretDe(i);
  lignes.push(
    modele
      .replace('90000001900019', s)
      .replace(';900000019;', `;${s.slice(0, 9)};`)
      .replace('11755000175', String(11_000_000_000 + i)),
  );
}
const tmp = mkdtempSync(path.join(tmpdir(), 'opco-bench-of-'));
const fichier = path.join(tmp, 'liste-publique-des-of-2026-12-10.csv');
writeFileSync(fichier, `${lignes.join('\n')}\n`);

let t = performance.now();
const texte = readFileSync(fichier, 'utf8');
parserCsvAvecEntete(texte, ['siretEtablissementDeclarant'], ';');
const parseMs = performance.now() - t;

const base = await ouvrirBase({ databaseUrl: undefined, dbPath: 'memory://' });
await migrer(base);
t = performance.now();
await importerOrganismes(base, fichier, progressionMuette);
const importMs = performance.now() - t;
t = performance.now();
const source = await chargerReferentielsFormation(base.db);
const chargementMs = performance.now() - t;
await base.fermer();
rmSync(tmp, { recursive: true, force: true });

const cles = Array.from({ length: recherches }, (_, k) => siretDe((k * 7919) % taille));
const brute = new Map(Array.from({ length: taille }, (_, i) => [siretDe(i), i] as const));
t = performance.now();
let n0 = 0;
for (const c of cles) if (brute.get(c) !== undefined) n0++;
const bruteMs = performance.now() - t;
t = performance.now();
let n1 = 0;
for (const c of cles) {
  const o = source.organismeParSiret(c);
  if (o && qualiopiApprentissageAu(o, '2026-12-15')) n1++;
}
const portMs = performance.now() - t;
if (n0 !== recherches || n1 !== recherches) throw new Error(`recherches : ${n0}, ${n1}`);

const resultats = {
  organismes: taille,
  importMs: Math.round(importMs),
  organismesParSecondeImport: parSeconde(taille, importMs),
  ratioImportSurLecture: Math.round((importMs / parseMs) * 10) / 10,
  chargementMs: Math.round(chargementMs),
  recherches,
  recherchesParSecondePort: parSeconde(recherches, portMs),
  ratioPortSurMapBrute: Math.round((portMs / bruteMs) * 10) / 10,
};
const sortie = {
  benchmark: 'referentiels-formation',
  date: new Date().toISOString(),
  machine: decrireMachine(),
  resultats,
};
ecrireResultats(
  `referentiels-formation-${sortie.date.replace(/[:.]/g, '-')}.json`,
  sortie,
  resultats,
);
