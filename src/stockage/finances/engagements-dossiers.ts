import { sql, type Transaction } from 'kysely';
import type {
  EngagementAReserver,
  OrigineFonds,
  SectionFinancement,
} from '../../domaine/finances/index.ts';
import type { Droit } from '../../moteur/index.ts';
import type { Database } from '../schema.ts';
import type { ResultatReservation } from './engagements-commun.ts';
import { reserverEngagement, reserverEngagementSelonDroit } from './engagements.ts';
import { auditer, auteurSysteme, type Auteur, type Db } from './interne.ts';

/**
 * Dossiers → grand livre: the dossiers' port (`reserverPourDossier`), annulation, and the
 * engagements not booked (fin_engagement_hors_livre) while the ledger is not operated.
 */

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
