import { type Generated, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Pièces jointes of dossiers (migration 0097_pieces_jointes). */
export type TablesPieces = {
  dossier_piece: {
    id: string;
    dossier_id: string;
    nature: string;
    nom_fichier: string;
    type_contenu: string;
    taille: number;
    sha256: string;
    contenu: Uint8Array;
    compte_id: string | null;
    cle_id: string | null;
    depose_le: Generated<string | Date>;
  };
};

type Base = Kysely<Database> | Transaction<Database>;
const t = (db: Base) => (db as Kysely<Database>).withTables<TablesPieces>();

export interface Piece {
  id: string;
  dossierId: string;
  nature: string;
  nomFichier: string;
  typeContenu: string;
  taille: number;
  sha256: string;
  deposeLe: string;
}

export interface NouvellePiece extends Omit<Piece, 'deposeLe'> {
  contenu: Uint8Array;
  compteId: string | null;
  cleId: string | null;
}

const iso = (v: string | Date) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

const colonnes = [
  'id',
  'dossier_id',
  'nature',
  'nom_fichier',
  'type_contenu',
  'taille',
  'sha256',
  'depose_le',
] as const;

function piece(r: {
  id: string;
  dossier_id: string;
  nature: string;
  nom_fichier: string;
  type_contenu: string;
  taille: number;
  sha256: string;
  depose_le: string | Date;
}): Piece {
  return {
    id: r.id,
    dossierId: r.dossier_id,
    nature: r.nature,
    nomFichier: r.nom_fichier,
    typeContenu: r.type_contenu,
    taille: Number(r.taille),
    sha256: r.sha256,
    deposeLe: iso(r.depose_le),
  };
}

/** Stores one piece (in the caller's transaction, with its audit row). */
export async function ajouterPiece(db: Base, p: NouvellePiece): Promise<Piece> {
  const r = await t(db)
    .insertInto('dossier_piece')
    .values({
      id: p.id,
      dossier_id: p.dossierId,
      nature: p.nature,
      nom_fichier: p.nomFichier,
      type_contenu: p.typeContenu,
      taille: p.taille,
      sha256: p.sha256,
      contenu: p.contenu,
      compte_id: p.compteId,
      cle_id: p.cleId,
    })
    .returning(colonnes)
    .executeTakeFirstOrThrow();
  return piece(r);
}

/** The pieces of a dossier, oldest first, without their content. */
export async function piecesDuDossier(db: Base, dossierId: string): Promise<Piece[]> {
  const r = await t(db)
    .selectFrom('dossier_piece')
    .select(colonnes)
    .where('dossier_id', '=', dossierId)
    .orderBy('depose_le')
    .orderBy('id')
    .execute();
  return r.map(piece);
}

/** One piece of a dossier with its content, or null. */
export async function lirePiece(
  db: Base,
  dossierId: string,
  id: string,
): Promise<(Piece & { contenu: Uint8Array }) | null> {
  const r = await t(db)
    .selectFrom('dossier_piece')
    .select([...colonnes, 'contenu'])
    .where('dossier_id', '=', dossierId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { ...piece(r), contenu: r.contenu } : null;
}
