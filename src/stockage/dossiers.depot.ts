import { sql, type Kysely, type Transaction } from 'kysely';
import { deriver, type Dossier, type Evenement } from '../domaine/dossiers/index.ts';
import type { TablesComptes } from './comptes.depot.ts';
import {
  chargerDuCycle,
  evenementsDuCycle,
  listerDuCycle,
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
  const depart = avant?.version ?? 0;
  if (evenements.length === 0) return;
  await trx
    .insertInto('dossier_evenement')
    .values(
      evenements.map((e, i) => ({
        dossier_id: apres.id,
        rang: depart + i + 1,
        type: e.type,
        date: e.date,
        contenu: JSON.stringify(e),
        compte_id: auteur.compteId,
        cle_id: auteur.cleId,
        processus: auteur.processus,
      })),
    )
    .execute();
}

/**
 * A new dossier in one statement: its projection row, its events and, if given, its idempotency
 * key (data-modifying CTEs; the foreign keys are checked at the end of the statement). A key
 * already taken fails the statement (primary key), so one key never makes two dossiers.
 */
export async function creerDossier(
  trx: Transaction<Database>,
  d: Dossier,
  evenements: readonly Evenement[],
  auteur: Auteur,
  proprietaires: Proprietaires,
  cle: { auteur: string; cle: string; empreinte: string } | null,
): Promise<void> {
  const c = d.cerfa;
  const dossier = {
    id: d.id,
    formulaire: d.formulaire,
    opco: d.opco,
    etat: d.etat,
    version: d.version,
    siret_employeur: c.employeur.siret,
    siret_cfa: c.formation.organisme.siret,
    echeance: d.etat === 'en_cours_instruction' ? d.echeance : null,
    a_verifier: d.etat === 'en_cours_instruction' && d.aVerifier.length > 0,
    projection: JSON.stringify(d),
    organisation_entreprise: proprietaires.entreprise,
    organisation_cfa: proprietaires.cfa,
    organisation_opco: proprietaires.opco,
  };
  const lignes = evenements.map((e, i) => ({
    dossier_id: d.id,
    rang: i + 1,
    type: e.type,
    date: e.date,
    contenu: JSON.stringify(e),
    compte_id: auteur.compteId,
    cle_id: auteur.cleId,
    processus: auteur.processus,
  }));
  const avecDossier = trx.with('d', (q) => q.insertInto('dossier').values(dossier));
  if (cle) {
    const k = { auteur: cle.auteur, cle: cle.cle, empreinte: cle.empreinte, dossier_id: d.id };
    if (lignes.length === 0) {
      await avecDossier.insertInto('dossier_idempotence').values(k).execute();
      return;
    }
    await avecDossier
      .with('k', (q) => q.insertInto('dossier_idempotence').values(k))
      .insertInto('dossier_evenement')
      .values(lignes)
      .execute();
    return;
  }
  if (lignes.length === 0) {
    await trx.insertInto('dossier').values(dossier).execute();
    return;
  }
  await avecDossier.insertInto('dossier_evenement').values(lignes).execute();
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
