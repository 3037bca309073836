import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decrireMachine } from '../machine.ts';
import { benchComptes } from './comptes.bench.ts';

const dureeS = Number(process.env.BANC_DUREE_S ?? 10);
const r = await benchComptes({
  dureeS,
  connexions: 10,
  connexionsArgon: 20,
  tours: Number(process.env.BANC_TOURS ?? 3),
  journal: (m) => process.stderr.write(`${m}\n`),
});
const dossier = path.join(import.meta.dirname, '..', 'results');
mkdirSync(dossier, { recursive: true });
const fichier = path.join(
  dossier,
  `comptes-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify({ machine: decrireMachine(), dureeS, ...r }, null, 2)}\n`);
process.stderr.write(`Résultats : ${fichier}\n`);
