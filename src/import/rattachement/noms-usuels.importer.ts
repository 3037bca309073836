import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { insererParLots, lireCsv, refus } from './commun.ts';

const COLONNES = ['idcc', 'nom_usuel', 'source'] as const;

/**
 * Imports the usual names of conventions (conventions-noms-usuels.csv: « Syntec » → 1486,
 * « HCR » → 1979, « BTP » → the building and public-works conventions…), each with the source
 * attesting it. One name may designate several IDCC. Replaces the table.
 */
export async function importerNomsUsuels(
  base: Base,
  fichier: string,
  progression: Progression,
): Promise<ResultatImport> {
  const { texte, lignes } = await lireCsv(fichier, COLONNES);
  const vus = new Set<string>();
  const valeurs = lignes.map(({ numero, valeurs: v }) => {
    const idcc = (v.idcc ?? '').trim();
    if (!/^[0-9]{1,4}$/.test(idcc))
      throw refus(fichier, numero, `colonne idcc : « ${idcc} » n’est pas un IDCC`);
    const nom = (v.nom_usuel ?? '').trim();
    if (nom === '') throw refus(fichier, numero, 'colonne nom_usuel vide');
    const source = (v.source ?? '').trim();
    if (source === '') throw refus(fichier, numero, `colonne source vide pour « ${nom} »`);
    const code = idcc.padStart(4, '0');
    const cle = `${code}|${nom.toLowerCase()}`;
    if (vus.has(cle)) throw refus(fichier, numero, `nom « ${nom} » de l’IDCC ${code} en double`);
    vus.add(cle);
    return { idcc: code, nom, source };
  });
  progression.debut('Noms usuels des conventions', valeurs.length);
  const r = await importerAvecProvenance(
    base,
    { source: 'noms-usuels', fichier, millesime: null, sommeControle: sommeControleTexte(texte) },
    async (trx, importId) => {
      await trx.deleteFrom('convention_nom_usuel').execute();
      await insererParLots(valeurs, 500, (lot) =>
        trx
          .insertInto('convention_nom_usuel')
          .values(lot.map((l) => ({ ...l, import_id: importId })))
          .execute(),
      );
      return { lignesLues: lignes.length, lignesEcrites: valeurs.length };
    },
  );
  progression.avance(valeurs.length);
  progression.fin(`${valeurs.length} nom(s) usuel(s)`);
  return r;
}
