import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { estDateIso } from '../../moteur/index.ts';
import { ErreurCsv, parserCsvAvecEntete } from '../../partage/csv.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import {
  importerAvecProvenance,
  sommeControleFichier,
  type ResultatImport,
} from '../provenance.ts';
import {
  normaliserCpneIdcc,
  normaliserNpec,
  type LigneCpneIdcc,
  type LigneNpec,
  type LigneNpecBrute,
  type Normalisation,
} from './npec.normalisation.ts';
import { lireClasseurNpec, versLignesBrutes } from './npec.xlsx.ts';

const MOIS: Record<string, string> = {
  janv: '01',
  jan: '01',
  fev: '02',
  feb: '02',
  mars: '03',
  mar: '03',
  avr: '04',
  apr: '04',
  mai: '05',
  may: '05',
  juin: '06',
  jun: '06',
  juil: '07',
  jul: '07',
  aout: '08',
  aug: '08',
  sept: '09',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/**
 * Version of a referential from its file name: the last date written AAAA-MM-JJ, JJ.MM.AAAA or
 * AAAAMMJJ, else « mois_AAAA » / AAAA-MM (first of the month). Null when the name has none.
 */
export function versionDepuisNom(fichier: string): string | null {
  const nom = path.basename(fichier).toLowerCase();
  const candidats: string[] = [];
  for (const m of nom.matchAll(/(\d{4})-(\d{2})-(\d{2})/g))
    candidats.push(`${m[1]}-${m[2]}-${m[3]}`);
  for (const m of nom.matchAll(/(\d{2})\.(\d{2})\.(\d{4})/g))
    candidats.push(`${m[3]}-${m[2]}-${m[1]}`);
  for (const m of nom.matchAll(/(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/g))
    candidats.push(`${m[1]}-${m[2]}-${m[3]}`);
  const valides = candidats.filter(estDateIso);
  if (valides.length) return valides.sort().at(-1) ?? null;
  const mois =
    /(janv|jan|fev|feb|mars|mar|avr|apr|mai|may|juin|jun|juil|jul|aout|aug|sept|sep|oct|nov|dec)[_\- ]?(20\d{2})/.exec(
      nom,
    );
  if (mois?.[1] && mois[2]) return `${mois[2]}-${MOIS[mois[1]]}-01`;
  const am = /(20\d{2})-(\d{2})(?!-?\d)/.exec(nom);
  return am && estDateIso(`${am[1]}-${am[2]}-01`) ? `${am[1]}-${am[2]}-01` : null;
}

function refuser(fichier: string, ligne: number, probleme: string): never {
  throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', { fichier, ligne, probleme });
}

function verifier<T>(fichier: string, r: Normalisation<T>): { valeurs: T[]; ignorees: number } {
  if (!r.ok) refuser(fichier, r.ligne, r.probleme);
  return r;
}

interface Contenu {
  npec: LigneNpec[];
  cpneIdcc: (LigneCpneIdcc & { version: string })[];
  lignesLues: number;
  versions: string[];
}

const COLONNES_ECHANTILLON = [
  'referentiel_version',
  'source_sheet',
  'rncp',
  'code_diplome',
  'intitule',
  'cpne_code',
  'cpne_libelle',
  'idcc',
  'npec_eur',
  'statut',
  'date_applicabilite',
] as const;

async function lireCsv(fichier: string): Promise<Contenu> {
  const texte = await readFile(fichier, 'utf8');
  const entete = texte
    .slice(0, texte.indexOf('\n'))
    .replace(/^\uFEFF/, '')
    .trim();
  try {
    if (entete.startsWith('cpne_code,cpne_libelle,idcc')) {
      const version = versionDepuisNom(fichier);
      if (!version)
        refuser(
          fichier,
          1,
          'version introuvable dans le nom du fichier (AAAA-MM ou AAAA-MM-JJ attendu)',
        );
      const lignes = parserCsvAvecEntete(texte, ['cpne_code', 'cpne_libelle', 'idcc']);
      const r = verifier(
        fichier,
        normaliserCpneIdcc(
          lignes.map((l) => ({
            numero: l.numero,
            cpneCode: l.valeurs.cpne_code ?? '',
            cpneLibelle: l.valeurs.cpne_libelle ?? '',
            idcc: l.valeurs.idcc ?? '',
          })),
        ),
      );
      return {
        npec: [],
        cpneIdcc: r.valeurs.map((x) => ({ ...x, version })),
        lignesLues: lignes.length,
        versions: [version],
      };
    }
    const lignes = parserCsvAvecEntete(texte, COLONNES_ECHANTILLON);
    const brutes: LigneNpecBrute[] = lignes.map(({ numero, valeurs: v }) => {
      const feuille =
        v.source_sheet === 'global'
          ? 'global'
          : v.source_sheet === 'par_couple'
            ? 'par_couple'
            : refuser(
                fichier,
                numero,
                `feuille source inconnue « ${v.source_sheet} » (global ou par_couple)`,
              );
      return {
        numero,
        feuille,
        version: v.referentiel_version ?? '',
        rncp: v.rncp ?? '',
        codeDiplome: v.code_diplome ?? '',
        intitule: v.intitule ?? '',
        cpneCode: v.cpne_code ?? '',
        cpneLibelle: v.cpne_libelle ?? '',
        idcc: v.idcc ?? '',
        npec: v.npec_eur ?? '',
        statut: v.statut ?? '',
        dateApplicabilite: v.date_applicabilite ?? '',
      };
    });
    const r = verifier(fichier, normaliserNpec(brutes));
    return {
      npec: r.valeurs,
      cpneIdcc: [],
      lignesLues: lignes.length,
      versions: [...new Set(brutes.map((b) => b.version))],
    };
  } catch (e) {
    if (e instanceof ErreurCsv) refuser(fichier, e.ligne, e.probleme);
    throw e;
  }
}

async function lireXlsx(fichier: string): Promise<Contenu> {
  const version = versionDepuisNom(fichier);
  if (!version)
    refuser(
      fichier,
      0,
      'version du référentiel introuvable dans le nom du fichier (ex. « Referentiel-des-NPEC_vMAJ-18.07.2024.xlsx »)',
    );
  let feuilles;
  try {
    feuilles = await lireClasseurNpec(fichier);
  } catch (e) {
    refuser(fichier, 0, `classeur XLSX illisible : ${e instanceof Error ? e.message : String(e)}`);
  }
  const npecs = feuilles.filter((f) => f.type === 'npec');
  if (npecs.length === 0)
    refuser(
      fichier,
      0,
      'aucune feuille de référentiel (colonnes « Code CPNE » et « NPEC final » ou « Valeur finale ») trouvée',
    );
  const npec: LigneNpec[] = [];
  const cpneIdcc: Contenu['cpneIdcc'] = [];
  let lignesLues = 0;
  for (const f of feuilles) {
    const nom = `${fichier} (feuille « ${f.nom} »)`;
    lignesLues += f.lignes.length;
    if (f.type === 'npec')
      npec.push(...verifier(nom, normaliserNpec(versLignesBrutes(f, version))).valeurs);
    else {
      const r = verifier(
        nom,
        normaliserCpneIdcc(
          f.lignes.map(({ numero, v }) => ({
            numero,
            cpneCode: String(v.cpneCode ?? ''),
            cpneLibelle: String(v.cpneLibelle ?? ''),
            idcc: String(v.idcc ?? ''),
          })),
        ),
      );
      cpneIdcc.push(...r.valeurs.map((x) => ({ ...x, version })));
    }
  }
  return { npec, cpneIdcc, lignesLues, versions: [version] };
}

/**
 * Imports France compétences' NPEC referential: the real XLSX files (2019-10, 2021, 2024 shapes:
 * per-couple sheet and CPNE ↔ IDCC sheet), the sampled CSV of the reference data, or the 2019
 * CPNE ↔ IDCC CSV. All-or-nothing; the rows of the versions in the file replace the stored rows
 * of those versions; provenance in import_meta; a bad row is refused with its line.
 */
export function importeurNpec(source: string) {
  return async function importerNpec(
    base: Base,
    fichier: string,
    progression: Progression,
  ): Promise<ResultatImport> {
    const contenu = fichier.toLowerCase().endsWith('.xlsx')
      ? await lireXlsx(fichier)
      : await lireCsv(fichier);
    const total = contenu.npec.length + contenu.cpneIdcc.length;
    progression.debut('NPEC', total);
    const nomFichier = path.basename(fichier);
    const resultat = await importerAvecProvenance(
      base,
      {
        source,
        fichier,
        millesime: contenu.versions.sort().at(-1) ?? null,
        sommeControle: await sommeControleFichier(fichier),
      },
      async (trx, importId) => {
        if (contenu.npec.length)
          await trx
            .deleteFrom('npec')
            .where('referentiel_version', 'in', contenu.versions)
            .execute();
        if (contenu.cpneIdcc.length)
          await trx
            .deleteFrom('npec_cpne_idcc')
            .where('referentiel_version', 'in', contenu.versions)
            .execute();
        for (let i = 0; i < contenu.npec.length; i += 500) {
          const lot = contenu.npec.slice(i, i + 500);
          await trx
            .insertInto('npec')
            .values(
              lot.map((l) => ({
                rncp: l.rncp,
                code_diplome: l.codeDiplome,
                intitule: l.intitule,
                cpne_code: l.cpneCode,
                cpne_libelle: l.cpneLibelle,
                idcc: l.idcc,
                montant: l.montant,
                statut: l.statut,
                applicable_depuis: l.applicableDepuis,
                referentiel_version: l.version,
                fichier: nomFichier,
                import_id: importId,
              })),
            )
            .execute();
          progression.avance(lot.length);
        }
        for (let i = 0; i < contenu.cpneIdcc.length; i += 500) {
          const lot = contenu.cpneIdcc.slice(i, i + 500);
          await trx
            .insertInto('npec_cpne_idcc')
            .values(
              lot.map((l) => ({
                cpne_code: l.cpneCode,
                cpne_libelle: l.cpneLibelle,
                idcc: l.idcc,
                referentiel_version: l.version,
                fichier: nomFichier,
                import_id: importId,
              })),
            )
            .execute();
          progression.avance(lot.length);
        }
        return {
          lignesLues: contenu.lignesLues,
          lignesEcrites: total,
          details: { versions: contenu.versions },
        };
      },
    );
    progression.fin(`${total} ligne(s) NPEC`);
    return resultat;
  };
}
