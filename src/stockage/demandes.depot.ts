import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import { deriverDemande, type Demande, type EvenementDemande } from '../domaine/demandes/index.ts';
import type { SessionDemande } from '../domaine/demandes/index.ts';
import { listerSessions, sessionVerrouillee } from './actions-collectives.depot.ts';
import type { TablesComptes } from './comptes.depot.ts';
import {
  chargerDuCycle,
  evenementsDuCycle,
  FORMULAIRE_DEMANDE,
  insererEvenements,
  lireJson,
  listerDuCycle,
  type Auteur,
  type FiltreCycle,
  type Proprietaires,
} from './cycle.depot.ts';
import type { Database } from './schema.ts';

/**
 * Requests for funding in the dossiers' tables (migration 0050 + 0091): a row of `dossier`
 * with formulaire `DPC` (projection = the Demande), its events in `dossier_evenement`
 * (append-only, primary key (dossier_id, rang)), its idempotency keys in `dossier_idempotence`.
 */

type Db = Kysely<Database> | Transaction<Database>;

type TablesInscriptionDemande = {
  action_collective_inscription: {
    id: Generated<number>;
    session_id: number;
    organisation_id: string;
    stagiaires: number;
    montant_centimes: number;
    annulee: boolean;
    demande_id: string | null;
  };
};
const ti = (db: Db) => (db as Kysely<Database>).withTables<TablesInscriptionDemande>();

export interface LigneDemande {
  demande: Demande;
  proprietaires: Proprietaires;
}

/** Appends the events after the request's version and writes its projection row (in `trx`). */
export async function ajouterEvenementsDemande(
  trx: Db,
  avant: Demande | null,
  apres: Demande,
  evenements: readonly EvenementDemande[],
  auteur: Auteur,
  proprietaires?: Proprietaires,
): Promise<void> {
  const f = apres.formulaire;
  const ligne = {
    formulaire: FORMULAIRE_DEMANDE,
    opco: apres.opco,
    etat: apres.etat,
    version: apres.version,
    siret_employeur: f.entreprise.siret,
    siret_cfa:
      f.type === 'plan_moins_50' || f.type === 'formation_ssct_cse' ? f.action.organismeSiret : '',
    // No silence rule for requests: the dossiers' scheduler never reads their deadline.
    echeance: null,
    a_verifier: apres.etat === 'en_cours_instruction' && apres.aVerifier.length > 0,
    projection: JSON.stringify(apres),
  };
  if (!avant)
    await trx
      .insertInto('dossier')
      .values({
        id: apres.id,
        ...ligne,
        organisation_entreprise: proprietaires?.entreprise ?? null,
        organisation_cfa: null,
        organisation_opco: proprietaires?.opco ?? null,
      })
      .execute();
  else
    await trx
      .updateTable('dossier')
      .set({
        ...ligne,
        modifie_le: sql<Date>`now()`,
        // A draft modified to another company or OPCO changes owners.
        ...(proprietaires
          ? {
              organisation_entreprise: proprietaires.entreprise,
              organisation_opco: proprietaires.opco,
            }
          : {}),
      })
      .where('id', '=', apres.id)
      .execute();
  await insererEvenements(trx, apres.id, avant?.version ?? 0, evenements, auteur);
}

export async function evenementsDemande(db: Db, id: string): Promise<EvenementDemande[]> {
  return evenementsDuCycle<EvenementDemande>(db, id);
}

/** A request derived from its events; with `verrouiller`, its row is locked FOR UPDATE. */
export async function chargerDemande(
  db: Db,
  id: string,
  options: { verrouiller?: boolean } = {},
): Promise<LigneDemande | null> {
  const l = await chargerDuCycle(db, 'demandes', id, deriverDemande, options);
  return l ? { demande: l.valeur, proprietaires: l.proprietaires } : null;
}

export type FiltreDemandes = FiltreCycle;

/**
 * Listing from the projection rows, by id: the company's requests, drafts included; its
 * OPCO's and national readers', drafts excluded (a draft is visible only to its company).
 */
export async function listerDemandes(db: Db, f: FiltreDemandes): Promise<LigneDemande[]> {
  const l = await listerDuCycle<Demande>(db, 'demandes', f, ['entreprise', 'opco'], 'entreprise');
  return l.map((x) => ({ demande: x.valeur, proprietaires: x.proprietaires }));
}

/**
 * What a company (by SIRET) has engaged under one plan < 50 barème in a calendar year, engaged
 * or settled requests only (the annual envelope of the barème is per company and year). Read in
 * the caller's transaction, after the company's lock (`verrouillerEntreprise`).
 */
export async function consommePlan(
  db: Db,
  siret: string,
  bareme: string,
  annee: string,
  sauf?: string,
): Promise<number> {
  const l = await db
    .selectFrom('dossier')
    .select(['id', 'projection'])
    .where('formulaire', '=', FORMULAIRE_DEMANDE)
    .where('siret_employeur', '=', siret)
    .where('etat', 'in', ['engage', 'solde'])
    .execute();
  let total = 0;
  for (const r of l) {
    if (r.id === sauf) continue;
    const d = lireJson<Demande>(r.projection);
    const f = d.formulaire;
    if (f.type !== 'plan_moins_50' || f.bareme !== bareme || !d.engagement) continue;
    if (d.engagement.reservation.dateEngagement.slice(0, 4) !== annee) continue;
    total += d.engagement.reservation.montantTotalCentimes;
  }
  return total;
}

/**
 * Serialises the requests of one company within the transaction (a transaction-scoped advisory
 * lock on its SIRET): two plan < 50 requests of one company never both count the same envelope.
 */
export async function verrouillerEntreprise(trx: Transaction<Database>, siret: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`demande:${siret}`}, 0))`.execute(trx);
}

/** The session of an action collective, locked until the transaction ends, as the domain sees it. */
export async function sessionPourDemande(
  trx: Transaction<Database>,
  id: number,
): Promise<SessionDemande | null> {
  const s = await sessionVerrouillee(trx, id);
  return s ? enSessionDemande(trx, s) : null;
}

/** The same without lock (checks shown before a deposit). */
export async function sessionLue(db: Db, id: number): Promise<SessionDemande | null> {
  const s = (await listerSessions(db, id))[0];
  return s ? enSessionDemande(db, s) : null;
}

async function enSessionDemande(
  db: Db,
  s: Awaited<ReturnType<typeof listerSessions>>[number],
): Promise<SessionDemande> {
  const o = await (db as Kysely<Database>)
    .withTables<TablesComptes>()
    .selectFrom('organisation')
    .select('code_opco')
    .where('id', '=', s.organisationId)
    .executeTakeFirst();
  return {
    id: s.id,
    opco: o?.code_opco ?? null,
    intitule: s.intitule,
    dateDebut: s.dateDebut,
    placesRestantes: s.placesRestantes,
    prixCentimes: s.prixCentimes,
    tauxFinancement: s.tauxFinancement,
    idccEligibles: s.idccEligibles,
    effectifMax: s.effectifMax,
    annulee: s.annuleeLe !== null,
    organismeSiret: s.organismeSiret,
  };
}

/** Takes the places of an engaged request (caller holds the session's lock). */
export async function inscrireDemande(
  trx: Transaction<Database>,
  i: {
    sessionId: number;
    organisationId: string;
    stagiaires: number;
    montantCentimes: number;
    demandeId: string;
  },
): Promise<number> {
  const r = await ti(trx)
    .insertInto('action_collective_inscription')
    .values({
      session_id: i.sessionId,
      organisation_id: i.organisationId,
      stagiaires: i.stagiaires,
      montant_centimes: i.montantCentimes,
      annulee: false,
      demande_id: i.demandeId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The registration a request took, if any. */
export async function inscriptionDeDemande(
  db: Db,
  demandeId: string,
): Promise<{ id: number; sessionId: number; annulee: boolean } | null> {
  const r = await ti(db)
    .selectFrom('action_collective_inscription')
    .select(['id', 'session_id', 'annulee'])
    .where('demande_id', '=', demandeId)
    .executeTakeFirst();
  return r ? { id: r.id, sessionId: r.session_id, annulee: r.annulee } : null;
}

/** Frees the places of a cancelled request (caller holds the session's lock). */
export async function libererInscription(trx: Transaction<Database>, demandeId: string) {
  await ti(trx)
    .updateTable('action_collective_inscription')
    .set({ annulee: true })
    .where('demande_id', '=', demandeId)
    .execute();
}
