import { sql, type Kysely, type Transaction } from 'kysely';
import { deriver, type Dossier, type Evenement } from '../domaine/dossiers/index.ts';
import type { TablesComptes } from './comptes.depot.ts';
import { LecturesGroupees } from './lectures-groupees.ts';
import { instructionGroupee, tableEnLot, type Insertion } from './insertion-lot.ts';
import {
  chargerDuCycle,
  evenementsDuCycle,
  insererEvenements,
  listerDuCycle,
  lireJson,
  FORMULAIRE_DEMANDE,
  type Auteur,
  type FiltreCycle,
  type Proprietaires,
} from './cycle.depot.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

// Shared with the requests for funding (src/stockage/cycle.depot.ts), re-exported here.
export { FORMULAIRE_DEMANDE, type Auteur, type Proprietaires } from './cycle.depot.ts';

/**
 * Appends the events after the dossier's current version and updates its projection row. MUST
 * run in the transaction that locked the row (`verrouiller`) or created it. The primary key
 * (dossier_id, rang) makes a concurrent append of the same rank fail rather than fork.
 */
export async function ajouterEvenements(
  trx: Db,
  avant: Dossier | null,
  apres: Dossier,
  evenements: readonly Evenement[],
  auteur: Auteur,
  proprietaires?: Proprietaires,
): Promise<void> {
  const c = apres.cerfa;
  const ligne = {
    formulaire: apres.formulaire,
    opco: apres.opco,
    etat: apres.etat,
    version: apres.version,
    siret_employeur: c.employeur.siret,
    siret_cfa: c.formation.organisme.siret,
    echeance: apres.etat === 'en_cours_instruction' ? apres.echeance : null,
    a_verifier: apres.etat === 'en_cours_instruction' && apres.aVerifier.length > 0,
    projection: JSON.stringify(apres),
  };
  if (!avant) {
    await trx
      .insertInto('dossier')
      .values({
        id: apres.id,
        ...ligne,
        organisation_entreprise: proprietaires?.entreprise ?? null,
        organisation_cfa: proprietaires?.cfa ?? null,
        organisation_opco: proprietaires?.opco ?? null,
      })
      .execute();
  } else {
    await trx
      .updateTable('dossier')
      .set({
        ...ligne,
        modifie_le: sql<Date>`now()`,
        ...(proprietaires
          ? {
              organisation_entreprise: proprietaires.entreprise,
              organisation_cfa: proprietaires.cfa,
              organisation_opco: proprietaires.opco,
            }
          : {}),
      })
      .where('id', '=', apres.id)
      .execute();
  }
  await insererEvenements(trx, apres.id, avant?.version ?? 0, evenements, auteur);
}

/** Rows of a new dossier, as `creerDossier` writes them (columns of migration 0050). */
interface LigneDossierCree {
  id: string;
  formulaire: string;
  opco: string;
  etat: string;
  version: number;
  siret_employeur: string;
  siret_cfa: string;
  echeance: string | null;
  a_verifier: boolean;
  projection: Dossier;
  organisation_entreprise: string | null;
  organisation_cfa: string | null;
  organisation_opco: string | null;
}
interface LigneEvenementCree {
  dossier_id: string;
  rang: number;
  type: string;
  date: string;
  contenu: Evenement;
  compte_id: string | null;
  cle_id: string | null;
  processus: string | null;
}
interface LigneCleCree {
  auteur: string;
  cle: string;
  empreinte: string;
  dossier_id: string;
}

const TABLE_DOSSIER = tableEnLot<LigneDossierCree>('dossier', {
  id: 'text',
  formulaire: 'text',
  opco: 'text',
  etat: 'text',
  version: 'integer',
  siret_employeur: 'text',
  siret_cfa: 'text',
  echeance: 'text',
  a_verifier: 'boolean',
  projection: 'jsonb',
  organisation_entreprise: 'text',
  organisation_cfa: 'text',
  organisation_opco: 'text',
});
const TABLE_EVENEMENT = tableEnLot<LigneEvenementCree>('dossier_evenement', {
  dossier_id: 'text',
  rang: 'integer',
  type: 'text',
  date: 'text',
  contenu: 'jsonb',
  compte_id: 'text',
  cle_id: 'text',
  processus: 'text',
});
const TABLE_CLE = tableEnLot<LigneCleCree>('dossier_idempotence', {
  auteur: 'text',
  cle: 'text',
  empreinte: 'text',
  dossier_id: 'text',
});

/**
 * The rows of a new dossier: its projection row, its events and, if given, its idempotency key.
 * Written by `creerDossier`, or merged with those of other deposits into one statement by the
 * group committer (src/stockage/transactions-groupees.ts). A key already taken fails the
 * statement (primary key), so one key never makes two dossiers.
 */
export function insertionsCreation(
  d: Dossier,
  evenements: readonly Evenement[],
  auteur: Auteur,
  proprietaires: Proprietaires,
  cle: { auteur: string; cle: string; empreinte: string } | null,
): Insertion<object>[] {
  const c = d.cerfa;
  const dossier: LigneDossierCree = {
    id: d.id,
    formulaire: d.formulaire,
    opco: d.opco,
    etat: d.etat,
    version: d.version,
    siret_employeur: c.employeur.siret,
    siret_cfa: c.formation.organisme.siret,
    echeance: d.etat === 'en_cours_instruction' ? d.echeance : null,
    a_verifier: d.etat === 'en_cours_instruction' && d.aVerifier.length > 0,
    projection: d,
    organisation_entreprise: proprietaires.entreprise,
    organisation_cfa: proprietaires.cfa,
    organisation_opco: proprietaires.opco,
  };
  const lignes = evenements.map((e, i): LigneEvenementCree => ({
    dossier_id: d.id,
    rang: i + 1,
    type: e.type,
    date: e.date,
    contenu: e,
    compte_id: auteur.compteId,
    cle_id: auteur.cleId,
    processus: auteur.processus,
  }));
  const r: Insertion<object>[] = [
    { table: TABLE_DOSSIER, lignes: [dossier] },
    { table: TABLE_EVENEMENT, lignes },
  ];
  if (cle)
    r.push({
      table: TABLE_CLE,
      lignes: [{ auteur: cle.auteur, cle: cle.cle, empreinte: cle.empreinte, dossier_id: d.id }],
    });
  return r;
}

/** A new dossier in one statement (`insertionsCreation`; foreign keys checked at its end). */
export async function creerDossier(
  trx: Transaction<Database>,
  d: Dossier,
  evenements: readonly Evenement[],
  auteur: Auteur,
  proprietaires: Proprietaires,
  cle: { auteur: string; cle: string; empreinte: string } | null,
): Promise<void> {
  await instructionGroupee(insertionsCreation(d, evenements, auteur, proprietaires, cle)).execute(
    trx,
  );
}

export interface LigneDossier {
  dossier: Dossier;
  proprietaires: Proprietaires;
}

/** The events of a dossier, in order. */
export async function evenementsDe(db: Db, id: string): Promise<Evenement[]> {
  return evenementsDuCycle<Evenement>(db, id);
}

/**
 * A dossier, derived from its events (the projection row only gives its owners). With
 * `verrouiller`, the row is locked (SELECT … FOR UPDATE) until the transaction ends: every
 * transition of one dossier is serialised, whatever the process.
 */
export async function chargerDossier(
  db: Db,
  id: string,
  options: { verrouiller?: boolean } = {},
): Promise<LigneDossier | null> {
  const l = await chargerDuCycle(db, 'dossiers', id, deriver, options);
  return l ? { dossier: l.valeur, proprietaires: l.proprietaires } : null;
}

export type FiltreDossiers = FiltreCycle;

/** Listing from the projection rows (no replay), by id. */
export async function listerDossiers(db: Db, f: FiltreDossiers): Promise<LigneDossier[]> {
  const l = await listerDuCycle<Dossier>(db, 'dossiers', f, ['entreprise', 'cfa', 'opco']);
  return l.map((x) => ({ dossier: x.valeur, proprietaires: x.proprietaires }));
}

/**
 * Dossiers whose decision deadline has passed (en cours d'instruction, échéance < jour), locked
 * FOR UPDATE SKIP LOCKED: two schedulers never take the same one.
 */
export async function echeancesDues(trx: Transaction<Database>, jour: string, limite: number) {
  const l = await trx
    .selectFrom('dossier')
    .select('id')
    .where('etat', '=', 'en_cours_instruction')
    .where('formulaire', '<>', FORMULAIRE_DEMANDE)
    .where('echeance', '<', jour)
    .orderBy('echeance')
    .limit(limite)
    .forUpdate()
    .skipLocked()
    .execute();
  return l.map((x) => x.id);
}

/** The dossier an idempotency key already created, with the digest of the request. */
export async function cleIdempotence(
  db: Db,
  auteur: string,
  cle: string,
): Promise<{ dossierId: string; empreinte: string } | null> {
  const r = await db
    .selectFrom('dossier_idempotence')
    .select(['dossier_id', 'empreinte'])
    .where('auteur', '=', auteur)
    .where('cle', '=', cle)
    .executeTakeFirst();
  return r ? { dossierId: r.dossier_id, empreinte: r.empreinte } : null;
}

export async function enregistrerCle(
  trx: Db,
  auteur: string,
  cle: string,
  empreinte: string,
  dossierId: string,
): Promise<void> {
  await trx
    .insertInto('dossier_idempotence')
    .values({ auteur, cle, empreinte, dossier_id: dossierId })
    .execute();
}

/** Organisations owning identifiers: a company by SIRET (or its SIREN), a CFA by SIRET, an OPCO by code. */
export async function organisationsDe(
  db: Db,
  siretEmployeur: string,
  siretCfa: string,
  codeOpco: string,
): Promise<Proprietaires> {
  const o = (db as Kysely<Database>).withTables<TablesComptes>();
  // One round trip: the three lookups as scalar subqueries.
  const r = await o
    .selectNoFrom((eb) => [
      eb
        .selectFrom('organisation')
        .select('id')
        .where('type', '=', 'entreprise')
        .where((w) =>
          w.or([
            w('siret', '=', siretEmployeur),
            sql<boolean>`sirets @> ${JSON.stringify([siretEmployeur])}::jsonb`,
            w.and([
              w('siren', '=', siretEmployeur.slice(0, 9)),
              sql<boolean>`jsonb_array_length(sirets) = 0`,
            ]),
          ]),
        )
        .orderBy('cree_le')
        .limit(1)
        .as('entreprise'),
      eb
        .selectFrom('organisation')
        .select('id')
        .where('type', '=', 'organisme_formation')
        .where('siret', '=', siretCfa)
        .orderBy('cree_le')
        .limit(1)
        .as('cfa'),
      eb
        .selectFrom('organisation')
        .select('id')
        .where('type', '=', 'opco')
        .where('code_opco', '=', codeOpco)
        .orderBy('cree_le')
        .limit(1)
        .as('opco'),
    ])
    .executeTakeFirstOrThrow();
  return { entreprise: r.entreprise ?? null, cfa: r.cfa ?? null, opco: r.opco ?? null };
}

/** OPCO of a branch from the loaded IDCC → OPCO table (latest vintage, most establishments). */
export async function opcoDeLIdcc(db: Db, idcc: string): Promise<string | null> {
  const r = await db
    .selectFrom('idcc_opco')
    .select('opco_code')
    .where('idcc', '=', idcc.padStart(4, '0'))
    .orderBy('millesime', 'desc')
    .orderBy('nb_siret', 'desc')
    .executeTakeFirst();
  return r?.opco_code ?? null;
}

/** `opcoDeLIdcc` of several branches in one query (grouped deposits), by padded IDCC. */
export async function opcosDesIdcc(db: Db, idccs: readonly string[]): Promise<Map<string, string>> {
  const cles = [...new Set(idccs.map((i) => i.padStart(4, '0')))];
  const r = new Map<string, string>();
  if (cles.length === 0) return r;
  const lignes = await db
    .selectFrom('idcc_opco')
    .select(['idcc', 'opco_code'])
    .where('idcc', 'in', cles)
    .orderBy('idcc')
    .orderBy('millesime', 'desc')
    .orderBy('nb_siret', 'desc')
    .execute();
  for (const l of lignes) if (!r.has(l.idcc)) r.set(l.idcc, l.opco_code);
  return r;
}

/** What a deposit looks up before anything else (`lireAvantDepot`). */
export interface DemandeAvantDepot {
  siretEmployeur: string;
  siretCfa: string;
  codeOpco: string;
  /** Author of the idempotency key and the key (null: no key). */
  auteur: string;
  cle: string | null;
}

export interface AvantDepot {
  proprietaires: Proprietaires;
  /**
   * The idempotency key already taken, with the request digest and the dossier it made (from
   * its projection row, kept in the transaction of every change; null if it is not a contract).
   */
  cle: { dossierId: string; empreinte: string; ligne: LigneDossier | null } | null;
}

interface LigneAvantDepot {
  i: number;
  entreprise: string | null;
  cfa: string | null;
  opco: string | null;
  dossier_id: string | null;
  empreinte: string | null;
  formulaire: string | null;
  projection: unknown;
  organisation_entreprise: string | null;
  organisation_cfa: string | null;
  organisation_opco: string | null;
}

/**
 * `organisationsDe` and `cleIdempotence` of many deposits in one query, and the dossier of a key
 * already used from its projection row (no replay of its events).
 */
async function lireAvantDepots(
  db: Kysely<Database>,
  demandes: readonly DemandeAvantDepot[],
): Promise<AvantDepot[]> {
  const entree = JSON.stringify(
    demandes.map((d, i) => ({
      i,
      se: d.siretEmployeur,
      sc: d.siretCfa,
      op: d.codeOpco,
      a: d.auteur,
      c: d.cle,
    })),
  );
  const { rows } = await sql<LigneAvantDepot>`
    select r.i,
      (select o.id from organisation o
        where o.type = 'entreprise'
          and (o.siret = r.se or o.sirets @> jsonb_build_array(r.se)
               or (o.siren = left(r.se, 9) and jsonb_array_length(o.sirets) = 0))
        order by o.cree_le limit 1) as entreprise,
      (select o.id from organisation o
        where o.type = 'organisme_formation' and o.siret = r.sc
        order by o.cree_le limit 1) as cfa,
      (select o.id from organisation o
        where o.type = 'opco' and o.code_opco = r.op
        order by o.cree_le limit 1) as opco,
      k.dossier_id, k.empreinte, d.formulaire, d.projection,
      d.organisation_entreprise, d.organisation_cfa, d.organisation_opco
    from json_to_recordset(${entree}::json) as r(i integer, se text, sc text, op text, a text, c text)
    left join dossier_idempotence k on k.auteur = r.a and k.cle = r.c
    left join dossier d on d.id = k.dossier_id
  `.execute(db);
  const resultats = new Array<AvantDepot>(demandes.length);
  for (const r of rows) {
    resultats[r.i] = {
      proprietaires: { entreprise: r.entreprise, cfa: r.cfa, opco: r.opco },
      cle:
        r.dossier_id !== null && r.empreinte !== null
          ? {
              dossierId: r.dossier_id,
              empreinte: r.empreinte,
              ligne:
                r.formulaire !== null && r.formulaire !== FORMULAIRE_DEMANDE
                  ? {
                      dossier: lireJson<Dossier>(r.projection),
                      proprietaires: {
                        entreprise: r.organisation_entreprise,
                        cfa: r.organisation_cfa,
                        opco: r.organisation_opco,
                      },
                    }
                  : null,
            }
          : null,
    };
  }
  return resultats;
}

const lecturesAvantDepot = new WeakMap<
  Kysely<Database>,
  LecturesGroupees<DemandeAvantDepot, AvantDepot>
>();

/**
 * The owners of a deposit and the idempotency key it may have used already, in one round trip;
 * the lookups of concurrent deposits of this process go together (src/stockage/lectures-groupees.ts).
 * Outside any transaction: what it reads is re-checked by the insert (the key is a primary key).
 */
export function lireAvantDepot(db: Kysely<Database>, d: DemandeAvantDepot): Promise<AvantDepot> {
  let l = lecturesAvantDepot.get(db);
  if (!l) {
    l = new LecturesGroupees((qs) => lireAvantDepots(db, qs));
    lecturesAvantDepot.set(db, l);
  }
  return l.demander(d);
}
