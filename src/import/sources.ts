import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Progression } from '../partage/progression.ts';
import type { Base } from '../stockage/db.ts';
import { importeurNpec } from './npec/npec.importer.ts';
import { importerOpcos } from './opcos/opcos.importer.ts';
import type { ResultatImport } from './provenance.ts';
import { importerPublicationTextes, importerTextesParDefaut } from './textes/textes.importer.ts';

/**
 * The registry of import sources. `opco import <source> <fichier>` and the first-start loader
 * both go through it. `fichierReference` names the file in OPCO_DATA_DIR loaded at start-up.
 */
export interface SourceImport {
  nom: string;
  description: string;
  fichierReference: string | null;
  /** Sources that must be loaded before this one. */
  dependDe: readonly string[];
  importer(base: Base, fichier: string, progression: Progression): Promise<ResultatImport>;
  /** Sources that need no file of the data folder (e.g. read from npm packages), loaded at every start. */
  chargerAuDemarrage?: (base: Base, progression: Progression) => Promise<ResultatImport[]>;
}

export const sourcesImport: readonly SourceImport[] = [
  {
    nom: 'opcos',
    description: 'Les 11 OPCO et leurs codes France compétences (CSV opcos.csv)',
    fichierReference: 'opcos.csv',
    dependDe: [],
    importer: importerOpcos,
  },
  {
    nom: 'textes',
    description:
      'Articles du Code du travail (6e partie) et leurs versions, depuis un paquet npm @socialgouv/legi-data (dossier du paquet)',
    fichierReference: null,
    dependDe: [],
    importer: importerPublicationTextes,
    chargerAuDemarrage: importerTextesParDefaut,
  },
  {
    nom: 'npec-cpne-idcc',
    description: 'Correspondance CPNE ↔ IDCC du référentiel des NPEC (CSV 2019-10 ou feuille XLSX)',
    fichierReference: 'npec-cpne-idcc-2019-10.csv',
    dependDe: [],
    importer: importeurNpec('npec-cpne-idcc'),
  },
  {
    nom: 'npec',
    description:
      'Référentiel des NPEC de France compétences (XLSX 2019–2024, ou CSV échantillon des données de référence)',
    fichierReference: 'npec-referentiel-sample.csv',
    dependDe: [],
    importer: importeurNpec('npec'),
  },
];

export function trouverSource(nom: string): SourceImport | undefined {
  return sourcesImport.find((s) => s.nom === nom);
}

export interface BilanChargement {
  dossier: string | null;
  resultats: ResultatImport[];
  /** Human sentences saying what could not be loaded and why. */
  manquants: string[];
}

/**
 * Loads every reference source whose file is present in the data folder. Each import is
 * idempotent, so calling this at every start costs one checksum per file.
 */
export async function chargerDonneesReference(
  base: Base,
  dossier: string | undefined,
  dossierCherche: string,
  progression: (source: string) => Progression,
): Promise<BilanChargement> {
  if (!dossier) {
    return {
      dossier: null,
      resultats: [],
      manquants: [
        `Dossier de données de référence introuvable (${dossierCherche}). ` +
          'Définissez OPCO_DATA_DIR ou importez les sources avec « opco import <source> <fichier> ».',
      ],
    };
  }
  const resultats: ResultatImport[] = [];
  const manquants: string[] = [];
  for (const s of sourcesImport) {
    if (!s.fichierReference) continue;
    const fichier = path.join(dossier, s.fichierReference);
    if (!existsSync(fichier)) {
      manquants.push(`Source « ${s.nom} » : fichier ${fichier} absent.`);
      continue;
    }
    resultats.push(await s.importer(base, fichier, progression(s.nom)));
  }
  return { dossier, resultats, manquants };
}

/**
 * Loads the sources that come with the installed packages (`chargerAuDemarrage`), whatever the
 * data folder: each is idempotent, so a start with nothing new costs one query per publication.
 */
export async function chargerSourcesEmbarquees(
  base: Base,
  progression: (source: string) => Progression,
): Promise<ResultatImport[]> {
  const resultats: ResultatImport[] = [];
  for (const s of sourcesImport)
    if (s.chargerAuDemarrage)
      resultats.push(...(await s.chargerAuDemarrage(base, progression(s.nom))));
  return resultats;
}
