import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ej20Saisi, fa13Saisi } from './aide.ts';
import { capturer } from '../aide/commande.ts';

const dossier = mkdtempSync(path.join(tmpdir(), 'dossiers-cli-'));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
afterAll(() => rmSync(dossier, { recursive: true, force: true }));

describe('opco dossiers', () => {
  it('dépose un lot NDJSON une fois (rejouer ne crée rien), le liste ; une erreur nomme le champ du CERFA', async () => {
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('OPCO_DB_PATH', path.join(dossier, 'db'));
    const lot = path.join(dossier, 'lot.ndjson');
    writeFileSync(lot, `${JSON.stringify(fa13Saisi())}\n${JSON.stringify(ej20Saisi())}\n`);
    let c = capturer();
    expect(await main(['node', 'opco', 'dossiers', 'deposer', lot])).toBe(0);
    expect(c.sortie.join('').match(/\tcréé/g)).toHaveLength(2);
    vi.restoreAllMocks();
    c = capturer();
    expect(await main(['node', 'opco', 'dossiers', 'deposer', lot])).toBe(0);
    expect(c.sortie.join('').match(/\tdéjà déposé/g)).toHaveLength(2);
    vi.restoreAllMocks();
    c = capturer();
    expect(await main(['node', 'opco', 'dossiers', 'lister'])).toBe(0);
    expect(c.sortie.join('').trim().split('\n')).toHaveLength(2);
    vi.restoreAllMocks();
    const faux = path.join(dossier, 'faux.json');
    const s = fa13Saisi();
    s.apprenti.dateNaissance = '2006-13-01';
    writeFileSync(faux, JSON.stringify(s));
    c = capturer();
    expect(await main(['node', 'opco', 'dossiers', 'verifier', faux])).toBe(1);
    expect(c.erreurs.join('')).toContain("L'APPRENTI(E) — Date de naissance");
  }, 480_000); // PGlite sur disque, quatre ouvertures de base : large marge pour une machine chargée
});
