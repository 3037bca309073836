import { normaliserCodeRncp } from '../../domaine/referentiels-formation/index.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { OptionsImport } from './demarrage.ts';
import type { ResultatImport } from '../provenance.ts';
import { dateDuNom, refus } from './commun.ts';
import { importerListeComplete } from './liste-complete.ts';

/** Columns of France compétences' RNCP export « export_fiches_CSV_Partenaires_AAAA_MM_JJ.csv ». */
export const COLONNES_PARTENAIRES = [
  'Numero_Fiche',
  'Nom_Partenaire',
  'Siret_Partenaire',
  'Habilitation_Partenaire',
] as const;

/** The habilitations the export spells (former, organiser l'évaluation, les deux). */
export const HABILITATIONS = [
  'HABILITATION_FORMER',
  'HABILITATION_ORGANISER',
  'HABILITATION_ORGA_FORM',
] as const;

/**
 * Imports the bodies habilitated by the certifiers to prepare each RNCP certification (R6113-16,
 * checked by D6224-2 6°): France compétences' RNCP open data, file « Partenaires » of the same
 * zip as the Standard file (CSV `;`, one line per fiche × partner). The export is complete: each
 * import replaces the table. Fiches of the répertoire spécifique (RS…) are skipped and counted;
 * a line repeated in the export is kept once (counted); a SIRET that is not 14 digits or an
 * unknown habilitation refuses the file, naming the line. The extract date is read in the name.
 */
export async function importerPartenaires(
  base: Base,
  fichier: string,
  progression: Progression,
  options: OptionsImport = {},
): Promise<ResultatImport> {
  return importerListeComplete(base, fichier, progression, {
    source: 'certifications-partenaires',
    colonnes: COLONNES_PARTENAIRES,
    lire: (lignes) => {
      const millesime = dateDuNom(fichier);
      if (millesime === null)
        throw refus(fichier, 0, 'date d’extraction absente du nom du fichier (…_AAAA_MM_JJ.csv)');
      const vues = new Set<string>();
      let horsRncp = 0;
      let doublons = 0;
      const valeurs: {
        code_rncp: string;
        siret: string | null;
        nom: string;
        habilitation: string;
      }[] = [];
      for (const { numero, valeurs: v } of lignes) {
        const fiche = (v.Numero_Fiche ?? '').trim();
        if (/^RS/i.test(fiche)) {
          horsRncp++;
          continue;
        }
        const code = normaliserCodeRncp(fiche);
        if (!code)
          throw refus(
            fichier,
            numero,
            `colonne Numero_Fiche : « ${fiche} » n’est pas un code RNCP`,
          );
        const siretBrut = (v.Siret_Partenaire ?? '').replace(/\s/g, '');
        if (siretBrut !== '' && !/^[0-9]{14}$/.test(siretBrut))
          throw refus(
            fichier,
            numero,
            `colonne Siret_Partenaire : « ${siretBrut} » n’est pas un SIRET (14 chiffres) ni vide`,
          );
        const habilitation = (v.Habilitation_Partenaire ?? '').trim().toUpperCase();
        if (!(HABILITATIONS as readonly string[]).includes(habilitation))
          throw refus(
            fichier,
            numero,
            `colonne Habilitation_Partenaire : « ${v.Habilitation_Partenaire ?? ''} » au lieu de ${HABILITATIONS.join(', ')}`,
          );
        const nom = (v.Nom_Partenaire ?? '').trim();
        if (nom === '' && siretBrut === '')
          throw refus(fichier, numero, 'partenaire sans nom ni SIRET');
        const cle = `${code}|${siretBrut}|${nom}|${habilitation}`;
        if (vues.has(cle)) {
          doublons++;
          continue;
        }
        vues.add(cle);
        valeurs.push({ code_rncp: code, siret: siretBrut || null, nom, habilitation });
      }
      return {
        millesime,
        valeurs,
        details: {
          demo: options.demo === true,
          certifications: new Set(valeurs.map((x) => x.code_rncp)).size,
          lignesRepertoireSpecifique: horsRncp,
          doublons,
        },
      };
    },
    libelle: 'Organismes habilités (RNCP)',
    bilan: (n) => `${n} habilitation(s)`,
    table: 'certification_partenaire',
    inserer: (trx, lot, importId) =>
      trx
        .insertInto('certification_partenaire')
        .values(lot.map((p) => ({ ...p, import_id: importId })))
        .execute(),
  });
}
