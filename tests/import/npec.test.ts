import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importeurNpec, versionDepuisNom } from '../../src/import/npec/npec.importer.ts';
import { parserCsvAvecEntete } from '../../src/partage/csv.ts';
import type { Base } from '../../src/stockage/db.ts';
import { chercherNpec } from '../../src/stockage/npec.depot.ts';
import { construireApp } from '../../src/api/app.ts';
import { baseDeTest, configDeTest, dossierDonnees } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';

const silence = { debut() {}, avance() {}, fin() {} };
const echantillon = parserCsvAvecEntete(
  readFileSync(path.join(dossierDonnees, 'npec-referentiel-sample.csv'), 'utf8'),
  ['referentiel_version'],
).map((l) => l.valeurs);
let dossier: string;

/** Builds an XLSX in the real 2024 shape (3 title rows, header on row 4) from sample rows. */
async function classeur2024(
  nom: string,
  version: string,
  lignes: Record<string, string>[],
  corrompre?: (ws: ExcelJS.Worksheet) => void,
) {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Me lire').addRow(['Référentiel des NPEC']);
  const ws = wb.addWorksheet('Onglet 3 - référentiel NPEC');
  ws.addRow(['Référentiel unique des niveaux de prise en charge']);
  ws.addRow([`Version du ${version}`]);
  ws.addRow([]);
  ws.addRow([
    'RNCP',
    'Libellé de la formation',
    'Certificateur* (*liste non exhaustive - premier dans la fiche RNCP)',
    'Type de diplôme',
    'Code CPNE',
    'CPNE',
    'NPEC final',
    'Statut',
    'Date d\'applicabilité des NPEC** (**hors contrats couverts par la valeur d\'amorçage + voir onglet "Me lire")',
  ]);
  for (const l of lignes) {
    const [a, m, j] = (l.date_applicabilite ?? '').split('-').map(Number);
    ws.addRow([
      l.rncp,
      l.intitule,
      l.certificateur,
      l.type_diplome,
      Number(l.cpne_code),
      l.cpne_libelle,
      l.npec_eur === 'NC' ? 'NC' : Number(l.npec_eur),
      l.statut,
      a ? new Date(Date.UTC(a, (m ?? 1) - 1, j)) : '',
    ]);
  }
  const idcc = wb.addWorksheet('Onglet 4 - CPNE-IDCC');
  idcc.addRow(['Code CPNE', 'CPNE', 'IDCC']);
  idcc.addRow([2, 'CNPE des sociétés financières', '0478']);
  idcc.addRow([4, 'CNPEFP des sociétés d’assistance', '1801']);
  corrompre?.(ws);
  const fichier = path.join(dossier, nom);
  await wb.xlsx.writeFile(fichier);
  return fichier;
}

/** The 2021 shape: sheet « Onglet 2 - par formation-CPNE » with the IDCC on each row. */
async function classeur2021(nom: string, lignes: Record<string, string>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Onglet 2 - par formation-CPNE');
  ws.addRow([
    'Code diplôme',
    'Code RNCP',
    'Libellé de la certification',
    'Code CPNE',
    'Libellé CPNE',
    'Code IDCC',
    'Valeur finale',
    'Statut',
  ]);
  for (const l of lignes)
    ws.addRow([
      l.code_diplome,
      l.rncp,
      l.intitule,
      l.cpne_code,
      l.cpne_libelle,
      l.idcc,
      Number(l.npec_eur),
      l.statut,
    ]);
  const fichier = path.join(dossier, nom);
  await wb.xlsx.writeFile(fichier);
  return fichier;
}

describe('référentiel des NPEC — échantillons CSV réels', () => {
  let base: Base;
  beforeAll(async () => {
    base = await baseDeTest();
  });
  afterAll(async () => base.fermer());

  it('importe les échantillons, idempotent, provenance enregistrée', async () => {
    const r1 = await importeurNpec('npec-cpne-idcc')(
      base,
      path.join(dossierDonnees, 'npec-cpne-idcc-2019-10.csv'),
      silence,
    );
    expect(r1.statut).toBe('importe');
    const r2 = await importeurNpec('npec')(
      base,
      path.join(dossierDonnees, 'npec-referentiel-sample.csv'),
      silence,
    );
    expect(r2.statut).toBe('importe');
    expect(r2.lignesLues).toBe(2030);
    const r3 = await importeurNpec('npec')(
      base,
      path.join(dossierDonnees, 'npec-referentiel-sample.csv'),
      silence,
    );
    expect(r3.statut).toBe('deja_importe');
    const meta = await base.db
      .selectFrom('import_meta')
      .selectAll()
      .where('source', '=', 'npec')
      .execute();
    expect(meta).toHaveLength(1);
    expect(meta[0]?.millesime).toBe('2024-07-18');
  });

  it('trouve le NPEC par RNCP, IDCC et date de conclusion, avec sa source', async () => {
    // IDCC 0478 → CPNE 2 (table 2019-10). RNCP1002: 9 497 € applicable 2024-07-15 (v. 2024-07-18).
    expect(await chercherNpec(base.db, 'RNCP1002', '478', '2024-08-01')).toMatchObject({
      montant: 9497,
      cpne: '2',
      idcc: '0478',
      applicableDepuis: '2024-07-15',
      version: '2024-07-18',
      fichier: 'npec-referentiel-sample.csv',
      statut: 'A',
    });
    // Before 2024-07-15: the 2024-04-09 version, applicable 2023-10-15.
    expect(await chercherNpec(base.db, '1002', '0478', '2024-01-01')).toMatchObject({
      montant: 9497,
      applicableDepuis: '2023-10-15',
      version: '2024-04-09',
    });
    // Before any applicability date: nothing (the caller falls back to amorçage).
    expect(await chercherNpec(base.db, 'RNCP1002', '0478', '2023-09-01')).toBeNull();
    // « NC » in the per-couple sheet wins over the global matrix of the same version.
    expect(await chercherNpec(base.db, 'RNCP1002', '1801', '2024-01-01')).toBeNull();
    // « RNCPa/RNCPb » rows are found under each code.
    expect((await chercherNpec(base.db, 'RNCP31946', '0478', '2024-01-01'))?.montant).toBe(7750);
    expect((await chercherNpec(base.db, 'RNCP36989', '0478', '2024-01-01'))?.montant).toBe(8502);
    // 2021 file: the IDCC is on the row itself.
    expect(await chercherNpec(base.db, 'RNCP955', '0478', '2021-03-01')).toMatchObject({
      montant: 6079,
      version: '2021-01-29',
      statut: 'D',
    });
  });

  it('l’API cherche le NPEC au référentiel, sinon retombe sur l’amorçage signalé comme tel', async () => {
    const app = await construireApp({
      base,
      config: configDeTest(),
      donnees: { dossier: null, manquants: [] },
      moteur: moteurDeTest(),
    });
    const situation = {
      dateConclusion: '2024-08-01',
      dateDebut: '2024-09-02',
      dateFin: '2025-09-01',
      niveau: 4,
      rncp: 'RNCP1002',
      idcc: '478',
      partDistanciel: 0,
    };
    const j = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/simulations/apprentissage',
        payload: situation,
      })
    ).json();
    expect(j.npec).toMatchObject({
      annuel: 9497,
      applique: 9497,
      source: {
        type: 'referentiel',
        version: '2024-07-18',
        cpne: '2',
        applicableDepuis: '2024-07-15',
      },
    });
    expect(j.priseEnCharge.total).toBe(9497);
    expect(j.manquantes).toEqual([]);
    const inconnu = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/simulations/apprentissage',
        payload: { ...situation, rncp: 'RNCP999999' },
      })
    ).json();
    expect(inconnu.npec).toMatchObject({ annuel: 5621, source: { type: 'amorcage', niveau: 4 } });
    await app.close();
  });
});

describe('référentiel des NPEC — classeurs XLSX aux formes réelles', () => {
  let base: Base;
  beforeAll(async () => {
    base = await baseDeTest();
    dossier = mkdtempSync(path.join(tmpdir(), 'npec-'));
  });
  afterAll(async () => {
    await base.fermer();
    rmSync(dossier, { recursive: true, force: true });
  });

  it('lit la version dans le nom du fichier', () => {
    expect(versionDepuisNom('Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx')).toBe(
      '2024-07-18',
    );
    expect(versionDepuisNom('Referentiel-des-NPEC_vMAJ-09.04.2024.xlsx')).toBe('2024-04-09');
    expect(versionDepuisNom('vf_referentiel_avec_idcc_oct_2019.xlsx')).toBe('2019-10-01');
    expect(versionDepuisNom('npec-cpne-idcc-2019-10.csv')).toBe('2019-10-01');
    expect(versionDepuisNom('referentiel_des_npec-2-1.xlsx')).toBeNull();
  });

  it('importe la feuille « Onglet 3 » (2024) et la correspondance CPNE-IDCC', async () => {
    const lignes = echantillon.filter(
      (l) => l.referentiel_version === '2024-07-18' && l.source_sheet === 'par_couple',
    );
    const f = await classeur2024(
      'Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx',
      '18.07.2024',
      lignes,
    );
    const r = await importeurNpec('npec')(base, f, silence);
    expect(r).toMatchObject({
      statut: 'importe',
      millesime: '2024-07-18',
      lignesEcrites: lignes.length + 2,
    });
    expect(await chercherNpec(base.db, 'RNCP1002', '0478', '2024-07-15')).toMatchObject({
      montant: 9497,
      cpne: '2',
      applicableDepuis: '2024-07-15',
      version: '2024-07-18',
      fichier: 'Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx',
    });
    expect(await chercherNpec(base.db, 'RNCP1002', '0478', '2024-07-14')).toBeNull();
  });

  it('importe la forme 2021 (IDCC sur chaque ligne)', async () => {
    const lignes = echantillon.filter((l) => l.referentiel_version === '2021-01-29');
    const f = await classeur2021('VF_29.01.2021_Referentiel-NPEC-20192020_avec_idcc.xlsx', lignes);
    await importeurNpec('npec')(base, f, silence);
    expect((await chercherNpec(base.db, 'RNCP955', '478', '2021-02-01'))?.montant).toBe(6079);
  });

  it('refuse un classeur avec un montant invalide en nommant la feuille et la ligne, sans rien écrire', async () => {
    const avant = await base.db
      .selectFrom('npec')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const lignes = echantillon.filter(
      (l) => l.referentiel_version === '2024-04-09' && l.source_sheet === 'par_couple',
    );
    const f = await classeur2024(
      'Referentiel-des-NPEC_vMAJ-09.04.2024.xlsx',
      '09.04.2024',
      lignes,
      (ws) => {
        ws.getRow(6).getCell(7).value = 'neuf mille';
      },
    );
    await expect(importeurNpec('npec')(base, f, silence)).rejects.toThrow(
      /Onglet 3 - référentiel NPEC.*ligne 6 : montant de NPEC invalide « neuf mille »/,
    );
    const apres = await base.db
      .selectFrom('npec')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(apres.n)).toBe(Number(avant.n));
  });
});
