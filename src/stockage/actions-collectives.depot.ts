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
    /** Migration 0085: cancellation by the OPCO (date, reason). */
    annulee_le: string | null;
    motif_annulation: string | null;
    /** Migration 0103: SIRET of the training provider (organisme prestataire). */
    organisme_siret: string | null;
  };
  action_collective_inscription: {
    id: Generated<number>;
    session_id: number;
    organisation_id: string;
    stagiaires: number;
    montant_centimes: number;
    cree_le: Generated<string | Date>;
    annulee: Generated<boolean>;
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
  annuleeLe: string | null;
  motifAnnulation: string | null;
  /** SIRET of the training provider (organisme prestataire), null if not given. */
  organismeSiret: string | null;
}

export async function creerSession(
  db: Base,
  s: Omit<SessionActionCollective, 'id' | 'placesRestantes' | 'annuleeLe' | 'motifAnnulation'>,
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
      organisme_siret: s.organismeSiret,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Sessions with their free places (places − stagiaires registered, cancelled ones excluded). */
export async function listerSessions(db: Base, id?: number): Promise<SessionActionCollective[]> {
  let q = t(db)
    .selectFrom('action_collective_session as s')
    .selectAll('s')
    .select(
      sql<number>`s.places - coalesce((select sum(i.stagiaires) from action_collective_inscription i where i.session_id = s.id and not i.annulee), 0)`.as(
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
    annuleeLe: r.annulee_le,
    motifAnnulation: r.motif_annulation,
    organismeSiret: r.organisme_siret ?? null,
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

/** Edits a session (caller holds its lock): places never below the stagiaires registered. */
export async function modifierSession(
  trx: Transaction<Database>,
  id: number,
  s: Omit<
    SessionActionCollective,
    'id' | 'placesRestantes' | 'annuleeLe' | 'motifAnnulation' | 'organisationId'
  >,
): Promise<void> {
  await t(trx)
    .updateTable('action_collective_session')
    .set({
      intitule: s.intitule,
      date_debut: s.dateDebut,
      places: s.places,
      prix_centimes: s.prixCentimes,
      taux_financement: s.tauxFinancement,
      idcc_eligibles: JSON.stringify(s.idccEligibles),
      effectif_max: s.effectifMax,
      organisme_siret: s.organismeSiret,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Cancels a session (caller holds its lock): its registrations are marked cancelled, which
 * frees their places; later registrations are refused by the rules (« session annulée »).
 * Returns the number of registrations cancelled.
 */
export async function annulerSession(
  trx: Transaction<Database>,
  id: number,
  a: { date: string; motif: string },
): Promise<number> {
  await t(trx)
    .updateTable('action_collective_session')
    .set({ annulee_le: a.date, motif_annulation: a.motif })
    .where('id', '=', id)
    .execute();
  const r = await t(trx)
    .updateTable('action_collective_inscription')
    .set({ annulee: true })
    .where('session_id', '=', id)
    .where('annulee', '=', false)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface InscriptionActionCollective {
  id: number;
  sessionId: number;
  stagiaires: number;
  montantCentimes: number;
  annulee: boolean;
}

/** Registrations of one company (its page of sessions). */
export async function inscriptionsDe(
  db: Base,
  organisationId: string,
): Promise<InscriptionActionCollective[]> {
  const rs = await t(db)
    .selectFrom('action_collective_inscription')
    .select(['id', 'session_id', 'stagiaires', 'montant_centimes', 'annulee'])
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
  return rs.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    stagiaires: r.stagiaires,
    montantCentimes: r.montant_centimes,
    annulee: r.annulee,
  }));
}

/** Stagiaires registered (not cancelled) in a session. */
export async function stagiairesInscrits(db: Base, id: number): Promise<number> {
  const r = await t(db)
    .selectFrom('action_collective_inscription')
    .select(sql<number>`coalesce(sum(stagiaires), 0)`.as('n'))
    .where('session_id', '=', id)
    .where('annulee', '=', false)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
