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

export interface Database {
  import_meta: ImportMetaTable;
  opco: OpcoTable;
  npec: NpecTable;
  npec_cpne_idcc: NpecCpneIdccTable;
}
