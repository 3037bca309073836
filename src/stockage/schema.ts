import type { Generated, JSONColumnType } from 'kysely';

/**
 * Table types, one interface per table, collected in `Database`. Each capability adds its
 * tables here together with the migration that creates them.
 */

/** Provenance of every import of official data (source, vintage, counts, checksum). */
export interface ImportMetaTable {
  id: Generated<number>;
  source: string;
  fichier: string;
  millesime: string | null;
  somme_controle: string;
  lignes_lues: number;
  lignes_ecrites: number;
  statut: 'termine' | 'echoue';
  details: JSONColumnType<Record<string, unknown>>;
  importe_le: Generated<Date>;
}

export interface OpcoTable {
  code: string;
  nom: string;
  siren: string;
  slug: string;
  libelle_usuel: string;
  /** True when France compétences has not confirmed the code (migration 0033). */
  code_infere: Generated<boolean>;
  note_code: string | null;
  import_id: number;
}

/** One imported publication of the legal texts (an npm package version). */
export interface TextePublicationTable {
  id: Generated<number>;
  source: string;
  paquet: string;
  version: string;
  code_id: string;
  date_code: string;
  filtre: string;
  empreinte: string;
  nb_articles: number;
  import_id: number;
}

/** An article as one publication carries it (the text of its then-current version). */
export interface TexteArticlePublieTable {
  publication_id: number;
  article: string;
  cid: string;
  id_legiarti: string;
  etat: string;
  du: string;
  au: string | null;
  texte: string;
  sections: JSONColumnType<string[]>;
  versions: JSONColumnType<
    { idLegiarti: string; etat: string; numero: string | null; du: string; au: string | null }[]
  >;
}

/** The merged history: one row per article version (domain shape VersionArticle). */
export interface TexteVersionTable {
  id_legiarti: string;
  article: string;
  cid: string;
  etat: string;
  numero: string | null;
  du: string;
  au: string | null;
  texte: string | null;
  source: string;
  source_texte: string | null;
  remarque: string | null;
  import_id: number;
}

/** Former number of a renumbered article → its current number. */
export interface TexteRenvoiTable {
  ancien: string;
  article: string;
  import_id: number;
}

/** NPEC referential of France compétences (migration 0020). */
export interface NpecTable {
  id: Generated<number>;
  rncp: string | null;
  code_diplome: string | null;
  intitule: string;
  cpne_code: string | null;
  cpne_libelle: string;
  idcc: string | null;
  montant: number;
  statut: string | null;
  applicable_depuis: string;
  referentiel_version: string;
  fichier: string;
  import_id: number;
}

export interface NpecCpneIdccTable {
  cpne_code: string;
  cpne_libelle: string;
  idcc: string;
  referentiel_version: string;
  fichier: string;
  import_id: number;
}

/** One vintage of France compétences' SIRET-OPCO table (SIRO), or the demonstration sample. */
export interface SiroMillesimeTable {
  import_id: number;
  millesime: string;
  date_effet: string;
  demo: boolean;
  nb_etablissements: number;
}

export interface SiroEtablissementTable {
  import_id: number;
  siret: string;
  idcc: string | null;
  /** OPCO labels as published (ex. « ATLAS », « N/C »), turned into codes by the finder. */
  opco_proprietaire: string | null;
  opco_gestion: string | null;
}

export interface IdccOpcoTable {
  import_id: number;
  millesime: string;
  date_effet: string;
  idcc: string;
  opco_code: string;
  nb_siret: number;
}

export interface ConventionTable {
  idcc: string;
  titre: string;
  titre_court: string | null;
  kali_id: string | null;
  etat: string | null;
  /** `kali-data` or `idcc-list-bal`. */
  origine: string;
  import_id: number;
}

/** A usual name of a convention (« Syntec » → 1486) and the source attesting it. */
export interface ConventionNomUsuelTable {
  idcc: string;
  nom: string;
  source: string;
  import_id: number;
}

export interface NafTable {
  code: string;
  niveau: string;
  libelle: string;
  import_id: number;
}

/** SIRO compatibility (migration 0032): API keys, stored as the SHA-256 of the key. */
export interface SiroCleTable {
  id: Generated<number>;
  nom: string;
  empreinte: string;
  cree_le: Generated<Date>;
  revoque_le: Date | null;
}

/** SIRO partner accounts; the password as an argon2id hash. */
export interface SiroPartenaireTable {
  id: Generated<number>;
  login: string;
  hachage: string;
  cree_le: Generated<Date>;
  revoque_le: Date | null;
}

/** SIRO partner tokens, stored as the SHA-256 of the token, with their expiry. */
export interface SiroJetonTable {
  empreinte: string;
  partenaire_id: number;
  cree_le: Generated<Date>;
  expire_le: Date;
}

/** A training body of the public list (migration 0060). */
export interface OrganismeFormationTable {
  siret: string;
  nda: string | null;
  siren: string | null;
  raison_sociale: string;
  date_declaration: string | null;
  /** First and last snapshot (extract date) of the public list that showed this SIRET. */
  vu_du: string;
  vu_au: string;
  import_id: number;
}

/** A Qualiopi certification period of one category, observed across snapshots (migration 0060). */
export interface OrganismeQualiopiTable {
  id: Generated<number>;
  siret: string;
  categorie: 'action_formation' | 'bilan_competences' | 'vae' | 'apprentissage';
  du: string;
  au: string | null;
  /** Last snapshot that showed the category (becomes `au` when a later snapshot no longer does). */
  vu_au: string;
  import_id: number;
}

/** UAI ↔ SIRET mapping of training bodies (migration 0060). */
export interface OrganismeUaiTable {
  uai: string;
  siret: string;
  import_id: number;
}

/** A certification of France compétences' RNCP open data (migration 0060). */
export interface CertificationRncpTable {
  code_rncp: string;
  intitule: string;
  niveau: number | null;
  actif_du: string | null;
  actif_au: string | null;
  actif: boolean;
  ouverte_apprentissage: boolean;
  type_enregistrement: string | null;
  millesime: string;
  import_id: number;
}

/** A body the RNCP lists as habilitated for a certification (migration 0099). */
export interface CertificationPartenaireTable {
  code_rncp: string;
  siret: string | null;
  nom: string;
  habilitation: string;
  import_id: number;
}

/** An employer under opposition, ban or suspension (migration 0060). */
export interface OppositionEmployeurTable {
  siret: string;
  nature: 'opposition' | 'interdiction' | 'suspension';
  du: string;
  au: string | null;
  reference: string;
  import_id: number;
}

export interface DossierTable {
  id: string;
  formulaire: string;
  opco: string;
  etat: string;
  version: number;
  siret_employeur: string;
  siret_cfa: string;
  organisation_entreprise: string | null;
  organisation_cfa: string | null;
  organisation_opco: string | null;
  echeance: string | null;
  a_verifier: boolean;
  /** JSON of the Dossier (domaine/dossiers), the fold of its events. */
  projection: unknown;
  cree_le: Generated<Date>;
  modifie_le: Generated<Date>;
}

export interface DossierEvenementTable {
  dossier_id: string;
  rang: number;
  type: string;
  date: string;
  contenu: unknown;
  compte_id: string | null;
  cle_id: string | null;
  /** Which process recorded it (scheduler name), for the « exactly once » checks. */
  processus: string | null;
  horodatage: Generated<Date>;
}

export interface DossierIdempotenceTable {
  auteur: string;
  cle: string;
  empreinte: string;
  dossier_id: string;
  cree_le: Generated<Date>;
}

export interface Database {
  import_meta: ImportMetaTable;
  opco: OpcoTable;
  texte_publication: TextePublicationTable;
  texte_article_publie: TexteArticlePublieTable;
  texte_version: TexteVersionTable;
  texte_renvoi: TexteRenvoiTable;
  npec: NpecTable;
  npec_cpne_idcc: NpecCpneIdccTable;
  siro_millesime: SiroMillesimeTable;
  siro_etablissement: SiroEtablissementTable;
  idcc_opco: IdccOpcoTable;
  convention: ConventionTable;
  convention_nom_usuel: ConventionNomUsuelTable;
  naf: NafTable;
  siro_cle: SiroCleTable;
  siro_partenaire: SiroPartenaireTable;
  siro_jeton: SiroJetonTable;
  organisme_formation: OrganismeFormationTable;
  organisme_qualiopi: OrganismeQualiopiTable;
  organisme_uai: OrganismeUaiTable;
  certification_rncp: CertificationRncpTable;
  certification_partenaire: CertificationPartenaireTable;
  opposition_employeur: OppositionEmployeurTable;
  dossier: DossierTable;
  dossier_evenement: DossierEvenementTable;
  dossier_idempotence: DossierIdempotenceTable;
}
