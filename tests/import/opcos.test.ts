import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerOpcos } from '../../src/import/opcos/opcos.importer.ts';
import { ErreurOpco } from '../../src/partage/erreurs.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import { listerOpcos } from '../../src/stockage/opco.depot.ts';
import { baseDeTest, dossierDonnees, moteurDeTest } from '../aide/base.ts';

const fichierReel = path.join(dossierDonnees, 'opcos.csv');
/** The code of an OPCO (by its France compétences label) in the data file. */
const codeDe = (nom: string): string => {
  const l = readFileSync(fichierReel, 'utf8')
    .split('\n')
    .find((x) => x.split(',')[1] === nom);
  if (!l) throw new Error(`${nom} absent de ${fichierReel}`);
  return l.split(',')[0] ?? '';
};

describe(`import des OPCO (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  const tmp = mkdtempSync(path.join(tmpdir(), 'opco-import-'));
  beforeAll(async () => {
    base = await baseDeTest();
  }, 600_000);
  afterAll(async () => {
    await base.fermer();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('importe les 11 OPCO du fichier réel avec leur code France compétences', async () => {
    const r = await importerOpcos(base, fichierReel, progressionMuette);
    expect(r).toMatchObject({
      source: 'opcos',
      statut: 'importe',
      lignesLues: 11,
      lignesEcrites: 11,
    });
    expect(r.sommeControle).toMatch(/^sha256:[0-9a-f]{64}$/);
    const liste = await listerOpcos(base.db);
    expect(liste?.opcos).toHaveLength(11);
    // The codes are France compétences' own, as the data file gives them (01 … 11).
    const lignes = readFileSync(fichierReel, 'utf8').trim().split('\n').slice(1);
    const codesFichier = lignes.map((l) => l.split(',')[0]);
    expect(liste?.opcos.map((o) => o.code)).toEqual(codesFichier);
    expect(codesFichier).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    const atlas = liste?.opcos.find((o) => o.nom === 'ATLAS');
    expect(atlas).toEqual({
      code: codeDe('ATLAS'),
      nom: 'ATLAS',
      siren: '851296632',
      slug: 'atlas',
      libelleUsuel: 'ATLAS',
      codeInfere: false,
      noteCode: null,
    });
    // Uniformation's code is inferred (the only number left), and says so.
    const uniformation = liste?.opcos.find((o) => o.slug === 'uniformation');
    expect(uniformation).toMatchObject({
      code: codeDe('UNIFORMATION COHESION SOCIALE'),
      libelleUsuel: "Uniformation, l'Opco de la Cohésion sociale",
      codeInfere: true,
      noteCode: expect.stringContaining('non confirmé'),
    });
    expect(liste?.opcos.filter((o) => o.codeInfere)).toHaveLength(1);
    expect(liste?.source.fichier).toBe('opcos.csv');
  });

  it('est idempotent : le même fichier une seconde fois ne change rien', async () => {
    const avant = await base.db.selectFrom('import_meta').select(['id']).execute();
    const r = await importerOpcos(base, fichierReel, progressionMuette);
    expect(r.statut).toBe('deja_importe');
    const apres = await base.db.selectFrom('import_meta').select(['id']).execute();
    expect(apres).toEqual(avant);
  });

  it('refuse un fichier au SIREN invalide en nommant la ligne, sans rien écrire', async () => {
    const lignes = readFileSync(fichierReel, 'utf8').split('\n');
    const n = lignes.findIndex((l) => l.includes('533846150')); // CONSTRUCTYS
    lignes[n] = lignes[n]!.replace('533846150', '53384615X');
    const mauvais = path.join(tmp, 'opcos-mauvais.csv');
    writeFileSync(mauvais, lignes.join('\n'));
    const erreur = await importerOpcos(base, mauvais, progressionMuette).catch((e: unknown) => e);
    expect(erreur).toBeInstanceOf(ErreurOpco);
    expect((erreur as ErreurOpco).code).toBe('ERR_IMPORT_FICHIER_INVALIDE');
    expect((erreur as ErreurOpco).info.ligne).toBe(n + 1);
    expect((erreur as ErreurOpco).message).toContain('colonne siren');
    expect((await listerOpcos(base.db))?.opcos.find((o) => o.nom === 'CONSTRUCTYS')?.siren).toBe(
      '533846150',
    );
  });

  it('refuse un code OPCO en double et un en-tête incomplet', async () => {
    const double = path.join(tmp, 'double.csv');
    writeFileSync(
      double,
      'fc_code,fc_label,siren,slug,lba_label\n01,A,784714008,a,A\n01,B,853000982,b,B\n',
    );
    await expect(importerOpcos(base, double, progressionMuette)).rejects.toThrow(
      /ligne 3 : code OPCO 01 en double/,
    );
    const entete = path.join(tmp, 'entete.csv');
    writeFileSync(entete, 'fc_code,fc_label,siren\n01,A,784714008\n');
    await expect(importerOpcos(base, entete, progressionMuette)).rejects.toThrow(
      /ligne 1 : colonne\(s\) absente\(s\) de l’en-tête : slug, lba_label/,
    );
  });

  it('accepte le fichier sans les colonnes code_infere et note_code, et refuse une valeur mal formée', async () => {
    const b = await baseDeTest();
    try {
      const sans = path.join(tmp, 'opcos-sans-note.csv');
      writeFileSync(
        sans,
        'fc_code,fc_label,siren,slug,lba_label\n03,ATLAS,851296632,atlas,ATLAS\n',
      );
      await importerOpcos(b, sans, progressionMuette);
      expect((await listerOpcos(b.db))?.opcos).toMatchObject([
        { code: '03', codeInfere: false, noteCode: null },
      ]);
      const mal = path.join(tmp, 'opcos-mal.csv');
      writeFileSync(
        mal,
        'fc_code,fc_label,siren,slug,lba_label,code_infere,note_code\n03,ATLAS,851296632,atlas,ATLAS,peut-être,\n',
      );
      await expect(importerOpcos(b, mal, progressionMuette)).rejects.toThrow(
        /ligne 2 : colonne code_infere : « peut-être »/,
      );
    } finally {
      await b.fermer();
    }
  });

  it('annule tout si l’écriture échoue en cours de route et garde la trace de l’échec', async () => {
    // A file valid for the parser but whose slug collides (unique constraint) fails in the DB.
    const collision = path.join(tmp, 'collision.csv');
    writeFileSync(
      collision,
      'fc_code,fc_label,siren,slug,lba_label\n01,A,784714008,meme,A\n02,B,853000982,meme,B\n',
    );
    await expect(importerOpcos(base, collision, progressionMuette)).rejects.toThrow();
    const liste = await listerOpcos(base.db);
    expect(liste?.opcos).toHaveLength(11);
    const echecs = await base.db
      .selectFrom('import_meta')
      .select(['fichier', 'statut'])
      .where('statut', '=', 'echoue')
      .execute();
    expect(echecs).toContainEqual({ fichier: 'collision.csv', statut: 'echoue' });
  });
});
