import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Progression } from '../partage/progression.ts';
import type { Base } from '../stockage/db.ts';
import { importeurNpec } from './npec/npec.importer.ts';
import { importerOpcos } from './opcos/opcos.importer.ts';
import { importerConventions } from './rattachement/conventions.importer.ts';
import { chargerDemoSiro } from './rattachement/demo.ts';
import { importerIdccOpco } from './rattachement/idcc-opco.importer.ts';
import { fichierNafDuPaquet, importerNaf } from './rattachement/naf.importer.ts';
import { importerSiro } from './rattachement/siro.importer.ts';
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
  /**
   * Start-up loading of a source that has no file in the data folder (an npm package, a
   * generated sample…), run at every start whether or not the data folder exists (each import
   * is idempotent): the import results, or a sentence saying what could not be loaded.
   */
  demarrage?: (base: Base, progression: Progression) => Promise<ResultatImport[] | string>;
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
    nom: 'idcc-opco',
    description: 'IDCC → OPCO agrégé de la table SIRET-OPCO (CSV idcc-opco-siro-AAAAMM.csv)',
    fichierReference: 'idcc-opco-siro-202606.csv',
    dependDe: ['opcos'],
    importer: importerIdccOpco,
  },
  {
    nom: 'conventions',
    description:
      'Titres des conventions collectives : kali-data (npm) complété par idcc-list-bal.csv',
    fichierReference: 'idcc-list-bal.csv',
    dependDe: [],
    importer: importerConventions,
  },
  {
    nom: 'naf',
    description: 'Codes NAF rév. 2 (index.json de @socialgouv/codes-naf)',
    fichierReference: null,
    dependDe: [],
    importer: importerNaf,
    demarrage: async (base, progression) => [
      await importerNaf(base, fichierNafDuPaquet(), progression),
    ],
  },
  {
    nom: 'cpne-idcc',
    description:
      'Correspondance CPNE ↔ IDCC du référentiel des NPEC (CSV npec-cpne-idcc-2019-10.csv ou feuille XLSX)',
    fichierReference: 'npec-cpne-idcc-2019-10.csv',
    dependDe: [],
    importer: importeurNpec('cpne-idcc'),
  },
  {
    nom: 'siro',
    description:
      'Table SIRET-OPCO de France compétences (SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION, siro-AAAAMM.csv)',
    fichierReference: null,
    dependDe: ['opcos', 'idcc-opco'],
    importer: importerSiro,
    demarrage: chargerDemoSiro,
  },
  {
    nom: 'npec',
    description:
      'Référentiel des NPEC de France compétences (XLSX 2019–2024, ou CSV échantillon des données de référence)',
    fichierReference: 'npec-referentiel-sample.csv',
    dependDe: [],
    importer: importeurNpec('npec'),
  },
  {
    nom: 'textes',
    description:
      'Articles du Code du travail (6e partie) et leurs versions, depuis un paquet npm @socialgouv/legi-data (dossier du paquet)',
    fichierReference: null,
    dependDe: [],
    importer: importerPublicationTextes,
    demarrage: importerTextesParDefaut,
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
  const resultats: ResultatImport[] = [];
  const manquants: string[] = [];
  if (!dossier)
    manquants.push(
      `Dossier de données de référence introuvable (${dossierCherche}). ` +
        'Définissez OPCO_DATA_DIR ou importez les sources avec « opco import <source> <fichier> ».',
    );
  for (const s of sourcesImport) {
    if (s.demarrage) {
      const r = await s.demarrage(base, progression(s.nom));
      if (typeof r === 'string') manquants.push(r);
      else resultats.push(...r);
      continue;
    }
    if (!s.fichierReference || !dossier) continue;
    const fichier = path.join(dossier, s.fichierReference);
    if (!existsSync(fichier)) {
      manquants.push(`Source « ${s.nom} » : fichier ${fichier} absent.`);
      continue;
    }
    resultats.push(await s.importer(base, fichier, progression(s.nom)));
  }
  return { dossier: dossier ?? null, resultats, manquants };
}
