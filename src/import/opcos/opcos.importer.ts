import { readFile } from 'node:fs/promises';
import { normaliserOpcos } from '../../domaine/referentiel/index.ts';
import { ErreurCsv, parserCsvAvecEntete } from '../../partage/csv.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';

const COLONNES = ['fc_code', 'fc_label', 'siren', 'slug', 'lba_label'] as const;

/** Imports the 11 OPCOs (opcos.csv of the reference data): replaces the list all at once. */
export async function importerOpcos(
  base: Base,
  fichier: string,
  progression: Progression,
): Promise<ResultatImport> {
  const texte = await readFile(fichier, 'utf8');
  let lignes;
  try {
    lignes = parserCsvAvecEntete(texte, COLONNES);
  } catch (e) {
    if (e instanceof ErreurCsv)
      throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
        fichier,
        ligne: e.ligne,
        probleme: e.probleme,
      });
    throw e;
  }
  const r = normaliserOpcos(lignes);
  if (!r.ok)
    throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
      fichier,
      ligne: r.ligne,
      probleme: r.probleme,
    });
  progression.debut('OPCO', r.valeurs.length);
  const resultat = await importerAvecProvenance(
    base,
    { source: 'opcos', fichier, millesime: null, sommeControle: sommeControleTexte(texte) },
    async (trx, importId) => {
      await trx.deleteFrom('opco').execute();
      await trx
        .insertInto('opco')
        .values(
          r.valeurs.map((o) => ({
            code: o.code,
            nom: o.nom,
            siren: o.siren,
            slug: o.slug,
            libelle_usuel: o.libelleUsuel,
            code_infere: o.codeInfere,
            note_code: o.noteCode,
            import_id: importId,
          })),
        )
        .execute();
      return { lignesLues: lignes.length, lignesEcrites: r.valeurs.length };
    },
  );
  progression.avance(r.valeurs.length);
  progression.fin(`${r.valeurs.length} OPCO`);
  return resultat;
}
