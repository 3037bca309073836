import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dossierDonnees } from '../aide/base.ts';
import { opco } from '../aide/commande.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'opco-referentiels-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('opco import organismes | certifications | oppositions', () => {
  it('importe, reconnaît le même fichier, et refuse une ligne fautive en la nommant', async () => {
    const db = path.join(tmp, 'db');
    const liste = path.join(dossierDonnees, 'liste-publique-des-of-2026-11-30.csv');
    const r = await opco(['import', 'organismes', liste], db);
    expect(r.code, r.erreur).toBe(0);
    // 7 lines, 6 bodies (one foreign body without SIRET).
    expect(r.sortie).toMatch(/^Import n° [0-9]+ : 7 ligne\(s\) lue\(s\), 6 écrite\(s\)/);
    const encore = await opco(['import', 'organismes', liste], db);
    expect(encore.code, encore.erreur).toBe(0);
    expect(encore.sortie).toMatch(
      /^Déjà importé \(import n° [0-9]+, sha256:[0-9a-f]{64}\) : rien n'a changé/,
    );

    const c = await opco(
      [
        'import',
        'certifications',
        path.join(dossierDonnees, 'export_fiches_CSV_Standard_2026_11_30.csv'),
      ],
      db,
    );
    expect(c.code, c.erreur).toBe(0);
    // 7 fiches + 15 access routes read, 7 fiches written.
    expect(c.sortie).toMatch(/22 ligne\(s\) lue\(s\), 7 écrite\(s\)/);

    const mauvais = path.join(tmp, 'oppositions-2026-12-01.csv');
    writeFileSync(
      mauvais,
      readFileSync(path.join(dossierDonnees, 'oppositions-employeurs-2026-11-30.csv'), 'utf8') +
        '90000002700012;avertissement;2026-12-01;;DREETS\n',
    );
    const o = await opco(['import', 'oppositions', mauvais], db);
    expect(o.code).not.toBe(0);
    expect(o.erreur).toContain(
      `ligne 4 : colonne nature : « avertissement » au lieu de opposition, interdiction ou suspension`,
    );
  }, 600_000);
});
