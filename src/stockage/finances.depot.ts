import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  anomaliesCoordonnees,
  anomaliesEcriture,
  anomaliesEngagement,
  apparierFacture,
  ajouterMois,
  codeCompte,
  deciderReservation,
  delaiSoldeMois,
  diffEngagement,
  effetSurSoldes,
  fichierSepa,
  lireCodeCompte,
  normaliserCoordonnees,
  type CleCompte,
  type CoordonneesBancaires,
  type DecisionReservation,
  type Dotation,
  type EcheanceAFacturer,
  type EcritureProposee,
  type EngagementAReserver,
  type FactureRecue,
  type LigneEcriture,
  type OrigineFonds,
  type ResultatLigne,
  type SectionFinancement,
  type VirementCfa,
} from '../domaine/finances/index.ts';
import type { Droit } from '../moteur/index.ts';
import { ajouterAudit } from './audit.depot.ts';
import type { Database } from './schema.ts';

/**
 * The money store (issue 13). Every function that moves money runs in ONE transaction that
 * posts its ledger entry, updates the account balances (in account-id order, so concurrent
 * writers never deadlock) and appends the audit row. Availability is read under the row lock of
 * the account it is taken from (SELECT … FOR UPDATE): 200 concurrent commitments on the last
 * euros queue on that row and never overspend. Payment runs take instalments by batches with
 * FOR UPDATE SKIP LOCKED, each batch committed on its own: a run killed at any point resumes
 * where it stopped, and two processes running the same run share the work.
 */
type Db = Kysely<Database> | Transaction<Database>;

/** Who acts, for the audit trail (null for the CLI run by an operator). */
export interface Auteur {
  compteId: string | null;
  cleId: string | null;
  organisationId: string | null;
}
export const auteurSysteme: Auteur = { compteId: null, cleId: null, organisationId: null };

/**
 * Records one version of a dossier's engagement (its entries) and puts it on the audit trail,
 * with the version, the entries and the figures given.
 */
async function consignerVersion(
  trx: Transaction<Database>,
  auteur: Auteur,
  e: EngagementAReserver,
  ecritures: unknown,
  action: 'finances.engagement' | 'finances.ajustement',
  chiffres: Record<string, number>,
): Promise<void> {
  await sql`insert into fin_engagement (dossier_id, version, engagement, ecriture_ids)
    values (${e.dossierId}, ${e.versionDossier}, ${JSON.stringify(e)}, ${JSON.stringify(ecritures)})`.execute(
    trx,
  );
  await auditer(trx, auteur, action, `dossier:${e.dossierId}`, {
    version: e.versionDossier,
    ...chiffres,
    ecritures,
  });
}

async function auditer(
  trx: Transaction<Database>,
  auteur: Auteur,
  action: string,
  ressource: string,
  apres: unknown,
): Promise<void> {
  await ajouterAudit(trx, {
    horodatage: new Date().toISOString(),
    compteId: auteur.compteId,
    cleId: auteur.cleId,
    organisationId: auteur.organisationId,
    action,
    ressource,
    avant: null,
    apres: JSON.stringify(apres),
  });
}

function erreurLivre(anomalies: string[]): Error {
  return new Error(`écriture refusée : ${anomalies.join(' ; ')}`);
}

/** Creates the accounts of an entry that do not exist yet (one statement). */
async function assurerComptes(trx: Db, codes: readonly CleCompte[]): Promise<void> {
  const vus = [...new Map(codes.map((c) => [codeCompte(c), c]))].sort(([a], [b]) =>
    a.localeCompare(b),
  );
  if (vus.length === 0) return;
  await sql`insert into fin_compte (id, opco, section, origine, branche, nature, reference)
    values ${sql.join(
      vus.map(
        ([id, c]) =>
          sql`(${id}, ${c.opco}, ${c.section}, ${c.origine}, ${c.branche}, ${c.nature}, ${c.reference})`,
      ),
    )}
    on conflict (id) do nothing`.execute(trx);
}

/**
 * Posts one entry: checks it (balanced, integer cents, one OPCO/section/origin), inserts it and
 * ALL its lines in one statement (the statement trigger re-checks the balance), and applies its
 * effect on balances in account order.
 */
export async function posterEcriture(
  trx: Transaction<Database>,
  e: EcritureProposee,
  comptes: readonly CleCompte[],
  /** The accounts exist and the contended one is already locked by this transaction. */
  options: { comptesPrets?: boolean } = {},
): Promise<number> {
  const a = anomaliesEcriture(e);
  if (a.length > 0) throw erreurLivre(a);
  if (!options.comptesPrets) await assurerComptes(trx, comptes);
  const { rows } = await sql<{ id: number | string }>`
    insert into fin_ecriture (opco, section, origine, date_comptable, libelle, cause_type, cause_reference, contrepasse)
    values (${e.opco}, ${e.section}, ${e.origine}, ${e.dateComptable}, ${e.libelle}, ${e.cause.type},
            ${e.cause.reference}, ${e.contrepasse}) returning id`.execute(trx);
  const id = Number(rows[0]?.id);
  const valeurs = e.lignes.map(
    (l, i) => sql`(${id}, ${i + 1}, ${l.compte}, ${l.sens}, ${l.montantCentimes})`,
  );
  await sql`insert into fin_ligne (ecriture_id, rang, compte_id, sens, montant)
    values ${sql.join(valeurs)}`.execute(trx);
  const effets = [...effetSurSoldes(e.lignes)]
    .filter(([, delta]) => delta !== 0)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  if (effets.length === 1) {
    const [compte, delta] = effets[0] as [string, number];
    await sql`update fin_compte set solde = solde + ${delta} where id = ${compte}`.execute(trx);
  } else if (effets.length > 1 && options.comptesPrets) {
    await sql`update fin_compte k set solde = k.solde + v.delta
      from (values ${sql.join(effets.map(([c, d]) => sql`(${c}, ${d}::bigint)`))}) v(id, delta)
      where k.id = v.id`.execute(trx);
  } else if (effets.length > 1) {
    // Rows locked in account-id order first (no deadlock between concurrent writers), then one
    // UPDATE for all of them.
    const ids = effets.map(([c]) => c);
    await sql`select id from fin_compte where id in (${sql.join(ids)}) order by id collate "C" for no key update`.execute(
      trx,
    );
    await sql`update fin_compte k set solde = k.solde + v.delta
      from (values ${sql.join(effets.map(([c, d]) => sql`(${c}, ${d}::bigint)`))}) v(id, delta)
      where k.id = v.id`.execute(trx);
  }
  return id;
}

async function soldeVerrouille(trx: Db, compte: string): Promise<number | null> {
  const { rows } = await sql<{ solde: number | string }>`
    select solde from fin_compte where id = ${compte} for no key update`.execute(trx);
  return rows[0] ? Number(rows[0].solde) : null;
}

export async function solde(db: Db, compte: string): Promise<number> {
  const { rows } = await sql<{ solde: number | string }>`
    select solde from fin_compte where id = ${compte}`.execute(db);
  return rows[0] ? Number(rows[0].solde) : 0;
}

// ─── Budgets ────────────────────────────────────────────────────────────────────────────────

function cle(
  opco: string,
  section: SectionFinancement,
  origine: OrigineFonds,
  branche: string | null,
  nature: CleCompte['nature'],
  reference: string | null,
): CleCompte {
  return { opco, section, origine, branche, nature, reference };
}

export interface Provenance {
  fichier: string;
  empreinte: string;
}

export interface BilanDotations {
  importees: number;
  dejaPresentes: number;
  montantImporteCentimes: number;
}

/** Imports France compétences allocations: each line once (by OPCO, section, origin, year, reference). */
export async function importerDotations(
  db: Kysely<Database>,
  dotations: readonly Dotation[],
  provenance: Provenance,
  auteur: Auteur = auteurSysteme,
): Promise<BilanDotations> {
  const bilan: BilanDotations = { importees: 0, dejaPresentes: 0, montantImporteCentimes: 0 };
  for (const d of dotations) {
    await db.transaction().execute(async (trx) => {
      const deja =
        await sql`select 1 from fin_dotation where opco = ${d.opco} and section = ${d.section}
        and origine = ${d.origine} and annee = ${d.annee} and reference = ${d.reference}`.execute(
          trx,
        );
      if (deja.rows.length > 0) {
        bilan.dejaPresentes++;
        return;
      }
      const annee = String(d.annee);
      const source = cle(d.opco, d.section, d.origine, null, 'dotation', annee);
      const dispo = cle(d.opco, d.section, d.origine, null, 'disponible', annee);
      const id = await posterEcriture(
        trx,
        {
          opco: d.opco,
          section: d.section,
          origine: d.origine,
          dateComptable: d.dateReference,
          libelle: `Dotation ${d.annee} ${d.section} (${d.reference})`,
          cause: { type: 'dotation', reference: d.reference },
          contrepasse: null,
          lignes: [
            { compte: codeCompte(dispo), sens: 'D', montantCentimes: d.montantCentimes },
            { compte: codeCompte(source), sens: 'C', montantCentimes: d.montantCentimes },
          ],
        },
        [source, dispo],
      );
      await sql`insert into fin_dotation (opco, section, origine, annee, montant, reference, date_reference,
          fichier, empreinte_fichier, ecriture_id)
        values (${d.opco}, ${d.section}, ${d.origine}, ${d.annee}, ${d.montantCentimes}, ${d.reference},
          ${d.dateReference}, ${provenance.fichier}, ${provenance.empreinte}, ${id})`.execute(trx);
      await auditer(
        trx,
        auteur,
        'finances.dotation',
        `dotation:${d.opco}:${d.section}:${d.annee}`,
        {
          ...d,
          ecriture: id,
        },
      );
      bilan.importees++;
      bilan.montantImporteCentimes += d.montantCentimes;
    });
  }
  return bilan;
}

export interface EnveloppeDemandee {
  id: string;
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  annee: number;
  branche: string | null;
  dispositif: string | null;
  libelle: string;
}

export type ResultatEnveloppe =
  | { fait: true; compte: string; soldeCentimes: number }
  | { fait: false; motif: string; disponibleCentimes: number; demandeCentimes: number };

/**
 * Creates an envelope (branch or scheme) if needed and moves `delta` cents into it from the
 * section's available funds (or, negative, back out of it). Refused with the figures when the
 * source lacks the money.
 */
export async function alimenterEnveloppe(
  db: Kysely<Database>,
  env: EnveloppeDemandee,
  deltaCentimes: number,
  date: string,
  auteur: Auteur = auteurSysteme,
): Promise<ResultatEnveloppe> {
  return db.transaction().execute(async (trx) => {
    const dispo = cle(env.opco, env.section, env.origine, null, 'disponible', String(env.annee));
    const compteEnv = cle(env.opco, env.section, env.origine, env.branche, 'enveloppe', env.id);
    const existante = await sql<{ opco: string; section: string; origine: string; annee: number }>`
      select opco, section, origine, annee from fin_enveloppe where id = ${env.id}`.execute(trx);
    const e0 = existante.rows[0];
    if (e0 && (e0.opco !== env.opco || e0.section !== env.section || e0.origine !== env.origine))
      return {
        fait: false,
        motif: `l'enveloppe ${env.id} existe déjà pour ${e0.opco}/${e0.section}/${e0.origine}`,
        disponibleCentimes: 0,
        demandeCentimes: deltaCentimes,
      };
    await assurerComptes(trx, [dispo, compteEnv]);
    if (!e0)
      await sql`insert into fin_enveloppe (id, opco, section, origine, annee, branche, dispositif, libelle, compte_id)
        values (${env.id}, ${env.opco}, ${env.section}, ${env.origine}, ${env.annee}, ${env.branche},
          ${env.dispositif}, ${env.libelle}, ${codeCompte(compteEnv)})`.execute(trx);
    if (deltaCentimes === 0)
      return {
        fait: true,
        compte: codeCompte(compteEnv),
        soldeCentimes: await solde(trx, codeCompte(compteEnv)),
      };
    const [de, vers] = deltaCentimes > 0 ? [dispo, compteEnv] : [compteEnv, dispo];
    const montant = Math.abs(deltaCentimes);
    const disponible = (await soldeVerrouille(trx, codeCompte(de))) ?? 0;
    const d = deciderReservation(
      disponible,
      montant,
      de.nature === 'disponible' ? 'les fonds disponibles de la section' : `l'enveloppe ${env.id}`,
    );
    if (!d.acceptee)
      return {
        fait: false,
        motif: d.motif,
        disponibleCentimes: d.disponibleCentimes,
        demandeCentimes: montant,
      };
    const id = await posterEcriture(
      trx,
      {
        opco: env.opco,
        section: env.section,
        origine: env.origine,
        dateComptable: date,
        libelle: `${deltaCentimes > 0 ? 'Alimentation' : 'Réduction'} de l'enveloppe ${env.libelle}`,
        cause: { type: 'enveloppe', reference: env.id },
        contrepasse: null,
        lignes: [
          { compte: codeCompte(vers), sens: 'D', montantCentimes: montant },
          { compte: codeCompte(de), sens: 'C', montantCentimes: montant },
        ],
      },
      [de, vers],
    );
    await auditer(trx, auteur, 'finances.enveloppe', `enveloppe:${env.id}`, {
      deltaCentimes,
      ecriture: id,
    });
    return {
      fait: true,
      compte: codeCompte(compteEnv),
      soldeCentimes: await solde(trx, codeCompte(compteEnv)),
    };
  });
}

// ─── Engagements ────────────────────────────────────────────────────────────────────────────

export type ResultatReservation =
  | {
      statut: 'reserve' | 'ajuste';
      dossierId: string;
      version: number;
      source: string;
      deltaCentimes: number;
      disponibleApresCentimes: number;
      ecritures: number[];
    }
  | { statut: 'deja_reserve'; dossierId: string; version: number }
  | {
      statut: 'refuse';
      dossierId: string;
      version: number;
      motifs: string[];
      disponibleCentimes: number | null;
      demandeCentimes: number | null;
      manqueCentimes: number | null;
    };

export interface OptionsReservation {
  /** R6332-25: months after the contract's end to invoice the balance (null: no deadline). */
  delaiSoldeMois: number | null;
  auteur?: Auteur;
}

/** The account an engagement draws from: its branch's envelope of that year, else the section's. */
async function compteSource(trx: Db, e: EngagementAReserver): Promise<CleCompte> {
  const annee = Number(e.dateEngagement.slice(0, 4));
  if (e.idcc) {
    const { rows } = await sql<{ id: string }>`
      select id from fin_enveloppe where opco = ${e.opco} and section = ${e.section}
        and origine = ${e.origine} and annee = ${annee} and branche = ${e.idcc}
      order by id limit 1`.execute(trx);
    if (rows[0]) return cle(e.opco, e.section, e.origine, e.idcc, 'enveloppe', rows[0].id);
  }
  return cle(e.opco, e.section, e.origine, null, 'disponible', String(annee));
}

function refus(
  e: EngagementAReserver,
  motifs: string[],
  d?: Extract<DecisionReservation, { acceptee: false }>,
): ResultatReservation {
  return {
    statut: 'refuse',
    dossierId: e.dossierId,
    version: e.versionDossier,
    motifs,
    disponibleCentimes: d?.disponibleCentimes ?? null,
    demandeCentimes: d?.demandeCentimes ?? null,
    manqueCentimes: d?.manqueCentimes ?? null,
  };
}

function dateFinDe(e: EngagementAReserver): string | null {
  if (e.dateFinContrat) return e.dateFinContrat;
  const soldes = e.echeances.filter((x) => x.nature === 'solde').map((x) => x.dateExigibilite);
  return soldes.sort().at(-1) ?? null;
}

/**
 * Books an engagement and its schedule (an `engagé` dossier), or adjusts the one booked for an
 * earlier version of the same dossier (avenant, rupture): increases are new commitments checked
 * against what is available, decreases are reversing entries of the original commitment.
 * Idempotent per (dossier, version). Refusals are values with the figures.
 */
export async function reserverEngagement(
  db: Db,
  e: EngagementAReserver,
  options: OptionsReservation,
): Promise<ResultatReservation> {
  const a = anomaliesEngagement(e);
  if (a.length > 0) return refus(e, a);
  const auteur = options.auteur ?? auteurSysteme;
  return dansTransaction(db, (trx) => reserverDans(trx, e, options, auteur));
}

/**
 * Runs a booking in its own transaction, or inside the caller's (`db.isTransaction`: the
 * dossier's transaction, so that the dossier's state and its money commit together). A refusal
 * (`Refus`) must leave no partial write: standalone, the transaction is rolled back; inside a
 * caller's transaction, the booking runs under a SAVEPOINT rolled back on refusal, so that the
 * caller's own writes survive and the caller decides what a refusal means (queue, refusal).
 * Any other error propagates and rolls the caller's transaction back.
 */
async function dansTransaction(
  db: Db,
  f: (trx: Transaction<Database>) => Promise<ResultatReservation>,
): Promise<ResultatReservation> {
  if (!db.isTransaction) {
    try {
      return await (db as Kysely<Database>).transaction().execute(f);
    } catch (err) {
      if (err instanceof Refus) return err.resultat;
      throw err;
    }
  }
  const trx = db as Transaction<Database>;
  await sql`savepoint fin_reservation`.execute(trx);
  try {
    const r = await f(trx);
    await sql`release savepoint fin_reservation`.execute(trx);
    return r;
  } catch (err) {
    if (!(err instanceof Refus)) throw err;
    await sql`rollback to savepoint fin_reservation`.execute(trx);
    await sql`release savepoint fin_reservation`.execute(trx);
    return err.resultat;
  }
}

/** Thrown inside a transaction to roll it back and answer a refusal (a value) to the caller. */
class Refus extends Error {
  constructor(readonly resultat: ResultatReservation) {
    super('refus');
  }
}

async function reserverDans(
  trx: Transaction<Database>,
  e: EngagementAReserver,
  options: OptionsReservation,
  auteur: Auteur,
): Promise<ResultatReservation> {
  {
    // Serialises the versions of one dossier (two nodes booking the same dossier).
    await sql`select pg_advisory_xact_lock(hashtext(${'fin_dossier:' + e.dossierId}))`.execute(trx);
    const deja = await sql`select 1 from fin_engagement where dossier_id = ${e.dossierId}
      and version = ${e.versionDossier}`.execute(trx);
    if (deja.rows.length > 0)
      return { statut: 'deja_reserve', dossierId: e.dossierId, version: e.versionDossier };
    const { rows: dossiers } = await sql<{
      version: number;
      opco: string;
      section: SectionFinancement;
      origine: OrigineFonds;
      idcc: string | null;
      siret: string;
      source_compte_id: string;
    }>`select version, opco, section, origine, idcc, siret, source_compte_id
       from fin_dossier where dossier_id = ${e.dossierId}`.execute(trx);
    const ancien = dossiers[0];
    if (ancien && ancien.version > e.versionDossier)
      return refus(e, [
        `version ${e.versionDossier} périmée : la version ${ancien.version} est déjà engagée`,
      ]);
    if (
      ancien &&
      (ancien.opco !== e.opco ||
        ancien.section !== e.section ||
        ancien.origine !== e.origine ||
        ancien.siret !== e.siretBeneficiaire ||
        ancien.idcc !== e.idcc)
    )
      return refus(e, [
        'un avenant ne change ni l’OPCO, ni la section, ni l’origine des fonds, ni la branche, ni le bénéficiaire : rompre et engager un nouveau dossier',
      ]);
    const fin = dateFinDe(e);
    const limite =
      fin && options.delaiSoldeMois !== null ? ajouterMois(fin, options.delaiSoldeMois) : null;
    const engage = cle(e.opco, e.section, e.origine, e.idcc, 'engage', e.siretBeneficiaire);
    const ecritures: number[] = [];

    if (!ancien) {
      const source = await compteSource(trx, e);
      // Everything that does not touch the contended account first; then the account's row is
      // locked, checked and debited, and the transaction commits: the critical section is short.
      await assurerComptes(trx, [engage, source]);
      await sql`insert into fin_dossier (dossier_id, version, opco, section, origine, idcc, siret,
          source_compte_id, montant_total, date_fin_contrat, date_limite_solde)
        values (${e.dossierId}, ${e.versionDossier}, ${e.opco}, ${e.section}, ${e.origine}, ${e.idcc},
          ${e.siretBeneficiaire}, ${codeCompte(source)}, ${e.montantTotalCentimes}, ${fin}, ${limite})`.execute(
        trx,
      );
      if (e.echeances.length > 0)
        await sql`insert into fin_echeance (dossier_id, numero, nature, date_exigibilite, montant, exige_certificat, statut)
          values ${sql.join(
            e.echeances.map(
              (x) =>
                sql`(${e.dossierId}, ${x.numero}, ${x.nature}, ${x.dateExigibilite}, ${x.montantCentimes}, ${x.exigeCertificatRealisation}, ${x.montantCentimes > 0 ? 'prevue' : 'annulee'})`,
            ),
          )}`.execute(trx);
      const disponible = (await soldeVerrouille(trx, codeCompte(source))) ?? 0;
      const d = deciderReservation(disponible, e.montantTotalCentimes, libelleSource(source));
      // Refused: the rows written above are rolled back with the transaction.
      if (!d.acceptee) throw new Refus(refus(e, [d.motif], d));
      if (e.montantTotalCentimes > 0)
        ecritures.push(
          await posterEcriture(
            trx,
            {
              opco: e.opco,
              section: e.section,
              origine: e.origine,
              dateComptable: e.dateEngagement,
              libelle: `Engagement du dossier ${e.dossierId} (version ${e.versionDossier})`,
              cause: { type: 'engagement', reference: `${e.dossierId}#${e.versionDossier}` },
              contrepasse: null,
              lignes: [
                { compte: codeCompte(engage), sens: 'D', montantCentimes: e.montantTotalCentimes },
                { compte: codeCompte(source), sens: 'C', montantCentimes: e.montantTotalCentimes },
              ],
            },
            [engage, source],
            { comptesPrets: true },
          ),
        );
      await consignerVersion(trx, auteur, e, ecritures, 'finances.engagement', {
        montantCentimes: e.montantTotalCentimes,
      });
      return {
        statut: 'reserve',
        dossierId: e.dossierId,
        version: e.versionDossier,
        source: codeCompte(source),
        deltaCentimes: e.montantTotalCentimes,
        disponibleApresCentimes: d.disponibleApresCentimes,
        ecritures,
      };
    }

    // Avenant / rupture: diff against what is booked.
    const { rows: booke } = await sql<{
      numero: number;
      montant: number | string;
      facture: number | string;
      statut: string;
    }>`
      select numero, montant, facture, statut from fin_echeance where dossier_id = ${e.dossierId}
      order by numero for update`.execute(trx);
    const diff = diffEngagement(
      booke.map((b) => ({
        numero: b.numero,
        montantCentimes: Number(b.montant),
        factureCentimes: Number(b.facture),
      })),
      e,
    );
    if (!diff.possible) return refus(e, diff.motifs);
    const source = lireSource(ancien.source_compte_id);
    const hausses = diff.ajustements
      .filter((x) => x.deltaCentimes > 0)
      .reduce((s, x) => s + x.deltaCentimes, 0);
    const baisses = -diff.ajustements
      .filter((x) => x.deltaCentimes < 0)
      .reduce((s, x) => s + x.deltaCentimes, 0);
    const disponible = (await soldeVerrouille(trx, ancien.source_compte_id)) ?? 0;
    let apres = disponible;
    if (hausses > 0) {
      // Releases of this very avenant count as available for its increases.
      const d = deciderReservation(disponible + baisses, hausses, libelleSource(source));
      if (!d.acceptee) return refus(e, [d.motif], d);
    }
    const original = await sql<{ id: number | string }>`
      select id from fin_ecriture where cause_type = 'engagement'
        and cause_reference like ${e.dossierId + '#%'} order by id limit 1`.execute(trx);
    const idOriginal = original.rows[0] ? Number(original.rows[0].id) : null;
    if (baisses > 0) {
      ecritures.push(
        await posterEcriture(
          trx,
          {
            opco: e.opco,
            section: e.section,
            origine: e.origine,
            dateComptable: e.dateEngagement,
            libelle: `Contre-passation partielle de l'engagement du dossier ${e.dossierId} (version ${e.versionDossier})`,
            cause: { type: 'ajustement', reference: `${e.dossierId}#${e.versionDossier}` },
            contrepasse: idOriginal,
            lignes: [
              { compte: ancien.source_compte_id, sens: 'D', montantCentimes: baisses },
              { compte: codeCompte(engage), sens: 'C', montantCentimes: baisses },
            ],
          },
          [engage, source],
        ),
      );
      apres += baisses;
    }
    if (hausses > 0) {
      ecritures.push(
        await posterEcriture(
          trx,
          {
            opco: e.opco,
            section: e.section,
            origine: e.origine,
            dateComptable: e.dateEngagement,
            libelle: `Engagement complémentaire du dossier ${e.dossierId} (version ${e.versionDossier})`,
            cause: { type: 'engagement', reference: `${e.dossierId}#${e.versionDossier}` },
            contrepasse: null,
            lignes: [
              { compte: codeCompte(engage), sens: 'D', montantCentimes: hausses },
              { compte: ancien.source_compte_id, sens: 'C', montantCentimes: hausses },
            ],
          },
          [engage, source],
        ),
      );
      apres -= hausses;
    }
    for (const x of diff.ajustements) {
      const n = x.nouvelle;
      const b = booke.find((y) => y.numero === x.numero);
      if (!b && n)
        await sql`insert into fin_echeance (dossier_id, numero, nature, date_exigibilite, montant, exige_certificat, statut)
          values (${e.dossierId}, ${n.numero}, ${n.nature}, ${n.dateExigibilite}, ${n.montantCentimes}, ${n.exigeCertificatRealisation}, ${n.montantCentimes > 0 ? 'prevue' : 'annulee'})`.execute(
          trx,
        );
      else if (b) {
        const montant = n?.montantCentimes ?? 0;
        const statut =
          montant === 0 && Number(b.facture) === 0
            ? 'annulee'
            : b.statut === 'annulee'
              ? 'prevue'
              : b.statut;
        await sql`update fin_echeance set montant = ${montant}, statut = ${statut},
            date_exigibilite = coalesce(${n?.dateExigibilite ?? null}, date_exigibilite)
          where dossier_id = ${e.dossierId} and numero = ${x.numero}`.execute(trx);
      }
    }
    await sql`update fin_dossier set version = ${e.versionDossier}, montant_total = ${e.montantTotalCentimes},
        date_fin_contrat = ${fin}, date_limite_solde = ${limite}, maj_le = now()
      where dossier_id = ${e.dossierId}`.execute(trx);
    await consignerVersion(trx, auteur, e, ecritures, 'finances.ajustement', {
      deltaCentimes: diff.deltaTotalCentimes,
    });
    return {
      statut: 'ajuste',
      dossierId: e.dossierId,
      version: e.versionDossier,
      source: ancien.source_compte_id,
      deltaCentimes: diff.deltaTotalCentimes,
      disponibleApresCentimes: apres,
      ecritures,
    };
  }
}

/** The source account of a booked engagement, read back from its stored code. */
const lireSource = lireCodeCompte;

function libelleSource(c: CleCompte): string {
  return c.nature === 'enveloppe'
    ? `l'enveloppe ${c.reference ?? ''}`
    : `les fonds disponibles ${c.section}/${c.origine} ${c.reference ?? ''}`;
}

/**
 * The entry point for the dossiers side: books an `engagé` dossier's engagement with the
 * balance deadline read from the law data at the engagement's date (R6332-25).
 */
export async function reserverEngagementSelonDroit(
  db: Db,
  droit: Droit,
  e: EngagementAReserver,
  auteur: Auteur = auteurSysteme,
): Promise<ResultatReservation> {
  return reserverEngagement(db, e, {
    delaiSoldeMois: delaiSoldeMois(droit, e.dateEngagement),
    auteur,
  });
}

// ─── Dossiers → grand livre ──────────────────────────────────────────────────────────────────

/** What booking a dossier's event did (docs/adr/ADR-2026-12-02-dossiers-grand-livre.md). */
export type ResultatGrandLivreDossier =
  | ResultatReservation
  | { statut: 'hors_livre'; dossierId: string; version: number; motif: string }
  | { statut: 'rien_a_annuler'; dossierId: string; version: number };

export interface EngagementHorsLivre {
  dossierId: string;
  version: number;
  opco: string;
  section: string;
  origine: string;
  evenement: string;
  montantCentimes: number;
  motif: string;
  dateEngagement: string;
}

/** Whether the ledger is operated for an OPCO's section and origin: it has received an allocation. */
export async function grandLivreOpere(
  db: Db,
  opco: string,
  section: SectionFinancement,
  origine: OrigineFonds,
): Promise<boolean> {
  const { rows } = await sql`select 1 from fin_dotation where opco = ${opco}
    and section = ${section} and origine = ${origine} limit 1`.execute(db);
  return rows.length > 0;
}

/** Records (once per dossier version) an engagement the ledger did not book, with the reason. */
export async function noterHorsLivre(
  trx: Transaction<Database>,
  e: EngagementAReserver,
  evenement: string,
  motif: string,
  auteur: Auteur = auteurSysteme,
): Promise<void> {
  const { rows } = await sql`insert into fin_engagement_hors_livre (dossier_id, version, opco,
      section, origine, evenement, montant, motif, date_engagement)
    values (${e.dossierId}, ${e.versionDossier}, ${e.opco}, ${e.section}, ${e.origine}, ${evenement},
      ${e.montantTotalCentimes}, ${motif}, ${e.dateEngagement})
    on conflict do nothing returning dossier_id`.execute(trx);
  if (rows.length > 0)
    await auditer(trx, auteur, 'finances.engagement_hors_livre', `dossier:${e.dossierId}`, {
      version: e.versionDossier,
      evenement,
      montantCentimes: e.montantTotalCentimes,
      motif,
    });
}

export async function engagementsHorsLivre(db: Db, opco: string): Promise<EngagementHorsLivre[]> {
  const { rows } = await sql<{
    dossier_id: string;
    version: number;
    opco: string;
    section: string;
    origine: string;
    evenement: string;
    montant: number | string;
    motif: string;
    date_engagement: string;
  }>`select dossier_id, version, opco, section, origine, evenement, montant, motif, date_engagement
     from fin_engagement_hors_livre where opco = ${opco}
     order by date_engagement, dossier_id, version limit 10000`.execute(db);
  return rows.map((r) => ({
    dossierId: r.dossier_id,
    version: r.version,
    opco: r.opco,
    section: r.section,
    origine: r.origine,
    evenement: r.evenement,
    montantCentimes: Number(r.montant),
    motif: r.motif,
    dateEngagement: r.date_engagement,
  }));
}

/** Where a dossier's engagement stands in the ledger (shown with the dossier). */
export interface EtatGrandLivreDossier {
  /** The version booked and its total (after adjustments), if the ledger booked it. */
  reserve: { version: number; montantCentimes: number } | null;
  /** The latest version the ledger did not book (after the booked one), and why. */
  nonReserve: { version: number; montantCentimes: number; motif: string } | null;
}

export async function etatGrandLivreDossier(
  db: Db,
  dossierId: string,
): Promise<EtatGrandLivreDossier> {
  const { rows: r } = await sql<{ version: number; montant_total: number | string }>`
    select version, montant_total from fin_dossier where dossier_id = ${dossierId}`.execute(db);
  const reserve = r[0]
    ? { version: r[0].version, montantCentimes: Number(r[0].montant_total) }
    : null;
  const { rows: h } = await sql<{ version: number; montant: number | string; motif: string }>`
    select version, montant, motif from fin_engagement_hors_livre where dossier_id = ${dossierId}
      and version > ${reserve?.version ?? 0} order by version desc limit 1`.execute(db);
  const nonReserve = h[0]
    ? { version: h[0].version, montantCentimes: Number(h[0].montant), motif: h[0].motif }
    : null;
  return { reserve, nonReserve };
}

/**
 * Annulation of an engaged dossier (before its start): releases, by reversing entries, every
 * instalment not yet invoiced; what a CFA already invoiced stays engaged (owed or paid: only a
 * credit note could take it back). Idempotent per (dossier, version) like every booking.
 */
export async function annulerEngagement(
  db: Db,
  dossierId: string,
  version: number,
  date: string,
  auteur: Auteur = auteurSysteme,
): Promise<ResultatGrandLivreDossier> {
  const { rows: ds } = await sql<{
    opco: string;
    section: SectionFinancement;
    origine: OrigineFonds;
    idcc: string | null;
    siret: string;
    date_fin_contrat: string | null;
  }>`select opco, section, origine, idcc, siret, date_fin_contrat from fin_dossier
     where dossier_id = ${dossierId}`.execute(db);
  const d = ds[0];
  if (!d) return { statut: 'rien_a_annuler', dossierId, version };
  const { rows: ech } = await sql<{
    numero: number;
    nature: EngagementAReserver['echeances'][number]['nature'];
    date_exigibilite: string;
    facture: number | string;
    exige_certificat: boolean;
  }>`select numero, nature, date_exigibilite, facture, exige_certificat from fin_echeance
     where dossier_id = ${dossierId} order by numero`.execute(db);
  const echeances = ech.map((x) => ({
    numero: x.numero,
    nature: x.nature,
    dateExigibilite: x.date_exigibilite,
    montantCentimes: Number(x.facture),
    exigeCertificatRealisation: x.exige_certificat,
  }));
  return reserverEngagement(
    db,
    {
      dossierId,
      versionDossier: version,
      opco: d.opco,
      section: d.section,
      origine: d.origine,
      idcc: d.idcc,
      siretBeneficiaire: d.siret,
      dateEngagement: date,
      montantTotalCentimes: echeances.reduce((s, x) => s + x.montantCentimes, 0),
      echeances,
      dateFinContrat: d.date_fin_contrat,
      trace: { versionDroit: 'annulation', jeuDonnees: null },
    },
    { delaiSoldeMois: null, auteur },
  );
}

/**
 * THE entry point of the dossiers' port (`portsParDefaut().grandLivre`), called inside the
 * dossier's transaction: books the engagement of an `engagé` dossier, adjusts it (avenant,
 * rupture) or releases it (annulation, `engagement` null). The ledger is operated for an OPCO's
 * section and origin of funds from its first allocation there; before that, the engagement is
 * recorded as not booked (`fin_engagement_hors_livre`, `hors_livre`) and the dossier proceeds.
 * A refusal (insufficient funds, adjustment impossible) is returned with the figures and writes
 * nothing: the dossiers' service decides what it means.
 */
export async function reserverPourDossier(
  trx: Transaction<Database>,
  droit: Droit,
  dossierId: string,
  e: EngagementAReserver | null,
  contexte: { evenement: string; version: number; date: string },
  auteur: Auteur = auteurSysteme,
): Promise<ResultatGrandLivreDossier> {
  if (!e) return annulerEngagement(trx, dossierId, contexte.version, contexte.date, auteur);
  const dejaBooke = await sql`select 1 from fin_dossier where dossier_id = ${dossierId}`.execute(
    trx,
  );
  if (dejaBooke.rows.length === 0 && !(await grandLivreOpere(trx, e.opco, e.section, e.origine))) {
    const motif = `aucune dotation de l'OPCO ${e.opco} en ${e.section}/${e.origine} : grand livre non tenu, engagement non réservé`;
    await noterHorsLivre(trx, e, contexte.evenement, motif, auteur);
    return { statut: 'hors_livre', dossierId, version: e.versionDossier, motif };
  }
  return reserverEngagementSelonDroit(trx, droit, e, auteur);
}

// ─── CFA invoices and certificates ──────────────────────────────────────────────────────────

export interface ResultatFacture {
  factureId: number;
  statut: 'acceptee' | 'partielle' | 'refusee';
  montantApparieCentimes: number;
  lignes: ResultatLigne[];
}

/**
 * Receives a CFA invoice: matches each line to an instalment (locked), refuses duplicates (same
 * CFA reference), other OPCOs' dossiers, amounts above what is due, a balance after its deadline;
 * moves matched amounts from `engage` to `a_payer`. Refused invoices are kept, with their reasons.
 */
export async function recevoirFacture(
  db: Kysely<Database>,
  f: FactureRecue,
  canal: 'api' | 'csv' | 'web' | 'cli',
  auteur: Auteur = auteurSysteme,
): Promise<ResultatFacture> {
  try {
    return await db.transaction().execute((trx) => recevoirDans(trx, f, canal, auteur, false));
  } catch (err) {
    // Two copies received at once: the unique index refused the second one; record it as a duplicate.
    if (String((err as { code?: string }).code) === '23505')
      return db.transaction().execute((trx) => recevoirDans(trx, f, canal, auteur, true));
    throw err;
  }
}

async function recevoirDans(
  trx: Transaction<Database>,
  f: FactureRecue,
  canal: string,
  auteur: Auteur,
  forcerDoublon: boolean,
): Promise<ResultatFacture> {
  const ids = [...new Set(f.lignes.map((l) => l.dossierId))].sort();
  const echeances: (EcheanceAFacturer & {
    section: SectionFinancement;
    origine: OrigineFonds;
    idcc: string | null;
    exigeCertificat: boolean;
    certificat: boolean;
  })[] = [];
  if (ids.length > 0) {
    const { rows } = await sql<{
      dossier_id: string;
      opco: string;
      siret: string;
      numero: number;
      nature: EcheanceAFacturer['nature'];
      montant: number | string;
      facture: number | string;
      statut: EcheanceAFacturer['statut'];
      date_limite_solde: string | null;
      section: SectionFinancement;
      origine: OrigineFonds;
      idcc: string | null;
      exige_certificat: boolean;
      certificat_recu_le: string | null;
    }>`select e.dossier_id, d.opco, d.siret, e.numero, e.nature, e.montant, e.facture, e.statut,
          d.date_limite_solde, d.section, d.origine, d.idcc, e.exige_certificat, d.certificat_recu_le
        from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
       where e.dossier_id in (${sql.join(ids)})
       order by e.dossier_id, e.numero for update of e`.execute(trx);
    for (const r of rows)
      echeances.push({
        dossierId: r.dossier_id,
        opco: r.opco,
        siret: r.siret,
        numero: r.numero,
        nature: r.nature,
        montantCentimes: Number(r.montant),
        factureCentimes: Number(r.facture),
        statut: r.statut,
        dateLimiteSolde: r.date_limite_solde,
        section: r.section,
        origine: r.origine,
        idcc: r.idcc,
        exigeCertificat: r.exige_certificat,
        certificat: r.certificat_recu_le !== null,
      });
  }
  const doublon =
    forcerDoublon ||
    (
      await sql`select 1 from fin_facture where siret_cfa = ${f.siretCfa} and reference_cfa = ${f.referenceCfa}
      and statut <> 'refusee'`.execute(trx)
    ).rows.length > 0;
  const lignes = apparierFacture(f, echeances, doublon);
  const appariees = lignes.filter((l): l is Extract<ResultatLigne, { apparie: true }> => l.apparie);
  const statut =
    appariees.length === 0
      ? 'refusee'
      : appariees.length === lignes.length
        ? 'acceptee'
        : 'partielle';
  const montant = f.lignes.reduce((s, l) => s + l.montantCentimes, 0);
  const { rows } = await sql<{ id: number | string }>`
    insert into fin_facture (opco, siret_cfa, reference_cfa, date_facture, montant, statut, lignes, canal)
    values (${f.opco}, ${f.siretCfa}, ${f.referenceCfa}, ${f.dateFacture}, ${montant}, ${statut},
      ${JSON.stringify(lignes)}, ${canal}) returning id`.execute(trx);
  const factureId = Number(rows[0]?.id);
  // One entry per (section, origin): engage → a_payer per beneficiary and branch.
  const groupes = new Map<string, { e: (typeof echeances)[number]; montant: number }[]>();
  for (const l of appariees) {
    const e = echeances.find((x) => x.dossierId === l.dossierId && x.numero === l.numeroEcheance);
    if (!e) continue;
    const g = `${e.section}|${e.origine}`;
    groupes.set(g, [...(groupes.get(g) ?? []), { e, montant: l.montantCentimes }]);
    const payable = !e.exigeCertificat || e.certificat;
    await sql`update fin_echeance set facture = ${l.montantCentimes}, facture_ligne = ${`${factureId}#${l.rang}`},
        statut = ${payable ? 'a_payer' : 'facturee'}
      where dossier_id = ${e.dossierId} and numero = ${e.numero}`.execute(trx);
  }
  for (const items of groupes.values()) {
    const premier = items[0]?.e;
    if (!premier) continue;
    const lignesE: LigneEcriture[] = [];
    const comptes: CleCompte[] = [];
    for (const { e, montant: m } of items) {
      const engage = cle(e.opco, e.section, e.origine, e.idcc, 'engage', e.siret);
      const aPayer = cle(e.opco, e.section, e.origine, e.idcc, 'a_payer', e.siret);
      comptes.push(engage, aPayer);
      lignesE.push({ compte: codeCompte(aPayer), sens: 'D', montantCentimes: m });
      lignesE.push({ compte: codeCompte(engage), sens: 'C', montantCentimes: m });
    }
    await posterEcriture(
      trx,
      {
        opco: premier.opco,
        section: premier.section,
        origine: premier.origine,
        dateComptable: f.dateFacture,
        libelle: `Facture ${f.referenceCfa} du CFA ${f.siretCfa}`,
        cause: { type: 'facture', reference: String(factureId) },
        contrepasse: null,
        lignes: lignesE,
      },
      comptes,
    );
  }
  await auditer(trx, auteur, 'finances.facture', `facture:${factureId}`, {
    siretCfa: f.siretCfa,
    referenceCfa: f.referenceCfa,
    statut,
    montantCentimes: montant,
  });
  return {
    factureId,
    statut,
    montantApparieCentimes: appariees.reduce((s, l) => s + l.montantCentimes, 0),
    lignes,
  };
}

/** The completion certificate of a dossier: the invoiced balance becomes payable. */
export async function enregistrerCertificat(
  db: Kysely<Database>,
  dossierId: string,
  date: string,
  auteur: Auteur = auteurSysteme,
): Promise<{ trouve: boolean; devenuesPayables: number }> {
  return db.transaction().execute((trx) => certificatDans(trx, dossierId, date, auteur));
}

async function certificatDans(
  trx: Transaction<Database>,
  dossierId: string,
  date: string,
  auteur: Auteur,
): Promise<{ trouve: boolean; devenuesPayables: number }> {
  const r =
    await sql`update fin_dossier set certificat_recu_le = ${date} where dossier_id = ${dossierId}`.execute(
      trx,
    );
  if (Number(r.numAffectedRows ?? 0) === 0) return { trouve: false, devenuesPayables: 0 };
  const u = await sql`update fin_echeance set statut = 'a_payer'
    where dossier_id = ${dossierId} and statut = 'facturee' and exige_certificat`.execute(trx);
  await auditer(trx, auteur, 'finances.certificat', `dossier:${dossierId}`, { date });
  return { trouve: true, devenuesPayables: Number(u.numAffectedRows ?? 0) };
}

export type ResultatCertificats =
  | {
      enregistre: true;
      certificats: { ligne: number; dossierId: string; date: string; devenuesPayables: number }[];
    }
  | { enregistre: false; erreurs: { ligne: number; probleme: string }[] };

/**
 * Completion certificates of a file, all or nothing, in ONE transaction: every dossier must be
 * engaged and financed at this CFA (`siret`), read under row lock; when any line is wrong nothing
 * is recorded and every bad line is named. Each certificate is on the audit trail.
 */
export async function enregistrerCertificats(
  db: Kysely<Database>,
  siret: string,
  certificats: readonly { ligne: number; dossierId: string; date: string }[],
  auteur: Auteur = auteurSysteme,
): Promise<ResultatCertificats> {
  return db.transaction().execute(async (trx): Promise<ResultatCertificats> => {
    // Locked by slices (a PostgreSQL statement takes at most 65 535 parameters), in id order.
    const ids = [...new Set(certificats.map((c) => c.dossierId))].sort();
    const rows: { dossier_id: string; siret: string }[] = [];
    for (let k = 0; k < ids.length; k += 10_000) {
      const r = await sql<{ dossier_id: string; siret: string }>`
        select dossier_id, siret from fin_dossier
         where dossier_id in (${sql.join(ids.slice(k, k + 10_000))})
         order by dossier_id for update`.execute(trx);
      rows.push(...r.rows);
    }
    const siretDe = new Map(rows.map((r) => [r.dossier_id, r.siret]));
    const erreurs = certificats.flatMap((c) => {
      const s = siretDe.get(c.dossierId);
      if (s === undefined)
        return [{ ligne: c.ligne, probleme: `dossier ${c.dossierId} inconnu ou sans engagement` }];
      if (s !== siret)
        return [
          { ligne: c.ligne, probleme: `le dossier ${c.dossierId} n'est pas financé à ce CFA` },
        ];
      return [];
    });
    if (erreurs.length > 0) return { enregistre: false, erreurs };
    const faits = [];
    for (const c of certificats) {
      const r = await certificatDans(trx, c.dossierId, c.date, auteur);
      faits.push({ ...c, devenuesPayables: r.devenuesPayables });
    }
    return { enregistre: true, certificats: faits };
  });
}

export async function enregistrerCoordonnees(
  db: Kysely<Database>,
  titulaire: string,
  c: CoordonneesBancaires,
  auteur: Auteur = auteurSysteme,
): Promise<{ enregistre: boolean; motifs: string[] }> {
  const motifs = anomaliesCoordonnees(c);
  if (motifs.length > 0) return { enregistre: false, motifs };
  const n = normaliserCoordonnees(c);
  await db.transaction().execute(async (trx) => {
    await sql`insert into fin_coordonnees (titulaire, nom, iban, bic) values (${titulaire}, ${n.nom}, ${n.iban}, ${n.bic})
      on conflict (titulaire) do update set nom = excluded.nom, iban = excluded.iban, bic = excluded.bic, maj_le = now()`.execute(
      trx,
    );
    await auditer(trx, auteur, 'finances.coordonnees', `coordonnees:${titulaire}`, {
      iban: `${n.iban.slice(0, 4)}…${n.iban.slice(-4)}`,
      bic: n.bic,
    });
  });
  return { enregistre: true, motifs: [] };
}

// ─── Payment runs ───────────────────────────────────────────────────────────────────────────

export interface OptionsLot {
  opco: string;
  dateExecution: string;
  /** Idempotency key of the run; by default one run per OPCO and date. */
  lotId?: string;
  taillePaquet?: number;
  auteur?: Auteur;
  /** Called after each committed batch (progress; the crash test kills the process there). */
  apresPaquet?: (paiements: number) => void;
}

export interface ResultatLot {
  lotId: string;
  statut: 'termine' | 'sans_coordonnees_debiteur';
  nombrePaiements: number;
  montantCentimes: number;
  virements: number;
  sansCoordonnees: number;
  dejaTermine: boolean;
}

/**
 * A payment run. (1) The run row is created once (its id is the idempotency key). (2) Batches:
 * each transaction takes the run row FOR SHARE (the run is still open), picks payable instalments
 * FOR UPDATE SKIP LOCKED, records one payment each (a unique index allows one live payment per
 * instalment), marks them paid and posts `a_payer → paye`; then commits. (3) Closing takes the
 * run row FOR UPDATE (waits for batches in flight), builds the SEPA file from the payments
 * recorded and closes the run. A crash anywhere loses at most the batch in flight, rolled back
 * by PostgreSQL; rerunning resumes. Two processes on the same run share the batches.
 */
export async function executerLot(db: Kysely<Database>, o: OptionsLot): Promise<ResultatLot> {
  const lotId = o.lotId ?? `${o.opco}-${o.dateExecution}`;
  const taille = o.taillePaquet ?? 500;
  const auteur = o.auteur ?? auteurSysteme;
  const debiteur = (
    await sql<CoordonneesBancaires>`select nom, iban, bic from fin_coordonnees where titulaire = ${o.opco}`.execute(
      db,
    )
  ).rows[0];
  const vide = {
    lotId,
    nombrePaiements: 0,
    montantCentimes: 0,
    virements: 0,
    sansCoordonnees: 0,
    dejaTermine: false,
  };
  if (!debiteur) return { ...vide, statut: 'sans_coordonnees_debiteur' };
  await sql`insert into fin_lot (id, opco, date_execution, statut) values (${lotId}, ${o.opco}, ${o.dateExecution}, 'en_cours')
    on conflict (id) do nothing`.execute(db);
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const lot = await sql<{
        statut: string;
      }>`select statut from fin_lot where id = ${lotId} for share`.execute(trx);
      if (lot.rows[0]?.statut !== 'en_cours') return 0;
      const { rows } = await sql<{
        dossier_id: string;
        numero: number;
        facture: number | string;
        siret: string;
        section: SectionFinancement;
        origine: OrigineFonds;
        idcc: string | null;
      }>`select e.dossier_id, e.numero, e.facture, d.siret, d.section, d.origine, d.idcc
           from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
          where e.statut = 'a_payer' and e.date_exigibilite <= ${o.dateExecution} and d.opco = ${o.opco}
            and exists (select 1 from fin_coordonnees c where c.titulaire = d.siret)
          limit ${taille}
          for update of e skip locked`.execute(trx);
      if (rows.length === 0) return 0;
      const groupes = new Map<string, typeof rows>();
      for (const r of rows) {
        const g = `${r.section}|${r.origine}`;
        const l = groupes.get(g);
        if (l) l.push(r);
        else groupes.set(g, [r]);
      }
      const payes: {
        id: number;
        dossier: string;
        numero: number;
        siret: string;
        montant: number;
        ecriture: number;
      }[] = [];
      for (const items of groupes.values()) {
        const p = items[0];
        if (!p) continue;
        const parCompte = new Map<
          string,
          { aPayer: CleCompte; paye: CleCompte; montant: number }
        >();
        for (const r of items) {
          const k = `${r.idcc ?? '-'}|${r.siret}`;
          const x = parCompte.get(k);
          if (x) x.montant += Number(r.facture);
          else
            parCompte.set(k, {
              aPayer: cle(o.opco, r.section, r.origine, r.idcc, 'a_payer', r.siret),
              paye: cle(o.opco, r.section, r.origine, r.idcc, 'paye', r.siret),
              montant: Number(r.facture),
            });
        }
        const lignes: LigneEcriture[] = [];
        for (const x of parCompte.values()) {
          lignes.push({ compte: codeCompte(x.paye), sens: 'D', montantCentimes: x.montant });
          lignes.push({ compte: codeCompte(x.aPayer), sens: 'C', montantCentimes: x.montant });
        }
        const id = await posterEcriture(
          trx,
          {
            opco: o.opco,
            section: p.section,
            origine: p.origine,
            dateComptable: o.dateExecution,
            libelle: `Lot de paiement ${lotId}`,
            cause: { type: 'paiement', reference: lotId },
            contrepasse: null,
            lignes,
          },
          [...parCompte.values()].flatMap((x) => [x.aPayer, x.paye]),
        );
        const inseres = await sql<{
          id: number | string;
          dossier_id: string;
          numero: number;
          siret: string;
          montant: number | string;
        }>`insert into fin_paiement (lot_id, dossier_id, numero, siret, montant, ecriture_id, statut)
          values ${sql.join(items.map((r) => sql`(${lotId}, ${r.dossier_id}, ${r.numero}, ${r.siret}, ${Number(r.facture)}, ${id}, 'emis')`))}
          returning id, dossier_id, numero, siret, montant`.execute(trx);
        for (const x of inseres.rows)
          payes.push({
            id: Number(x.id),
            dossier: x.dossier_id,
            numero: x.numero,
            siret: x.siret,
            montant: Number(x.montant),
            ecriture: Number(id),
          });
      }
      // The batch on the hash-chained audit trail, in its own transaction: which payments, how
      // much, which entries, and a SHA-256 over the payment rows (re-computable from fin_paiement).
      await auditer(trx, auteur, 'finances.paiements', `lot:${lotId}`, resumePaquet(payes));
      await sql`update fin_echeance e set statut = 'payee'
        from (values ${sql.join(rows.map((r) => sql`(${r.dossier_id}, ${r.numero}::integer)`))}) v(dossier_id, numero)
        where e.dossier_id = v.dossier_id and e.numero = v.numero`.execute(trx);
      return rows.length;
    });
    if (n === 0) break;
    o.apresPaquet?.(n);
  }
  return cloturerLot(db, lotId, o.dateExecution, debiteur, auteur);
}

/**
 * What the audit trail keeps of one batch: counts, amount, the entries posted, the range of
 * payment ids and a SHA-256 over the canonical payment lines (`id|dossier|numero|siret|montant`,
 * sorted by id, joined by newlines) — `empreintePaquet` recomputes it from `fin_paiement`.
 */
export function resumePaquet(
  payes: readonly {
    id: number;
    dossier: string;
    numero: number;
    siret: string;
    montant: number;
    ecriture: number;
  }[],
) {
  const tries = [...payes].sort((a, b) => a.id - b.id);
  return {
    paiements: tries.length,
    montantCentimes: tries.reduce((n, p) => n + p.montant, 0),
    ecritures: [...new Set(tries.map((p) => p.ecriture))].sort((a, b) => a - b),
    premierPaiement: tries[0]?.id ?? null,
    dernierPaiement: tries.at(-1)?.id ?? null,
    empreintePaiements: empreintePaquet(tries),
  };
}

export function empreintePaquet(
  payes: readonly { id: number; dossier: string; numero: number; siret: string; montant: number }[],
): string {
  return createHash('sha256')
    .update(
      [...payes]
        .sort((a, b) => a.id - b.id)
        .map((p) => `${p.id}|${p.dossier}|${p.numero}|${p.siret}|${p.montant}`)
        .join('\n'),
    )
    .digest('hex');
}

async function cloturerLot(
  db: Kysely<Database>,
  lotId: string,
  dateExecution: string,
  debiteur: CoordonneesBancaires,
  auteur: Auteur,
): Promise<ResultatLot> {
  return db.transaction().execute(async (trx) => {
    const lot = (
      await sql<{
        statut: string;
        opco: string;
        cree_le: Date | string;
        nombre_paiements: number;
        montant: number | string;
      }>`
        select statut, opco, cree_le, nombre_paiements, montant from fin_lot where id = ${lotId} for update`.execute(
        trx,
      )
    ).rows[0];
    if (!lot) throw new Error(`lot ${lotId} introuvable`);
    const sansCoordonnees = Number(
      (
        await sql<{
          n: number | string;
        }>`select count(*) as n from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
          where e.statut = 'a_payer' and e.date_exigibilite <= ${dateExecution} and d.opco = ${lot.opco}
            and not exists (select 1 from fin_coordonnees c where c.titulaire = d.siret)`.execute(
          trx,
        )
      ).rows[0]?.n ?? 0,
    );
    if (lot.statut === 'termine') {
      const v = await sql<{
        n: number | string;
      }>`select count(distinct siret) as n from fin_paiement where lot_id = ${lotId}`.execute(trx);
      return {
        lotId,
        statut: 'termine',
        nombrePaiements: lot.nombre_paiements,
        montantCentimes: Number(lot.montant),
        virements: Number(v.rows[0]?.n ?? 0),
        sansCoordonnees,
        dejaTermine: true,
      };
    }
    const { rows } = await sql<{
      id: number | string;
      dossier_id: string;
      numero: number;
      siret: string;
      montant: number | string;
      nom: string;
      iban: string;
      bic: string;
    }>`
      select p.id, p.dossier_id, p.numero, p.siret, p.montant, c.nom, c.iban, c.bic
        from fin_paiement p join fin_coordonnees c on c.titulaire = p.siret
       where p.lot_id = ${lotId} order by p.siret, p.id`.execute(trx);
    const parCfa = new Map<
      string,
      VirementCfa & {
        paiements: {
          id: number;
          dossierId: string;
          numeroEcheance: number;
          montantCentimes: number;
        }[];
      }
    >();
    let total = 0;
    for (const r of rows) {
      total += Number(r.montant);
      let v = parCfa.get(r.siret);
      if (!v) {
        v = {
          siret: r.siret,
          beneficiaire: { nom: r.nom, iban: r.iban, bic: r.bic },
          paiements: [],
        };
        parCfa.set(r.siret, v);
      }
      v.paiements.push({
        id: Number(r.id),
        dossierId: r.dossier_id,
        numeroEcheance: r.numero,
        montantCentimes: Number(r.montant),
      });
    }
    const creeLe =
      lot.cree_le instanceof Date ? lot.cree_le.toISOString() : new Date(lot.cree_le).toISOString();
    const fichier =
      rows.length > 0
        ? fichierSepa(lotId, creeLe, dateExecution, debiteur, [...parCfa.values()])
        : null;
    const empreinte = fichier ? createHash('sha256').update(fichier).digest('hex') : null;
    await sql`update fin_lot set statut = 'termine', nombre_paiements = ${rows.length}, montant = ${total},
        fichier = ${fichier}, empreinte_fichier = ${empreinte}, termine_le = now() where id = ${lotId}`.execute(
      trx,
    );
    await auditer(trx, auteur, 'finances.lot', `lot:${lotId}`, {
      nombrePaiements: rows.length,
      montantCentimes: total,
      virements: parCfa.size,
      empreinteFichier: empreinte,
    });
    return {
      lotId,
      statut: 'termine',
      nombrePaiements: rows.length,
      montantCentimes: total,
      virements: parCfa.size,
      sansCoordonnees,
      dejaTermine: false,
    };
  });
}

/**
 * A transfer rejected by the bank: the payment is marked rejected, its ledger effect reversed
 * (`paye → a_payer`, an entry reversing the run's entry) and the instalment payable again.
 */
export async function retourBancaire(
  db: Kysely<Database>,
  paiementId: number,
  motif: string,
  date: string,
  auteur: Auteur = auteurSysteme,
): Promise<{ fait: boolean; motif: string }> {
  return db.transaction().execute(async (trx) => {
    const p = (
      await sql<{
        dossier_id: string;
        numero: number;
        siret: string;
        montant: number | string;
        ecriture_id: number | string;
        statut: string;
        lot_id: string;
      }>`
        select dossier_id, numero, siret, montant, ecriture_id, statut, lot_id from fin_paiement where id = ${paiementId} for update`.execute(
        trx,
      )
    ).rows[0];
    if (!p) return { fait: false, motif: `paiement ${paiementId} inconnu` };
    if (p.statut !== 'emis') return { fait: false, motif: `paiement ${paiementId} déjà rejeté` };
    const d = (
      await sql<{
        opco: string;
        section: SectionFinancement;
        origine: OrigineFonds;
        idcc: string | null;
      }>`
        select opco, section, origine, idcc from fin_dossier where dossier_id = ${p.dossier_id}`.execute(
        trx,
      )
    ).rows[0];
    if (!d) return { fait: false, motif: `dossier ${p.dossier_id} inconnu` };
    const aPayer = cle(d.opco, d.section, d.origine, d.idcc, 'a_payer', p.siret);
    const paye = cle(d.opco, d.section, d.origine, d.idcc, 'paye', p.siret);
    const montant = Number(p.montant);
    await sql`update fin_paiement set statut = 'rejete', motif_rejet = ${motif} where id = ${paiementId}`.execute(
      trx,
    );
    const id = await posterEcriture(
      trx,
      {
        opco: d.opco,
        section: d.section,
        origine: d.origine,
        dateComptable: date,
        libelle: `Retour bancaire du paiement ${paiementId} (${motif})`,
        cause: { type: 'retour_bancaire', reference: String(paiementId) },
        contrepasse: Number(p.ecriture_id),
        lignes: [
          { compte: codeCompte(aPayer), sens: 'D', montantCentimes: montant },
          { compte: codeCompte(paye), sens: 'C', montantCentimes: montant },
        ],
      },
      [aPayer, paye],
    );
    await sql`update fin_echeance set statut = 'a_payer' where dossier_id = ${p.dossier_id} and numero = ${p.numero}`.execute(
      trx,
    );
    await auditer(trx, auteur, 'finances.retour_bancaire', `paiement:${paiementId}`, {
      motif,
      ecriture: id,
      lot: p.lot_id,
    });
    return { fait: true, motif };
  });
}

// ─── Verification ───────────────────────────────────────────────────────────────────────────

export interface VerificationLivre {
  valide: boolean;
  ecritures: number;
  lignes: number;
  comptes: number;
  anomalies: string[];
}

/** Every entry balances, balances = sum of entries, funds never mixed, nothing paid twice. */
const paquetAudite = z.object({
  paiements: z.number().int(),
  ecritures: z.array(z.number().int()),
  empreintePaiements: z.string(),
});

/**
 * Every payment batch is on the hash-chained audit trail: each `finances.paiements` row's SHA-256
 * is recomputed from the payments of its entries, and no payment may lie outside such a row.
 */
async function verifierPaquetsAudites(db: Db): Promise<string[]> {
  const anomalies: string[] = [];
  const { rows: paiements } = await sql<{
    id: number | string;
    dossier_id: string;
    numero: number;
    siret: string;
    montant: number | string;
    ecriture_id: number | string;
  }>`select id, dossier_id, numero, siret, montant, ecriture_id from fin_paiement order by id`.execute(
    db,
  );
  const parEcriture = new Map<number, (typeof paiements)[number][]>();
  for (const p of paiements) {
    const k = Number(p.ecriture_id);
    const l = parEcriture.get(k);
    if (l) l.push(p);
    else parEcriture.set(k, [p]);
  }
  const { rows: audits } = await sql<{ rang: number | string; apres: string | null }>`
    select rang, apres from audit where action = 'finances.paiements' order by rang`.execute(db);
  const couvertes = new Set<number>();
  for (const a of audits) {
    const lu = paquetAudite.safeParse(JSON.parse(a.apres ?? 'null'));
    if (!lu.success) {
      anomalies.push(`journal d'audit, rang ${a.rang} : paquet de paiements illisible`);
      continue;
    }
    const lignes = lu.data.ecritures.flatMap((e) => {
      couvertes.add(e);
      return parEcriture.get(e) ?? [];
    });
    const calcule = empreintePaquet(
      lignes.map((p) => ({
        id: Number(p.id),
        dossier: p.dossier_id,
        numero: p.numero,
        siret: p.siret,
        montant: Number(p.montant),
      })),
    );
    if (calcule !== lu.data.empreintePaiements || lignes.length !== lu.data.paiements)
      anomalies.push(
        `journal d'audit, rang ${a.rang} : les paiements du paquet ne correspondent plus à leur empreinte`,
      );
  }
  const horsJournal = paiements.filter((p) => !couvertes.has(Number(p.ecriture_id))).length;
  if (horsJournal > 0)
    anomalies.push(`${horsJournal} paiement(s) absent(s) du journal d'audit chaîné`);
  return anomalies;
}

export async function verifierGrandLivre(db: Db): Promise<VerificationLivre> {
  const anomalies: string[] = [];
  const compte = async (q: string) =>
    Number((await sql<{ n: number | string }>`${sql.raw(q)}`.execute(db)).rows[0]?.n ?? 0);
  const ecritures = await compte('select count(*) as n from fin_ecriture');
  const lignes = await compte('select count(*) as n from fin_ligne');
  const comptes = await compte('select count(*) as n from fin_compte');
  const deseq = await sql<{
    id: number | string;
    d: number | string;
    c: number | string;
    n: number | string;
  }>`
    select e.id, coalesce(sum(case when l.sens = 'D' then l.montant end), 0) as d,
           coalesce(sum(case when l.sens = 'C' then l.montant end), 0) as c, count(l.rang) as n
      from fin_ecriture e left join fin_ligne l on l.ecriture_id = e.id
     group by e.id
    having coalesce(sum(case when l.sens = 'D' then l.montant end), 0)
        <> coalesce(sum(case when l.sens = 'C' then l.montant end), 0) or count(l.rang) < 2
     limit 20`.execute(db);
  for (const r of deseq.rows)
    anomalies.push(`écriture ${r.id} déséquilibrée : débit ${r.d}, crédit ${r.c}, ${r.n} ligne(s)`);
  const soldes = await sql<{ id: string; solde: number | string; somme: number | string }>`
    select k.id, k.solde, coalesce(s.somme, 0) as somme from fin_compte k
      left join (select compte_id, sum(case when sens = 'D' then montant else -montant end) as somme
                   from fin_ligne group by compte_id) s on s.compte_id = k.id
     where k.solde <> coalesce(s.somme, 0) limit 20`.execute(db);
  for (const r of soldes.rows)
    anomalies.push(`compte ${r.id} : solde ${r.solde} ≠ somme des écritures ${r.somme}`);
  const meles =
    await compte(`select count(*) as n from fin_ligne l join fin_ecriture e on e.id = l.ecriture_id
    join fin_compte k on k.id = l.compte_id
    where k.opco <> e.opco or k.section <> e.section or k.origine <> e.origine`);
  if (meles > 0)
    anomalies.push(`${meles} ligne(s) mêlent des fonds d'un autre OPCO, section ou origine`);
  const total = await compte('select coalesce(sum(solde), 0) as n from fin_compte');
  if (total !== 0) anomalies.push(`la somme des soldes vaut ${total} au lieu de 0`);
  const negatifs = await sql<{ id: string; solde: number | string }>`
    select id, solde from fin_compte where nature in ('disponible', 'enveloppe', 'engage', 'a_payer') and solde < 0 limit 20`.execute(
    db,
  );
  for (const r of negatifs.rows) anomalies.push(`compte ${r.id} à découvert : ${r.solde}`);
  const doubles =
    await compte(`select count(*) as n from (select dossier_id, numero from fin_paiement
    where statut = 'emis' group by dossier_id, numero having count(*) > 1) x`);
  if (doubles > 0) anomalies.push(`${doubles} échéance(s) payée(s) plus d'une fois`);
  const incoherents =
    await compte(`select count(*) as n from fin_echeance e where (e.statut = 'payee') <>
    exists (select 1 from fin_paiement p where p.dossier_id = e.dossier_id and p.numero = e.numero and p.statut = 'emis')`);
  if (incoherents > 0)
    anomalies.push(`${incoherents} échéance(s) dont l'état payé ne correspond pas aux paiements`);
  anomalies.push(...(await verifierPaquetsAudites(db)));
  return { valide: anomalies.length === 0, ecritures, lignes, comptes, anomalies };
}

// ─── Views ──────────────────────────────────────────────────────────────────────────────────

export interface LigneBudget {
  section: string;
  origine: string;
  branche: string | null;
  nature: string;
  reference: string | null;
  soldeCentimes: number;
}

/** Every account of an OPCO with its balance (budgets per section, origin, branch, state). */
export async function comptesOpco(db: Db, opco: string): Promise<LigneBudget[]> {
  const { rows } = await sql<{
    section: string;
    origine: string;
    branche: string | null;
    nature: string;
    reference: string | null;
    solde: number | string;
  }>`
    select section, origine, branche, nature, reference, solde from fin_compte where opco = ${opco}
    order by section, origine, branche nulls first, nature, reference`.execute(db);
  return rows.map((r) => ({
    section: r.section,
    origine: r.origine,
    branche: r.branche,
    nature: r.nature,
    reference: r.reference,
    soldeCentimes: Number(r.solde),
  }));
}

export interface SyntheseBudget {
  section: string;
  origine: string;
  branche: string | null;
  /** Allocations received (France compétences, branch, voluntary). */
  dotationCentimes: number;
  /** Not committed: available in the section plus envelopes. */
  disponibleCentimes: number;
  engageCentimes: number;
  aPayerCentimes: number;
  payeCentimes: number;
}

/**
 * Budget consumption per section, origin and branch: `dotation` is minus the source account's
 * balance; the rest are the balances of each state. Branch rows come from the branch envelopes
 * and the branch-tagged engagement accounts.
 */
export async function syntheseBudgets(db: Db, opco: string): Promise<SyntheseBudget[]> {
  const comptes = await comptesOpco(db, opco);
  const m = new Map<string, SyntheseBudget>();
  for (const c of comptes) {
    const k = `${c.section}|${c.origine}|${c.branche ?? ''}`;
    let s = m.get(k);
    if (!s) {
      s = {
        section: c.section,
        origine: c.origine,
        branche: c.branche,
        dotationCentimes: 0,
        disponibleCentimes: 0,
        engageCentimes: 0,
        aPayerCentimes: 0,
        payeCentimes: 0,
      };
      m.set(k, s);
    }
    if (c.nature === 'dotation') s.dotationCentimes -= c.soldeCentimes;
    else if (c.nature === 'disponible' || c.nature === 'enveloppe')
      s.disponibleCentimes += c.soldeCentimes;
    else if (c.nature === 'engage') s.engageCentimes += c.soldeCentimes;
    else if (c.nature === 'a_payer') s.aPayerCentimes += c.soldeCentimes;
    else if (c.nature === 'paye') s.payeCentimes += c.soldeCentimes;
  }
  return [...m.values()];
}

export interface SyntheseCfa {
  opco: string;
  engageCentimes: number;
  factureCentimes: number;
  payeCentimes: number;
  /** Not yet paid instalments by month of their due date (YYYY-MM), for the cash projection. */
  attendu: { mois: string; montantCentimes: number }[];
}

/** What a CFA sees per OPCO: engaged, invoiced, paid, and expected month by month. */
export async function syntheseCfa(db: Db, siret: string): Promise<SyntheseCfa[]> {
  const { rows } = await sql<{
    opco: string;
    engage: number | string;
    facture: number | string;
    paye: number | string;
  }>`
    select d.opco,
           sum(e.montant) filter (where e.statut <> 'annulee') as engage,
           sum(e.facture) as facture,
           sum(e.facture) filter (where e.statut = 'payee') as paye
      from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
     where d.siret = ${siret} group by d.opco order by d.opco`.execute(db);
  const { rows: mois } = await sql<{ opco: string; mois: string; montant: number | string }>`
    select d.opco, substr(e.date_exigibilite, 1, 7) as mois, sum(e.montant - case when e.statut = 'payee' then e.facture else 0 end) as montant
      from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
     where d.siret = ${siret} and e.statut in ('prevue', 'facturee', 'a_payer')
     group by d.opco, substr(e.date_exigibilite, 1, 7) order by 1, 2`.execute(db);
  return rows.map((r) => ({
    opco: r.opco,
    engageCentimes: Number(r.engage ?? 0),
    factureCentimes: Number(r.facture ?? 0),
    payeCentimes: Number(r.paye ?? 0),
    attendu: mois
      .filter((x) => x.opco === r.opco)
      .map((x) => ({ mois: x.mois, montantCentimes: Number(x.montant) })),
  }));
}

export interface EcheanceCfa {
  opco: string;
  dossierId: string;
  numero: number;
  nature: string;
  dateExigibilite: string;
  statut: string;
  engageCentimes: number;
  factureCentimes: number;
  payeCentimes: number;
  /** Not yet paid (the same reading as `attendu` of `syntheseCfa`). */
  attenduCentimes: number;
  certificatRecuLe: string | null;
}

/**
 * A CFA's instalments, for its exports: ONLY the dossiers financed at `siret` (the route reads
 * the SIRET from the CFA organisation the caller belongs to, never from the request).
 */
export async function echeancesCfa(db: Db, siret: string): Promise<EcheanceCfa[]> {
  const { rows } = await sql<{
    opco: string;
    dossier_id: string;
    numero: number;
    nature: string;
    date_exigibilite: string;
    statut: string;
    montant: number | string;
    facture: number | string;
    certificat_recu_le: string | null;
  }>`
    select d.opco, e.dossier_id, e.numero, e.nature, e.date_exigibilite, e.statut, e.montant,
           e.facture, d.certificat_recu_le
      from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
     where d.siret = ${siret}
     order by d.opco, e.dossier_id, e.numero`.execute(db);
  return rows.map((r) => {
    const montant = Number(r.montant);
    const facture = Number(r.facture);
    return {
      opco: r.opco,
      dossierId: r.dossier_id,
      numero: r.numero,
      nature: r.nature,
      dateExigibilite: r.date_exigibilite,
      statut: r.statut,
      engageCentimes: r.statut === 'annulee' ? 0 : montant,
      factureCentimes: facture,
      payeCentimes: r.statut === 'payee' ? facture : 0,
      attenduCentimes: ['prevue', 'facturee', 'a_payer'].includes(r.statut) ? montant : 0,
      certificatRecuLe: r.certificat_recu_le,
    };
  });
}

export interface LotResume {
  id: string;
  dateExecution: string;
  statut: string;
  nombrePaiements: number;
  montantCentimes: number;
  empreinteFichier: string | null;
}

export async function listerLots(db: Db, opco: string): Promise<LotResume[]> {
  const { rows } = await sql<{
    id: string;
    date_execution: string;
    statut: string;
    nombre_paiements: number;
    montant: number | string;
    empreinte_fichier: string | null;
  }>`
    select id, date_execution, statut, nombre_paiements, montant, empreinte_fichier from fin_lot
     where opco = ${opco} order by date_execution desc, id desc limit 500`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    dateExecution: r.date_execution,
    statut: r.statut,
    nombrePaiements: Number(r.nombre_paiements),
    montantCentimes: Number(r.montant),
    empreinteFichier: r.empreinte_fichier,
  }));
}

export async function fichierLot(db: Db, opco: string, id: string): Promise<string | null> {
  const { rows } = await sql<{
    fichier: string | null;
  }>`select fichier from fin_lot where id = ${id} and opco = ${opco}`.execute(db);
  return rows[0]?.fichier ?? null;
}

export interface PaiementResume {
  id: number;
  lotId: string;
  dossierId: string;
  numero: number;
  siret: string;
  montantCentimes: number;
  statut: string;
  motifRejet: string | null;
}

export async function paiementsLot(db: Db, opco: string, lotId: string): Promise<PaiementResume[]> {
  const { rows } = await sql<{
    id: number | string;
    lot_id: string;
    dossier_id: string;
    numero: number;
    siret: string;
    montant: number | string;
    statut: string;
    motif_rejet: string | null;
  }>`
    select p.id, p.lot_id, p.dossier_id, p.numero, p.siret, p.montant, p.statut, p.motif_rejet
      from fin_paiement p join fin_lot l on l.id = p.lot_id
     where p.lot_id = ${lotId} and l.opco = ${opco} order by p.siret, p.id limit 100000`.execute(
    db,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    lotId: r.lot_id,
    dossierId: r.dossier_id,
    numero: r.numero,
    siret: r.siret,
    montantCentimes: Number(r.montant),
    statut: r.statut,
    motifRejet: r.motif_rejet,
  }));
}

export interface FactureResume {
  id: number;
  opco: string;
  siretCfa: string;
  referenceCfa: string;
  dateFacture: string;
  montantCentimes: number;
  statut: string;
  canal: string;
  lignes: ResultatLigne[];
}

export async function listerFactures(
  db: Db,
  filtre: { opco?: string; siret?: string },
): Promise<FactureResume[]> {
  const { rows } = await sql<{
    id: number | string;
    opco: string;
    siret_cfa: string;
    reference_cfa: string;
    date_facture: string;
    montant: number | string;
    statut: string;
    canal: string;
    lignes: ResultatLigne[] | string;
  }>`
    select id, opco, siret_cfa, reference_cfa, date_facture, montant, statut, canal, lignes from fin_facture
     where (${filtre.opco ?? null}::text is null or opco = ${filtre.opco ?? null})
       and (${filtre.siret ?? null}::text is null or siret_cfa = ${filtre.siret ?? null})
     order by id desc limit 1000`.execute(db);
  return rows.map((r) => ({
    id: Number(r.id),
    opco: r.opco,
    siretCfa: r.siret_cfa,
    referenceCfa: r.reference_cfa,
    dateFacture: r.date_facture,
    montantCentimes: Number(r.montant),
    statut: r.statut,
    canal: r.canal,
    lignes: typeof r.lignes === 'string' ? (JSON.parse(r.lignes) as ResultatLigne[]) : r.lignes,
  }));
}

export interface UtilisationDotation {
  opco: string;
  section: string;
  annee: number;
  dotationCentimes: number;
  engageCentimes: number;
  payeCentimes: number;
}

/** France compétences' view: each OPCO's use of its allocations (mutualised funds). */
export async function utilisationDotations(db: Db): Promise<UtilisationDotation[]> {
  const { rows } = await sql<{
    opco: string;
    section: string;
    annee: number;
    dotation: number | string;
  }>`
    select opco, section, annee, sum(montant) as dotation from fin_dotation group by opco, section, annee order by 1, 2, 3`.execute(
    db,
  );
  const { rows: conso } = await sql<{
    opco: string;
    section: string;
    nature: string;
    s: number | string;
  }>`
    select opco, section, nature, sum(solde) as s from fin_compte where origine = 'mutualises'
     and nature in ('engage', 'a_payer', 'paye') group by opco, section, nature`.execute(db);
  return rows.map((r) => {
    const de = (n: string) =>
      Number(
        conso.find((c) => c.opco === r.opco && c.section === r.section && c.nature === n)?.s ?? 0,
      );
    return {
      opco: r.opco,
      section: r.section,
      annee: r.annee,
      dotationCentimes: Number(r.dotation),
      engageCentimes: de('engage') + de('a_payer') + de('paye'),
      payeCentimes: de('paye'),
    };
  });
}

export async function paiementOpco(db: Db, paiementId: number): Promise<string | null> {
  const { rows } = await sql<{
    opco: string;
  }>`select l.opco from fin_paiement p join fin_lot l on l.id = p.lot_id
    where p.id = ${paiementId}`.execute(db);
  return rows[0]?.opco ?? null;
}

export async function siretDossier(db: Db, dossierId: string): Promise<string | null> {
  const { rows } = await sql<{
    siret: string;
  }>`select siret from fin_dossier where dossier_id = ${dossierId}`.execute(db);
  return rows[0]?.siret ?? null;
}
