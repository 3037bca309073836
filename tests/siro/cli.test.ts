import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { cleValide, connecterPartenaire } from '../../src/stockage/siro.depot.ts';

const dossier = mkdtempSync(path.join(tmpdir(), 'opco-siro-cli-'));
const dbPath = path.join(dossier, 'db');

/**
 * Runs `opco …` in this process (the same entry as bin/opco.mjs, without a Node start per
 * command), on a PGlite folder of its own; stdout and stderr are captured.
 */
async function opco(...args: string[]) {
  const avant = { db: process.env.OPCO_DB_PATH, url: process.env.DATABASE_URL };
  process.env.OPCO_DB_PATH = dbPath;
  delete process.env.DATABASE_URL;
  let sortie = '';
  let erreur = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    sortie += String(c);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    erreur += String(c);
    return true;
  });
  try {
    const code = await main(['node', 'opco', ...args]);
    return { code, sortie, erreur };
  } finally {
    out.mockRestore();
    err.mockRestore();
    if (avant.db === undefined) delete process.env.OPCO_DB_PATH;
    else process.env.OPCO_DB_PATH = avant.db;
    if (avant.url !== undefined) process.env.DATABASE_URL = avant.url;
  }
}

async function avecBase<T>(f: (b: Base) => Promise<T>): Promise<T> {
  const b = await ouvrirBase({ dbPath });
  try {
    return await f(b);
  } finally {
    await b.fermer();
  }
}

describe('opco siro : clés et partenaires', () => {
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));

  it('crée, liste et révoque une clé et un partenaire ; la clé seule sur la dernière ligne', async () => {
    const creee = await opco('siro', 'cle', 'creer', 'la-bonne-alternance');
    expect(creee.erreur).toBe('');
    expect(creee.code).toBe(0);
    const cle = creee.sortie.trimEnd().split('\n').at(-1)!;
    expect(cle).toMatch(/^siro_[A-Za-z0-9_-]{43}$/);

    const double = await opco('siro', 'cle', 'creer', 'la-bonne-alternance');
    expect(double.code).toBe(1);
    expect(double.erreur).toContain('ERR_VALIDATION');

    const liste = await opco('siro', 'cle', 'lister');
    expect(liste.sortie).toMatch(/la-bonne-alternance\tcréée le .*\tactive/);
    expect(liste.sortie).not.toContain(cle);

    const p = await opco(
      'siro',
      'partenaire',
      'creer',
      'pde',
      '--mot-de-passe',
      'un-mot-de-passe-solide',
    );
    expect(p.code).toBe(0);
    expect(p.sortie).not.toContain('un-mot-de-passe-solide');
    expect(
      (await opco('siro', 'partenaire', 'creer', 'court', '--mot-de-passe', 'court')).erreur,
    ).toContain('au moins 10 caractères');

    await avecBase(async (b) => {
      expect(await cleValide(b, cle)).toBe(true);
      expect(await connecterPartenaire(b, 'pde', 'un-mot-de-passe-solide', 24)).toMatch(
        /^\S{40,}$/,
      );
    });

    expect((await opco('siro', 'cle', 'revoquer', 'la-bonne-alternance')).code).toBe(0);
    expect((await opco('siro', 'partenaire', 'revoquer', 'pde')).code).toBe(0);
    const json = JSON.parse((await opco('siro', 'cle', 'lister', '--json')).sortie) as {
      nom: string;
      revoqueLe: string | null;
    }[];
    expect(json).toEqual([
      expect.objectContaining({ nom: 'la-bonne-alternance', revoqueLe: expect.any(String) }),
    ]);
    await avecBase(async (b) => {
      expect(await cleValide(b, cle)).toBe(false);
      expect(await connecterPartenaire(b, 'pde', 'un-mot-de-passe-solide', 24)).toBeNull();
    });

    const inconnue = await opco('siro', 'cle', 'revoquer', 'personne');
    expect(inconnue.code).toBe(1);
    expect(inconnue.erreur).toContain('ERR_RESSOURCE_INTROUVABLE');
  }, 600_000);
});
