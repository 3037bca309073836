import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { insererParLots, lireCsv, refus } from './commun.ts';

const COLONNES = ['cpne_code', 'cpne_libelle', 'idcc'] as const;

/**
 * Imports the CPNE ↔ IDCC table (npec-cpne-idcc-2019-10.csv, from France compétences' NPEC
 * referential of 2019-10-18; `idcc` empty when the CPNE has none). Replaces the table.
 */
export async function importerCpneIdcc(
  base: Base,
  fichier: string,
  progression: Progression,
): Promise<ResultatImport> {
  const { texte, lignes } = await lireCsv(fichier, COLONNES);
  const m = /(20[0-9]{2})-?([01][0-9])(?:-?([0-3][0-9]))?/.exec(fichier.split('/').pop() ?? '');
  const millesime = m ? [m[1], m[2], m[3]].filter(Boolean).join('-') : 'inconnu';
  const valeurs = lignes.map(({ numero, valeurs: v }) => {
    const code = (v.cpne_code ?? '').trim();
    const libelle = (v.cpne_libelle ?? '').trim();
    const idcc = (v.idcc ?? '').trim();
    if (code === '') throw refus(fichier, numero, 'colonne cpne_code vide');
    if (libelle === '') throw refus(fichier, numero, 'colonne cpne_libelle vide');
    if (idcc !== '' && !/^[0-9]{1,4}$/.test(idcc))
      throw refus(fichier, numero, `colonne idcc : « ${idcc} » n’est pas un IDCC`);
    return {
      cpne_code: code,
      cpne_libelle: libelle,
      idcc: idcc === '' ? null : idcc.padStart(4, '0'),
    };
  });
  if (valeurs.length === 0) throw refus(fichier, 2, 'aucune ligne CPNE');
  progression.debut('CPNE ↔ IDCC', valeurs.length);
  const r = await importerAvecProvenance(
    base,
    { source: 'cpne-idcc', fichier, millesime, sommeControle: sommeControleTexte(texte) },
    async (trx, importId) => {
      await trx.deleteFrom('cpne_idcc').execute();
      await insererParLots(valeurs, 1000, (lot) =>
        trx
          .insertInto('cpne_idcc')
          .values(lot.map((l) => ({ ...l, millesime, import_id: importId })))
          .execute(),
      );
      return { lignesLues: lignes.length, lignesEcrites: valeurs.length };
    },
  );
  progression.avance(valeurs.length);
  progression.fin(`${valeurs.length} ligne(s) CPNE ↔ IDCC`);
  return r;
}
