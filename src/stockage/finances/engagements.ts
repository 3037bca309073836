import { sql, type Kysely, type Transaction } from 'kysely';
import {
  anomaliesEngagement,
  ajouterMois,
  codeCompte,
  deciderReservation,
  delaiSoldeMois,
  type CleCompte,
  type EcritureProposee,
  type EngagementAReserver,
} from '../../domaine/finances/index.ts';
import type { Droit } from '../../moteur/index.ts';
import type { Database } from '../schema.ts';
import { ajusterEngagement } from './engagements-ajustement.ts';
import {
  Refus,
  auditerVersion,
  consignerEngagement,
  dateFinDe,
  libelleSource,
  refus,
  type DossierReserve,
  type OptionsReservation,
  type ResultatReservation,
} from './engagements-commun.ts';
import {
  type Auteur,
  type Db,
  assurerComptes,
  auteurSysteme,
  cle,
  soldeVerrouille,
  appliquerSoldes,
  insererEcriture,
} from './interne.ts';

/**
 * Engagements and schedules (points 2 and 3): booking here, avenants and ruptures by reversing
 * entries (`engagements-ajustement.ts`), annulation and the dossiers' port with the engagements
 * not booked (`engagements-dossiers.ts`, fin_engagement_hors_livre). Every name stays exported
 * from this module.
 */

export type { OptionsReservation, ResultatReservation } from './engagements-commun.ts';
export {
  annulerEngagement,
  engagementsHorsLivre,
  etatGrandLivreDossier,
  grandLivreOpere,
  noterHorsLivre,
  reserverPourDossier,
  type EngagementHorsLivre,
  type EtatGrandLivreDossier,
  type ResultatGrandLivreDossier,
} from './engagements-dossiers.ts';

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

async function reserverDans(
  trx: Transaction<Database>,
  e: EngagementAReserver,
  options: OptionsReservation,
  auteur: Auteur,
): Promise<ResultatReservation> {
  // Serialises the versions of one dossier (two nodes booking the same dossier).
  await sql`select pg_advisory_xact_lock(hashtext(${'fin_dossier:' + e.dossierId}))`.execute(trx);
  const deja = await sql`select 1 from fin_engagement where dossier_id = ${e.dossierId}
    and version = ${e.versionDossier}`.execute(trx);
  if (deja.rows.length > 0)
    return { statut: 'deja_reserve', dossierId: e.dossierId, version: e.versionDossier };
  const { rows: dossiers } =
    await sql<DossierReserve>`select version, opco, section, origine, idcc, siret, source_compte_id
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

  if (!ancien) {
    const ecritures: number[] = [];
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
    // The entry, its lines and the version record too: they do not touch any balance. Only
    // then is the source account's row locked, checked and debited, the audit row appended
    // and the transaction committed — the critical section on the contended row is the
    // check, one UPDATE of the balances and the audit row (a refusal rolls all back).
    const ecriture: EcritureProposee = {
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
    };
    if (e.montantTotalCentimes > 0) ecritures.push(await insererEcriture(trx, ecriture));
    await consignerEngagement(trx, e, ecritures);
    const disponible = (await soldeVerrouille(trx, codeCompte(source))) ?? 0;
    const d = deciderReservation(disponible, e.montantTotalCentimes, libelleSource(source));
    // Refused: the rows written above are rolled back with the transaction.
    if (!d.acceptee) throw new Refus(refus(e, [d.motif], d));
    if (e.montantTotalCentimes > 0)
      await appliquerSoldes(trx, ecriture.lignes, { comptesPrets: true });
    await auditerVersion(trx, auteur, e, ecritures, 'finances.engagement', {
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

  // Avenant / rupture: diff against what is booked (engagements-ajustement.ts).
  return ajusterEngagement(trx, e, ancien, { fin, limite, engage }, auteur);
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
