import { existsSync } from 'node:fs';
import path from 'node:path';
import { ErreurOpco } from '../partage/erreurs.ts';
import type { Progression } from '../partage/progression.ts';
import type { Base } from '../stockage/db.ts';
import { importeurNpec } from './npec/npec.importer.ts';
import { importerOpcos } from './opcos/opcos.importer.ts';
import { importerConventions } from './rattachement/conventions.importer.ts';
import { chargerDemoSiro } from './rattachement/demo.ts';
import { importerIdccOpco } from './rattachement/idcc-opco.importer.ts';
import { fichierNafDuPaquet, importerNaf } from './rattachement/naf.importer.ts';
import { importerNomsUsuels } from './rattachement/noms-usuels.importer.ts';
import { importerSiro } from './rattachement/siro.importer.ts';
import type { ResultatImport } from './provenance.ts';
import { importerCertifications } from './referentiels-formation/certifications.importer.ts';
import { importerOppositions } from './referentiels-formation/oppositions.importer.ts';
import { importerPartenaires } from './referentiels-formation/partenaires.importer.ts';
import { importerOrganismes } from './referentiels-formation/organismes.importer.ts';
import { importerUaiOrganismes } from './referentiels-formation/uai.importer.ts';
import { echantillonSiAbsent } from './referentiels-formation/demarrage.ts';
import { importerPublicationTextes, importerTextesParDefaut } from './textes/textes.importer.ts';

/**
 * The registry of import sources. `opco import <source> <fichier>` and the first-start loader
 * both go through it. `fichierReference` names the file of the data folder (the repository's
 * donnees/, or OPCO_DATA_DIR) loaded at start-up.
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
   * `dossier` is the data folder found (undefined when there is none).
   */
  demarrage?: (
    base: Base,
    progression: Progression,
    dossier: string | undefined,
  ) => Promise<ResultatImport[] | string>;
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
    nom: 'noms-usuels',
    description:
      'Noms usuels des conventions collectives (« Syntec », « HCR », « BTP »…) et leur source (CSV conventions-noms-usuels.csv)',
    fichierReference: 'conventions-noms-usuels.csv',
    dependDe: [],
    importer: importerNomsUsuels,
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
    demarrage: (base, progression) => importerTextesParDefaut(base, progression),
  },
  {
    nom: 'organismes',
    description:
      'Liste publique des organismes de formation (DGEFP, CSV ;) : SIRET, NDA, catégories Qualiopi à la date d’extraction lue dans le nom (liste-publique-des-of-AAAA-MM-JJ.csv)',
    fichierReference: 'liste-publique-des-of-2026-11-30.csv',
    dependDe: [],
    importer: importerOrganismes,
    demarrage: echantillonSiAbsent(
      'organismes',
      'liste-publique-des-of-2026-11-30.csv',
      importerOrganismes,
    ),
  },
  {
    nom: 'organismes-uai',
    description:
      'Correspondance UAI ↔ SIRET des organismes de formation (CSV avec colonnes uai et siret, ex. référentiel ONISEP des OFA)',
    fichierReference: 'organismes-uai-2026-11-30.csv',
    dependDe: [],
    importer: importerUaiOrganismes,
    demarrage: echantillonSiAbsent(
      'organismes-uai',
      'organismes-uai-2026-11-30.csv',
      importerUaiOrganismes,
    ),
  },
  {
    nom: 'certifications',
    description:
      'Répertoire national des certifications professionnelles, open data France compétences (export_fiches_CSV_Standard_AAAA_MM_JJ.csv et le fichier VoixAcces à côté)',
    fichierReference: 'export_fiches_CSV_Standard_2026_11_30.csv',
    dependDe: [],
    importer: importerCertifications,
    demarrage: echantillonSiAbsent(
      'certifications',
      'export_fiches_CSV_Standard_2026_11_30.csv',
      importerCertifications,
    ),
  },
  {
    nom: 'oppositions',
    description:
      'Employeurs sous opposition, interdiction ou suspension de recruter des apprentis (CSV ; siret;nature;du;au;reference, docs/referentiels-formation.md)',
    fichierReference: 'oppositions-employeurs-2026-11-30.csv',
    dependDe: [],
    importer: importerOppositions,
    demarrage: echantillonSiAbsent(
      'oppositions',
      'oppositions-employeurs-2026-11-30.csv',
      importerOppositions,
    ),
  },
  {
    nom: 'certifications-partenaires',
    description:
      'Organismes habilités à préparer chaque certification (R6113-16), open data RNCP de France compétences (export_fiches_CSV_Partenaires_AAAA_MM_JJ.csv)',
    fichierReference: 'export_fiches_CSV_Partenaires_2026_11_30.csv',
    dependDe: [],
    importer: importerPartenaires,
    demarrage: echantillonSiAbsent(
      'certifications-partenaires',
      'export_fiches_CSV_Partenaires_2026_11_30.csv',
      importerPartenaires,
    ),
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
        'Le dépôt les porte dans donnees/ : définissez OPCO_DATA_DIR vers une copie de ce dossier, ou importez les sources avec « opco import <source> <fichier> ».',
    );
  for (const s of sourcesImport) {
    if (s.demarrage) {
      const r = await s.demarrage(base, progression(s.nom), dossier);
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

/** The sources a source depends on, transitively, dependencies first. */
export function dependancesDe(nom: string): SourceImport[] {
  const ordre: SourceImport[] = [];
  const visiter = (n: string, chemin: readonly string[]) => {
    const s = trouverSource(n);
    if (!s || ordre.includes(s)) return;
    if (chemin.includes(n))
      throw new Error(`dépendance circulaire : ${[...chemin, n].join(' → ')}`);
    for (const d of s.dependDe) visiter(d, [...chemin, n]);
    if (n !== nom) ordre.push(s);
  };
  visiter(nom, []);
  return ordre;
}

/**
 * Before `opco import <source> <fichier>`: loads the built-in reference data (data folder, npm
 * packages) of every source it depends on that was never imported into this database, as
 * `serve` does at start-up, so that `opco import siro siro-202606.csv` works on a fresh database.
 * A dependency already imported (from any file) is left as it is.
 */
export async function chargerDependances(
  base: Base,
  nom: string,
  dossier: string | undefined,
  dossierCherche: string,
  progression: (source: string) => Progression,
): Promise<ResultatImport[]> {
  const resultats: ResultatImport[] = [];
  for (const d of dependancesDe(nom)) {
    const deja = await base.db
      .selectFrom('import_meta')
      .select('id')
      .where('source', '=', d.nom)
      .where('statut', '=', 'termine')
      .limit(1)
      .executeTakeFirst();
    if (deja) continue;
    if (d.demarrage) {
      const r = await d.demarrage(base, progression(d.nom), dossier);
      if (typeof r === 'string')
        throw new ErreurOpco('ERR_DONNEES_ABSENTES', { jeu: d.nom, detail: r });
      resultats.push(...r);
      continue;
    }
    const fichier = d.fichierReference && dossier ? path.join(dossier, d.fichierReference) : null;
    if (!fichier || !existsSync(fichier))
      throw new ErreurOpco('ERR_DONNEES_ABSENTES', {
        jeu: d.nom,
        detail:
          `la source « ${nom} » en a besoin et ${fichier ? `le fichier ${fichier} est absent` : `le dossier de données ${dossierCherche} est introuvable`} ; ` +
          `importez-la d’abord avec « opco import ${d.nom} <fichier> ».`,
      });
    resultats.push(await d.importer(base, fichier, progression(d.nom)));
  }
  return resultats;
}
