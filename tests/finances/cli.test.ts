import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ouvrirBase } from '../../src/stockage/db.ts';

const racine = path.resolve(import.meta.dirname, '..', '..');
const dossier = mkdtempSync(path.join(tmpdir(), 'opco-finances-'));
const db = path.join(dossier, 'db');

function opco(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, OPCO_DB_PATH: db };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [path.join(racine, 'bin', 'opco.mjs'), ...args], {
    cwd: racine,
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, sortie: r.stdout, erreur: r.stderr };
}

describe('CLI opco finances', () => {
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));

  it('importe les dotations une fois, montre les budgets, vérifie le grand livre et voit une falsification', async () => {
    const fichier = path.join(import.meta.dirname, 'dotations-exemple.csv');
    const i = opco('finances', 'dotations', fichier);
    expect(i.erreur).toBe('');
    // 1 250 000,00 + 180 000,50 + 25 000,00 = 1 455 000,50 €.
    expect(i.sortie).toContain(
      '3 dotation(s) importée(s) pour 1\u202f455\u202f000,50 €, 0 déjà présente(s)',
    );
    expect(opco('finances', 'dotations', fichier).sortie).toContain('0 dotation(s) importée(s)');
    const b = opco('finances', 'budgets', '99');
    expect(b.sortie).toContain(
      'alternance / conventionnels / toutes branches : dotation 25\u202f000,00 €',
    );
    const v = opco('finances', 'verifier');
    expect(v.code).toBe(0);
    expect(v.sortie).toContain('Grand livre équilibré : 3 écriture(s), 6 ligne(s), 6 compte(s)');
    const base = await ouvrirBase({ dbPath: db });
    await sql`update fin_compte set solde = solde + 100 where nature = 'disponible' and section = 'cpf'`.execute(
      base.db,
    );
    await sql`update fin_compte set solde = solde + 100 where nature = 'disponible' and section = 'plan_moins_50'`.execute(
      base.db,
    );
    await base.fermer();
    const f = opco('finances', 'verifier');
    expect(f.code).toBe(1);
    expect(f.sortie).toContain(
      '99|plan_moins_50|mutualises|-|disponible|2026 : solde 18000150 ≠ somme des écritures 18000050',
    );
  }, 600_000);
  it('appel de fonds, versement reçu (une fois), péréquation et ESF en ligne de commande', async () => {
    // The database of the previous test: 1 250 000,00 € allocated to 99 for alternance 2026.
    const e = opco('finances', 'appel-fonds', '99', '2026-03-01');
    expect(e.erreur).toBe('');
    expect(e.sortie).toContain('Dotation 2026 : 1\u202f250\u202f000,00 €, déjà versés 0,00 €');
    const v = opco('finances', 'versement', '99', '2026', '1000,50', '2026-03-02', 'FC-2026-03');
    expect(v.sortie).toMatch(/^Versement FC-2026-03 enregistré \(écriture \d+\)/);
    expect(
      opco('finances', 'versement', '99', '2026', '1000,50', '2026-03-02', 'FC-2026-03').sortie,
    ).toContain('déjà enregistré');
    // No instalment to pay and 1 000,50 € in the section's treasury: any call exceeds the cap.
    const a = opco('finances', 'appel-fonds', '99', '2026-03-01', '--montant', '10');
    expect(a.code).toBe(1);
    expect(a.sortie).toContain('Refusé : Appel de 10,00 € refusé');
    const p = opco('finances', 'perequation', '99', '2026-06-30');
    expect(p.sortie).toContain('Non éligible à la dotation complémentaire de péréquation.');
    const fichier = path.join(dossier, 'esf.csv');
    const f = opco('finances', 'esf', '99', '2026', '--fichier', fichier);
    expect(f.sortie).toContain(`ESF 2026 de l’OPCO 99 écrit : ${fichier}`);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(fichier, 'utf8')).toContain(
      'alternance,mutualises,produits,Fonds reçus de France compétences,alternance,1000.50',
    );
    expect(opco('finances', 'verifier').code).toBe(1); // the falsified balances of the first test remain
  }, 600_000);
});
