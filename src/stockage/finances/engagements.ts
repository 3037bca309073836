import { sql, type Kysely, type Transaction } from 'kysely';
import {
  anomaliesEngagement,
  ajouterMois,
  codeCompte,
  deciderReservation,
  delaiSoldeMois,
  diffEngagement,
  lireCodeCompte,
  type CleCompte,
  type DecisionReservation,
  type EcritureProposee,
  type EngagementAReserver,
  type OrigineFonds,
  type SectionFinancement,
} from '../../domaine/finances/index.ts';
import type { Droit } from '../../moteur/index.ts';
import type { Database } from '../schema.ts';
import {
  type Auteur,
  type Db,
  assurerComptes,
  auditer,
  auteurSysteme,
  cle,
  soldeVerrouille,
  appliquerSoldes,
  insererEcriture,
} from './interne.ts';
import { posterEcriture } from './grand-livre.ts';

/**
 * Engagements and schedules (points 2 and 3): booking, avenants and ruptures by reversing
 * entries, annulation, and the dossiers' port (engagements not booked: fin_engagement_hors_livre).
 */

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
  await consignerEngagement(trx, e, ecritures);
  await auditerVersion(trx, auteur, e, ecritures, action, chiffres);
}

/** The version record of a dossier's engagement and its entries (fin_engagement). */
async function consignerEngagement(
  trx: Transaction<Database>,
  e: EngagementAReserver,
  ecritures: unknown,
): Promise<void> {
  await sql`insert into fin_engagement (dossier_id, version, engagement, ecriture_ids)
    values (${e.dossierId}, ${e.versionDossier}, ${JSON.stringify(e)}, ${JSON.stringify(ecritures)})`.execute(
    trx,
  );
}

/** The audit row of an engagement version: the version, the entries and the figures given. */
async function auditerVersion(
  trx: Transaction<Database>,
  auteur: Auteur,
  e: EngagementAReserver,
  ecritures: unknown,
  action: 'finances.engagement' | 'finances.ajustement',
  chiffres: Record<string, number>,
): Promise<void> {
  await auditer(trx, auteur, action, `dossier:${e.dossierId}`, {
    version: e.versionDossier,
    ...chiffres,
    ecritures,
  });
}

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
