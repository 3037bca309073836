import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** Tables of migrations 0040_comptes and 0045_attestation_entreprise (typed here, the depots of src/stockage/comptes/ being their only readers). */
// A type alias (not an interface): Kysely's withTables needs an index-compatible record.
export type TablesComptes = {
  organisation: {
    id: string;
    type: string;
    nom: string;
    siren: string | null;
    sirets: ColumnType<string[] | string, string, string>;
    siret: string | null;
    uai: string | null;
    code_opco: string | null;
    idcc: string | null;
    cpne: string | null;
    cree_le: Generated<Date>;
  };
  compte: {
    id: string;
    courriel: string;
    nom: string | null;
    mot_de_passe: string | null;
    doit_changer_mot_de_passe: boolean;
    administrateur_plateforme: boolean;
    actif: boolean;
    oidc_sujet: string | null;
    echecs_connexion: number;
    bloque_jusqua: Date | null;
    cree_le: Generated<Date>;
  };
  adhesion: {
    compte_id: string;
    organisation_id: string;
    role: string;
    cree_le: Generated<Date>;
    /** 0045_attestation_entreprise. */
    en_attente: Generated<boolean>;
  };
  /** 0045_attestation_entreprise. */
  attestation_entreprise: {
    id: string;
    organisation_id: string;
    compte_id: string;
    siret: string;
    code_opco: string | null;
    nom_opco: string | null;
    declaration: string;
    attestee_le: Date;
    confirmee_le: Date | null;
  };
  session: {
    empreinte: string;
    compte_id: string;
    jeton_csrf: string;
    cree_le: Date;
    derniere_activite: Date;
    expire_le: Date;
  };
  jeton_unique: {
    empreinte: string;
    compte_id: string;
    usage: string;
    expire_le: Date;
    utilise_le: Date | null;
  };
  cle_api: {
    id: string;
    organisation_id: string;
    role: string;
    libelle: string;
    prefixe: string;
    empreinte: string;
    cree_par: string | null;
    cree_le: Generated<Date>;
    revoquee_le: Date | null;
  };
};

export type BaseComptes = Kysely<Database & TablesComptes> | Transaction<Database & TablesComptes>;

export function comptes(db: Kysely<Database>): Kysely<Database & TablesComptes> {
  return db.withTables<TablesComptes>();
}
