import { sql, type Kysely } from 'kysely';

/**
 * R6223-6 (at most two apprentices per maître d'apprentissage): the instruction looks up the
 * other contracts of the same maître, identified by nom, prénom and date de naissance. The
 * birth dates of the two maîtres of an apprenticeship dossier are indexed on the projection
 * (no new column, nothing for the writers to maintain); names are compared after the lookup.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const rang of [0, 1])
    await sql`create index ${sql.raw(`dossier_maitre${rang}_naissance`)} on dossier
      ((projection -> 'cerfa' -> 'maitres' -> ${sql.lit(rang)} ->> 'dateNaissance'))
      where formulaire = 'FA13'`.execute(db);
}
