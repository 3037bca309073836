import { sql, type Kysely } from 'kysely';

/**
 * Pièces jointes of a dossier (issue 12 point 7): the signed contract, the convention de
 * formation… stored in the database (bytea) with their SHA-256, size and content type, one row
 * per upload, never updated (a new version is a new row). The size and type limits are checked
 * by the route; the checks here keep the table honest whatever writes to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dossier_piece (
      id text primary key,
      dossier_id text not null references dossier (id),
      nature text not null,
      nom_fichier text not null,
      type_contenu text not null
        check (type_contenu in ('application/pdf', 'image/png', 'image/jpeg')),
      taille integer not null check (taille > 0 and taille <= 10485760),
      sha256 text not null check (length(sha256) = 64),
      contenu bytea not null,
      compte_id text,
      cle_id text,
      depose_le timestamptz not null default now()
    )`.execute(db);
  await sql`create index dossier_piece_dossier on dossier_piece (dossier_id, depose_le)`.execute(
    db,
  );
}
