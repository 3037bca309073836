import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { codesOpcoParLibelle, insererParLots, lireCsv, millesimeDuNom, refus } from './commun.ts';

const COLONNES = ['idcc', 'opco_fc_label', 'siret_count'] as const;

/**
 * Imports the IDCC → OPCO aggregate of a SIRET-OPCO vintage (idcc-opco-siro-202606.csv: one row
 * per (IDCC, OPCO) couple with its number of SIRET). The vintage comes from the file name;
 * re-importing a vintage replaces it, other vintages stay (dated relation).
 */
export async function importerIdccOpco(
  base: Base,
  fichier: string,
  progression: Progression,
): Promise<ResultatImport> {
  const { texte, lignes } = await lireCsv(fichier, COLONNES);
  const millesime = millesimeDuNom(fichier);
  if (!millesime)
    throw refus(
      fichier,
      0,
      'millésime introuvable dans le nom du fichier (ex. idcc-opco-siro-202606.csv)',
    );
  const codes = await codesOpcoParLibelle(base.db);
  const vus = new Set<string>();
  const valeurs = lignes.map(({ numero, valeurs: v }) => {
    const idcc = (v.idcc ?? '').trim();
    if (!/^[0-9]{1,4}$/.test(idcc))
      throw refus(fichier, numero, `colonne idcc : « ${idcc} » n’est pas un IDCC`);
    const libelle = (v.opco_fc_label ?? '').trim();
    const code = codes.get(libelle);
    if (!code) throw refus(fichier, numero, `colonne opco_fc_label : OPCO « ${libelle} » inconnu`);
    const nb = Number(v.siret_count);
    if (!Number.isInteger(nb) || nb <= 0)
      throw refus(
        fichier,
        numero,
        `colonne siret_count : « ${v.siret_count} » n’est pas un entier positif`,
      );
    const cle = `${idcc.padStart(4, '0')}|${code}`;
    if (vus.has(cle)) throw refus(fichier, numero, `couple IDCC ${idcc} / ${libelle} en double`);
    vus.add(cle);
    return { idcc: idcc.padStart(4, '0'), opco_code: code, nb_siret: nb };
  });
  if (valeurs.length === 0) throw refus(fichier, 2, 'aucun couple IDCC/OPCO dans le fichier');
  progression.debut(`IDCC → OPCO ${millesime}`, valeurs.length);
  const r = await importerAvecProvenance(
    base,
    { source: 'idcc-opco', fichier, millesime, sommeControle: sommeControleTexte(texte) },
    async (trx, importId) => {
      await trx.deleteFrom('idcc_opco').where('millesime', '=', millesime).execute();
      await insererParLots(valeurs, 1000, (lot) =>
        trx
          .insertInto('idcc_opco')
          .values(
            lot.map((l) => ({
              ...l,
              import_id: importId,
              millesime,
              date_effet: `${millesime}-01`,
            })),
          )
          .execute(),
      );
      return {
        lignesLues: lignes.length,
        lignesEcrites: valeurs.length,
        details: { dateEffet: `${millesime}-01`, idcc: new Set(valeurs.map((v) => v.idcc)).size },
      };
    },
  );
  progression.avance(valeurs.length);
  progression.fin(`${valeurs.length} couple(s) IDCC/OPCO`);
  return r;
}
