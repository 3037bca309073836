import path from 'node:path';
import { importerOpcos } from '../../src/import/opcos/opcos.importer.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import type { Base } from '../../src/stockage/db.ts';
import { dossierDonnees } from '../aide/base.ts';

/**
 * The reference data the default ports read: the OPCO list (barèmes name their OPCO by slug:
 * 03 = atlas) and one row of the IDCC → OPCO table (1486, bureaux d'études → 03, Atlas).
 */
export async function preparerReferentiels(base: Base): Promise<void> {
  const db = base.db;
  await importerOpcos(base, path.join(dossierDonnees, 'opcos.csv'), progressionMuette);
  const imp = await db
    .insertInto('import_meta')
    .values({
      source: 'test',
      fichier: 'idcc-opco-test.csv',
      millesime: '202606',
      somme_controle: 'test',
      lignes_lues: 1,
      lignes_ecrites: 1,
      statut: 'termine',
      details: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('idcc_opco')
    .values({
      import_id: imp.id,
      millesime: '202606',
      date_effet: '2020-01-01',
      idcc: '1486',
      opco_code: '03',
      nb_siret: 100,
    })
    .execute();
}
