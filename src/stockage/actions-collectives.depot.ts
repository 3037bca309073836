import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Sessions of actions collectives and registrations (migration 0081_actions_collectives). */
export type TablesActionsCollectives = {
  action_collective_session: {
    id: Generated<number>;
    organisation_id: string;
    intitule: string;
    date_debut: string;
    places: number;
    prix_centimes: number;
    taux_financement: number;
    idcc_eligibles: Generated<string>;
    effectif_max: number | null;
    cree_le: Generated<string | Date>;
  };
  action_collective_inscription: {
    id: Generated<number>;
    session_id: number;
    organisation_id: string;
    stagiaires: number;
    montant_centimes: number;
    cree_le: Generated<string | Date>;
  };
};

type Base = Kysely<Database> | Transaction<Database>;
const t = (db: Base) => (db as Kysely<Database>).withTables<TablesActionsCollectives>();

export interface SessionActionCollective {
  id: number;
  organisationId: string;
  intitule: string;
  dateDebut: string;
  places: number;
  placesRestantes: number;
  prixCentimes: number;
  tauxFinancement: number;
  idccEligibles: string[];
  effectifMax: number | null;
}

export async function creerSession(
  db: Base,
  s: Omit<SessionActionCollective, 'id' | 'placesRestantes'>,
): Promise<number> {
  const r = await t(db)
    .insertInto('action_collective_session')
    .values({
      organisation_id: s.organisationId,
      intitule: s.intitule,
      date_debut: s.dateDebut,
      places: s.places,
      prix_centimes: s.prixCentimes,
      taux_financement: s.tauxFinancement,
      idcc_eligibles: JSON.stringify(s.idccEligibles),
      effectif_max: s.effectifMax,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Sessions with their free places (places − stagiaires registered). */
export async function listerSessions(db: Base, id?: number): Promise<SessionActionCollective[]> {
  let q = t(db)
    .selectFrom('action_collective_session as s')
    .selectAll('s')
    .select(
      sql<number>`s.places - coalesce((select sum(i.stagiaires) from action_collective_inscription i where i.session_id = s.id), 0)`.as(
        'restantes',
      ),
    )
    .orderBy('s.date_debut')
    .orderBy('s.id');
  if (id !== undefined) q = q.where('s.id', '=', id);
  const rs = await q.execute();
  return rs.map((r) => ({
    id: r.id,
    organisationId: r.organisation_id,
    intitule: r.intitule,
    dateDebut: r.date_debut,
    places: r.places,
    placesRestantes: Number(r.restantes),
    prixCentimes: r.prix_centimes,
    tauxFinancement: Number(r.taux_financement),
    idccEligibles: JSON.parse(r.idcc_eligibles) as string[],
    effectifMax: r.effectif_max,
  }));
}

/** Locks the session row, then reads it with its free places (inside the caller's transaction). */
export async function sessionVerrouillee(
  trx: Transaction<Database>,
  id: number,
): Promise<SessionActionCollective | null> {
  const verrou = await t(trx)
    .selectFrom('action_collective_session')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!verrou) return null;
  return (await listerSessions(trx, id))[0] ?? null;
}

export async function ajouterInscription(
  trx: Transaction<Database>,
  i: { sessionId: number; organisationId: string; stagiaires: number; montantCentimes: number },
): Promise<number> {
  const r = await t(trx)
    .insertInto('action_collective_inscription')
    .values({
      session_id: i.sessionId,
      organisation_id: i.organisationId,
      stagiaires: i.stagiaires,
      montant_centimes: i.montantCentimes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
