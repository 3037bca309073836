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

export interface NafTable {
  code: string;
  niveau: string;
  libelle: string;
  import_id: number;
}

export interface CpneIdccTable {
  cpne_code: string;
  cpne_libelle: string;
  idcc: string | null;
  millesime: string;
  import_id: number;
}

export interface Database {
  import_meta: ImportMetaTable;
  opco: OpcoTable;
  siro_millesime: SiroMillesimeTable;
  siro_etablissement: SiroEtablissementTable;
  idcc_opco: IdccOpcoTable;
  convention: ConventionTable;
  naf: NafTable;
  cpne_idcc: CpneIdccTable;
}
