import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decrireMachine } from '../machine.ts';
import { benchFinances } from './finances.bench.ts';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const r = await benchFinances({
  url,
  echeances: Number(process.env.BANC_ECHEANCES ?? 100_000),
  cfas: 500,
  clients: 200,
  engagementsParClient: Number(process.env.BANC_ENGAGEMENTS_PAR_CLIENT ?? 5),
  connexions: Number(process.env.BANC_CONNEXIONS ?? 50),
  journal: (m) => process.stderr.write(`${m}\n`),
});
const dossier = path.join(import.meta.dirname, '..', 'results');
mkdirSync(dossier, { recursive: true });
const fichier = path.join(
  dossier,
  `finances-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(fichier, `${JSON.stringify({ machine: decrireMachine(), ...r }, null, 2)}\n`);
process.stderr.write(`Résultats : ${fichier}\n`);
