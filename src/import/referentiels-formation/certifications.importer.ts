import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { normaliserCodeRncp } from '../../domaine/referentiels-formation/index.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { OptionsImport } from './demarrage.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import {
  dateDuNom,
  importDejaFait,
  insererParLots,
  lireDate,
  parserTexte,
  refus,
  veille,
} from './commun.ts';

/** Columns of France compétences' RNCP export « export_fiches_CSV_Standard_AAAA_MM_JJ.csv » read by the import. */
const COLONNES_STANDARD = [
  'Numero_Fiche',
  'Intitule',
  'Nomenclature_Europe_Niveau',
  'Date_dernier_jo',
  'Date_Decision',
  'Date_Fin_Enregistrement',
  'Date_Effet',
  'Type_Enregistrement',
  'Actif',
] as const;

/** Columns of « export_fiches_CSV_VoixAcces_AAAA_MM_JJ.csv »: one line per access route of a fiche. */
const COLONNES_VOIES = ['Numero_Fiche', 'Si_Jury'] as const;

/** The access route that opens a certification to apprenticeship, as the export spells it. */
const VOIE_APPRENTISSAGE = 'en contrat d’apprentissage';

/**
 * The voies d'accès file that goes with a Standard file: same folder, « Standard » replaced by
 * « VoixAcces » in the name (France compétences' zip carries both with the same date).
 */
export function fichierVoiesAcces(fichierStandard: string): string {
  const nom = path.basename(fichierStandard);
  return path.join(path.dirname(fichierStandard), nom.replace(/Standard/i, 'VoixAcces'));
}

interface CertificationLue {
  code_rncp: string;
  intitule: string;
  niveau: number | null;
  actif_du: string | null;
  actif_au: string | null;
  actif: boolean;
  type_enregistrement: string | null;
}

/**
 * Imports France compétences' RNCP open data: the Standard file (one line per fiche: code,
 * title, European level, dates, ACTIVE/INACTIVE) and the voies d'accès file next to it (the
 * apprenticeship flag: a route « En contrat d’apprentissage »). The export is complete (active
 * and inactive fiches): each import replaces the table. The extract date is read in the name
 * (export_fiches_CSV_Standard_2026_11_30.csv).
 *
 * Dates: registered from Date_Effet (else Date_Decision, else Date_dernier_jo for a
 * registration « de droit ») to Date_Fin_Enregistrement; a fiche INACTIVE at the extract date
 * whose end date is missing or later is taken as ended the day before the extract (docs).
 */
export async function importerCertifications(
  base: Base,
  fichier: string,
  progression: Progression,
  options: OptionsImport = {},
): Promise<ResultatImport> {
  const texte = await readFile(fichier, 'utf8');
  const fichierVoies = fichierVoiesAcces(fichier);
  if (fichierVoies === fichier || !existsSync(fichierVoies))
    throw refus(
      fichier,
      0,
      `fichier des voies d’accès ${path.basename(fichierVoies)} introuvable à côté du fichier Standard : il porte l’ouverture à l’apprentissage`,
    );
  const texteVoies = await readFile(fichierVoies, 'utf8');
  const sommeControle = sommeControleTexte(`${texte}\u0000${texteVoies}`);
  const deja = await importDejaFait(base, 'certifications', sommeControle);
  if (deja) return deja;
  const date = dateDuNom(fichier);
  if (!date)
    throw refus(
      fichier,
      0,
      'date d’extraction introuvable dans le nom du fichier (ex. export_fiches_CSV_Standard_2026_11_30.csv)',
    );
  const lignes = parserTexte(fichier, texte, COLONNES_STANDARD, ';');
  const lignesVoies = parserTexte(fichierVoies, texteVoies, COLONNES_VOIES, ';');

  const certifications = new Map<string, CertificationLue>();
  for (const { numero, valeurs: v } of lignes) {
    const brut = (v.Numero_Fiche ?? '').trim();
    const code = /^RNCP[0-9]+$/i.test(brut) ? normaliserCodeRncp(brut) : null;
    if (!code)
      throw refus(fichier, numero, `colonne Numero_Fiche : « ${brut} » n’est pas un code RNCP`);
    if (certifications.has(code)) throw refus(fichier, numero, `fiche ${code} en double`);
    const intitule = (v.Intitule ?? '').trim();
    if (intitule === '') throw refus(fichier, numero, 'colonne Intitule : intitulé vide');
    const nivBrut = (v.Nomenclature_Europe_Niveau ?? '').trim();
    const niv = /^NIV([1-8])$/i.exec(nivBrut);
    if (nivBrut !== '' && !niv)
      throw refus(
        fichier,
        numero,
        `colonne Nomenclature_Europe_Niveau : « ${nivBrut} » au lieu de NIV1 à NIV8 ou vide`,
      );
    const dates: Record<string, string | null> = {};
    for (const c of [
      'Date_dernier_jo',
      'Date_Decision',
      'Date_Fin_Enregistrement',
      'Date_Effet',
    ] as const) {
      const d = lireDate(v[c] ?? '');
      if (!d.ok)
        throw refus(
          fichier,
          numero,
          `colonne ${c} : « ${v[c]} » n’est pas une date valide (JJ/MM/AAAA)`,
        );
      dates[c] = d.valeur;
    }
    const actifBrut = (v.Actif ?? '').trim().toUpperCase();
    if (actifBrut !== 'ACTIVE' && actifBrut !== 'INACTIVE')
      throw refus(fichier, numero, `colonne Actif : « ${v.Actif} » au lieu de ACTIVE ou INACTIVE`);
    const actif = actifBrut === 'ACTIVE';
    const du = dates.Date_Effet ?? dates.Date_Decision ?? dates.Date_dernier_jo ?? null;
    let au = dates.Date_Fin_Enregistrement ?? null;
    if (!actif && (au === null || au >= date)) au = veille(date);
    if (du !== null && au !== null && au < du && actif)
      throw refus(
        fichier,
        numero,
        `fiche ${code} active dont la fin d’enregistrement (${au}) précède le début (${du})`,
      );
    certifications.set(code, {
      code_rncp: code,
      intitule,
      niveau: niv ? Number(niv[1]) : null,
      actif_du: du,
      actif_au: au,
      actif,
      type_enregistrement: (v.Type_Enregistrement ?? '').trim() || null,
    });
  }
  if (certifications.size === 0) throw refus(fichier, 2, 'aucune fiche RNCP dans le fichier');

  const apprentissage = new Set<string>();
  let voiesHorsStandard = 0;
  for (const { numero, valeurs: v } of lignesVoies) {
    const brut = (v.Numero_Fiche ?? '').trim();
    const code = /^RNCP[0-9]+$/i.test(brut) ? normaliserCodeRncp(brut) : null;
    if (!code)
      throw refus(
        fichierVoies,
        numero,
        `colonne Numero_Fiche : « ${brut} » n’est pas un code RNCP`,
      );
    if (!certifications.has(code)) {
      voiesHorsStandard++;
      continue;
    }
    const voie = (v.Si_Jury ?? '').trim().toLowerCase().replace(/'/g, '’');
    if (voie === VOIE_APPRENTISSAGE) apprentissage.add(code);
  }

  const valeurs = [...certifications.values()].map((c) => ({
    ...c,
    ouverte_apprentissage: apprentissage.has(c.code_rncp),
    millesime: date,
  }));
  progression.debut(`Certifications RNCP au ${date}`, valeurs.length);
  const r = await importerAvecProvenance(
    base,
    { source: 'certifications', fichier, millesime: date, sommeControle },
    async (trx, importId) => {
      await trx.deleteFrom('certification_rncp').execute();
      await insererParLots(valeurs, 1000, (lot) =>
        trx
          .insertInto('certification_rncp')
          .values(lot.map((c) => ({ ...c, import_id: importId })))
          .execute(),
      );
      return {
        lignesLues: lignes.length + lignesVoies.length,
        lignesEcrites: valeurs.length,
        details: {
          demo: options.demo === true,
          dateExtraction: date,
          fichierVoiesAcces: path.basename(fichierVoies),
          actives: valeurs.filter((c) => c.actif).length,
          ouvertesApprentissage: apprentissage.size,
          voiesSansFiche: voiesHorsStandard,
        },
      };
    },
  );
  progression.avance(valeurs.length);
  progression.fin(`${valeurs.length} certification(s) au ${date}`);
  return r;
}
