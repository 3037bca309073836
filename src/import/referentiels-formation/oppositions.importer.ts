import type { OppositionEmployeur } from '../../domaine/referentiels-formation/index.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { OptionsImport } from './demarrage.ts';
import type { ResultatImport } from '../provenance.ts';
import { dateDuNom, dateValide, refus } from './commun.ts';
import { importerListeComplete } from './liste-complete.ts';

/** The CSV format of docs/referentiels-formation.md (no public file exists). */
export const COLONNES_OPPOSITIONS = ['siret', 'nature', 'du', 'au', 'reference'] as const;
const NATURES: readonly OppositionEmployeur['nature'][] = [
  'opposition',
  'interdiction',
  'suspension',
];

/**
 * Imports the list of employers under an opposition to hire apprentices (L6225-1), a suspension
 * (L6225-4, L6225-5) or a ban on hiring (L6225-6) — checked by D6224-2 5° —, as the OPCO
 * receives them from the DREETS. The
 * file is the complete list: each import replaces it. CSV `;`: siret;nature;du;au;reference
 * (dates AAAA-MM-JJ, au empty = until lifted).
 */
export async function importerOppositions(
  base: Base,
  fichier: string,
  progression: Progression,
  options: OptionsImport = {},
): Promise<ResultatImport> {
  return importerListeComplete(base, fichier, progression, {
    source: 'oppositions',
    colonnes: COLONNES_OPPOSITIONS,
    lire: (lignes) => {
      const vues = new Set<string>();
      const valeurs = lignes.map(({ numero, valeurs: v }) => {
        const siret = (v.siret ?? '').replace(/\s/g, '');
        if (!/^[0-9]{14}$/.test(siret))
          throw refus(
            fichier,
            numero,
            `colonne siret : « ${siret} » n’est pas un SIRET (14 chiffres)`,
          );
        const nature = (v.nature ?? '').trim().toLowerCase() as OppositionEmployeur['nature'];
        if (!NATURES.includes(nature))
          throw refus(
            fichier,
            numero,
            `colonne nature : « ${v.nature} » au lieu de opposition, interdiction ou suspension`,
          );
        const du = (v.du ?? '').trim();
        if (!dateValide(du))
          throw refus(fichier, numero, `colonne du : « ${du} » n’est pas une date AAAA-MM-JJ`);
        const au = (v.au ?? '').trim();
        if (au !== '' && !dateValide(au))
          throw refus(
            fichier,
            numero,
            `colonne au : « ${au} » n’est pas une date AAAA-MM-JJ ni vide`,
          );
        if (au !== '' && au < du)
          throw refus(fichier, numero, `colonne au : fin (${au}) antérieure au début (${du})`);
        const reference = (v.reference ?? '').trim();
        if (reference === '')
          throw refus(
            fichier,
            numero,
            'colonne reference : référence de la décision vide (numéro ou date de la décision de la DREETS)',
          );
        const cle = `${siret}|${nature}|${du}`;
        if (vues.has(cle))
          throw refus(fichier, numero, `${nature} du ${du} pour le SIRET ${siret} en double`);
        vues.add(cle);
        return { siret, nature, du, au: au || null, reference };
      });
      return {
        millesime: dateDuNom(fichier),
        valeurs,
        details: {
          demo: options.demo === true,
          employeurs: new Set(valeurs.map((v) => v.siret)).size,
        },
      };
    },
    libelle: 'Oppositions et interdictions',
    bilan: (n) => `${n} opposition(s) ou interdiction(s)`,
    table: 'opposition_employeur',
    inserer: (trx, lot, importId) =>
      trx
        .insertInto('opposition_employeur')
        .values(lot.map((o) => ({ ...o, import_id: importId })))
        .execute(),
  });
}
