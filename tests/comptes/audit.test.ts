import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifierAudit } from '../../src/api/routes/audit.routes.ts';
import { ajouterAudit } from '../../src/stockage/audit.depot.ts';
import { ouvrirBase, type Base } from '../../src/stockage/db.ts';
import { baseDeTest, moteurDeTest } from '../aide/base.ts';

const ligne = (i: number) => ({
  horodatage: `2026-12-02T03:00:${String(i % 60).padStart(2, '0')}.000Z`,
  compteId: `compte-${i}`,
  cleId: null,
  organisationId: `org-${i % 3}`,
  action: 'essai.ecrire',
  ressource: `essai:${i}`,
  avant: null,
  apres: 'a'.repeat(64),
});

describe(`journal d’audit chaîné (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  beforeAll(async () => {
    base = await baseDeTest();
  });
  afterAll(async () => base.fermer());

  it('des ajouts concurrents gardent une seule chaîne (verrou sur la tête)', async () => {
    // On PostgreSQL a second pool: two « processes » appending at once.
    const autre: Base =
      base.moteur === 'postgres'
        ? await ouvrirBase({ databaseUrl: process.env.DATABASE_URL, schema: base.schema })
        : base;
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? autre : base).db.transaction().execute((trx) => ajouterAudit(trx, ligne(i))),
        ),
      );
    } finally {
      if (autre !== base) await autre.fermer();
    }
    const r = await verifierAudit(base);
    expect(r).toEqual({ valide: true, lignes: 20 });
  });

  it('l’application ne peut ni modifier ni supprimer une ligne (déclencheur)', async () => {
    await expect(
      sql`update audit set action = 'x' where rang = 3`.execute(base.db),
    ).rejects.toThrow(/ajout seul/);
    await expect(sql`delete from audit where rang = 3`.execute(base.db)).rejects.toThrow(
      /ajout seul/,
    );
    await expect(sql`truncate audit`.execute(base.db)).rejects.toThrow(/ajout seul/);
    expect((await verifierAudit(base)).valide).toBe(true);
  });

  it('une ligne falsifiée directement (déclencheur désactivé en superutilisateur) est nommée', async () => {
    await sql`alter table audit disable trigger audit_sans_modification`.execute(base.db);
    await sql`update audit set compte_id = 'intrus' where rang = 7`.execute(base.db);
    await sql`alter table audit enable trigger audit_sans_modification`.execute(base.db);
    const r = await verifierAudit(base);
    expect(r).toMatchObject({ valide: false, rang: 7 });
    expect(r.valide ? '' : r.raison).toContain('modifiée');
  });
});

describe('CLI : opco comptes et opco audit verifier', () => {
  const racine = path.resolve(import.meta.dirname, '..', '..');
  const dossier = mkdtempSync(path.join(tmpdir(), 'opco-comptes-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPCO_DB_PATH: path.join(dossier, 'db'),
    OPCO_COURRIELS_DIR: path.join(dossier, 'courriels'),
  };
  delete env.DATABASE_URL;
  const opco = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(racine, 'bin', 'opco.mjs'), ...args], {
      cwd: racine,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: r.status, sortie: r.stdout, erreur: r.stderr };
  };
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));

  it('creer-admin et creer impriment le mot de passe initial seul sur la dernière ligne ; audit verifier nomme la ligne falsifiée', async () => {
    const a = opco('comptes', 'creer-admin', 'admin@exemple.fr');
    expect(a.erreur).toBe('');
    expect(a.code).toBe(0);
    const derniere = a.sortie.trimEnd().split('\n').at(-1)!;
    expect(derniere).toMatch(/^[A-Za-z0-9]{20}$/);
    const b = opco(
      'comptes',
      'creer',
      'gestion@opco.fr',
      '--role',
      'opco_gestionnaire',
      '--opco',
      '03',
    );
    expect(b.code).toBe(0);
    expect(b.sortie).toContain('OPCO 03');
    expect(b.sortie.trimEnd().split('\n').at(-1)).toMatch(/^[A-Za-z0-9]{20}$/);
    const mauvais = opco(
      'comptes',
      'creer',
      'x@opco.fr',
      '--role',
      'opco_gestionnaire',
      '--opco',
      'ABC',
    );
    expect(mauvais.code).toBe(1);
    expect(mauvais.erreur).toContain('deux chiffres');
    const ok = opco('audit', 'verifier');
    expect(ok.code).toBe(0);
    expect(ok.sortie).toMatch(/intègre : 3 ligne/);
    // Tamper with the second row as the database owner would.
    const base = await ouvrirBase({ dbPath: path.join(dossier, 'db') });
    try {
      await sql`alter table audit disable trigger audit_sans_modification`.execute(base.db);
      await sql`update audit set action = 'compte.supprimer' where rang = 2`.execute(base.db);
      await sql`alter table audit enable trigger audit_sans_modification`.execute(base.db);
    } finally {
      await base.fermer();
    }
    const ko = opco('audit', 'verifier');
    expect(ko.code).toBe(1);
    expect(ko.sortie).toContain('ROMPU à la ligne 2');
  }, 300_000);
});
