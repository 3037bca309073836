import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Progression } from '../partage/progression.ts';
import type { Base } from '../stockage/db.ts';
import { importerOpcos } from './opcos/opcos.importer.ts';
import { importerConventions } from './rattachement/conventions.importer.ts';
import { importerCpneIdcc } from './rattachement/cpne-idcc.importer.ts';
import { chargerDemoSiro } from './rattachement/demo.ts';
import { importerIdccOpco } from './rattachement/idcc-opco.importer.ts';
import { fichierNafDuPaquet, importerNaf } from './rattachement/naf.importer.ts';
import { importerSiro } from './rattachement/siro.importer.ts';
import type { ResultatImport } from './provenance.ts';

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
   * First-start loading when there is no reference file in the data folder (a file from an npm
   * package, a generated sample…); returns a sentence when nothing could be loaded.
   */
  demarrage?: (base: Base, progression: Progression) => Promise<ResultatImport | string>;
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
    demarrage: (base, progression) => importerNaf(base, fichierNafDuPaquet(), progression),
  },
  {
    nom: 'cpne-idcc',
    description: 'Table CPNE ↔ IDCC (CSV npec-cpne-idcc-2019-10.csv)',
    fichierReference: 'npec-cpne-idcc-2019-10.csv',
    dependDe: [],
    importer: importerCpneIdcc,
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
    if (!s.fichierReference && s.demarrage) {
      const r = await s.demarrage(base, progression(s.nom));
      if (typeof r === 'string') manquants.push(r);
      else resultats.push(r);
      continue;
    }
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
