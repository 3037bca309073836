import { sql, type Kysely } from 'kysely';
import type { EngagementAReserver } from '../../domaine/finances/index.ts';
import type { Droit } from '../../moteur/index.ts';
import { engagementAReserverSchema } from '../../partage/finances.schema.ts';
import type { Database } from '../schema.ts';
import {
  reserverEngagementSelonDroit,
  type EngagementHorsLivre,
  type ResultatReservation,
} from './engagements.ts';
import { auditer, auteurSysteme, type Auteur, type Db } from './interne.ts';

/**
 * Engagements the ledger did not book (`fin_engagement_hors_livre`, migration 0090), as the
 * OPCO's comptable sees them, and their booking once an allocation exists. The table stays
 * append-only: whether a row is booked is read from the ledger itself (`fin_dossier` holds that
 * version or a later one), never written back.
 */

/**
 * `a_comptabiliser`: not booked, the latest version noted for its dossier; `comptabilise`: the
 * ledger holds this version (or a later one); `remplace`: a later version of the dossier was
 * noted since (only the latest can be booked).
 */
export type EtatHorsLivre = 'a_comptabiliser' | 'comptabilise' | 'remplace';

export interface EngagementHorsLivreSuivi extends EngagementHorsLivre {
  etat: EtatHorsLivre;
  /** The OPCO has an allocation in that section and origin of funds now (booking can be tried). */
  dotationPresente: boolean;
  /** The version the ledger holds for the dossier, if any. */
  versionComptabilisee: number | null;
}

export async function suiviHorsLivre(db: Db, opco: string): Promise<EngagementHorsLivreSuivi[]> {
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
    version_livre: number | null;
    derniere: number;
    dotation: boolean;
  }>`select h.dossier_id, h.version, h.opco, h.section, h.origine, h.evenement, h.montant, h.motif,
        h.date_engagement, d.version as version_livre,
        max(h.version) over (partition by h.dossier_id) as derniere,
        exists (select 1 from fin_dotation t where t.opco = h.opco and t.section = h.section
                and t.origine = h.origine) as dotation
     from fin_engagement_hors_livre h
     left join fin_dossier d on d.dossier_id = h.dossier_id
     where h.opco = ${opco}
     order by h.date_engagement, h.dossier_id, h.version limit 10000`.execute(db);
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
    etat:
      r.version_livre !== null && r.version_livre >= r.version
        ? 'comptabilise'
        : Number(r.derniere) > r.version
          ? 'remplace'
          : 'a_comptabiliser',
    dotationPresente: Boolean(r.dotation),
    versionComptabilisee: r.version_livre,
  }));
}

export type ResultatComptabilisation =
  ResultatReservation | { statut: 'impossible'; dossierId: string; version: number; motif: string };

const EVENEMENTS_FINANCIERS = ['engage', 'avenant', 'rupture', 'annule'] as const;

/**
 * Books an engagement noted as not booked, once the OPCO has an allocation there: the engagement
 * is the one the dossier recorded for that version (its latest money event), booked like every
 * other (`reserverEngagementSelonDroit`: row lock on the source account, refusal with the
 * figures when the money is not there — nothing written then). Impossible, with the reason,
 * when the row is unknown to this OPCO, already booked, superseded by a later version, or when
 * the dossier moved on since (annulled, new version). One transaction; the booking and an
 * `finances.hors_livre_comptabilise` row go on the audit trail together.
 */
export async function comptabiliserHorsLivre(
  db: Kysely<Database>,
  droit: Droit,
  opco: string,
  dossierId: string,
  version: number,
  auteur: Auteur = auteurSysteme,
): Promise<ResultatComptabilisation> {
  const impossible = (motif: string): ResultatComptabilisation => ({
    statut: 'impossible',
    dossierId,
    version,
    motif,
  });
  return db.transaction().execute(async (trx) => {
    // The same lock as every booking of this dossier: its versions are serialised.
    await sql`select pg_advisory_xact_lock(hashtext(${'fin_dossier:' + dossierId}))`.execute(trx);
    const suivi = (await suiviHorsLivre(trx, opco)).find(
      (h) => h.dossierId === dossierId && h.version === version,
    );
    if (!suivi)
      return impossible(
        `aucun engagement non comptabilisé du dossier ${dossierId} en version ${version} pour cet OPCO`,
      );
    if (suivi.etat === 'comptabilise')
      return impossible(
        `déjà comptabilisé : le grand livre tient la version ${suivi.versionComptabilisee ?? version} du dossier`,
      );
    if (suivi.etat === 'remplace')
      return impossible(
        'une version plus récente du dossier est notée non comptabilisée : comptabiliser celle-là',
      );
    if (!suivi.dotationPresente)
      return impossible(
        `toujours aucune dotation de l'OPCO ${opco} en ${suivi.section}/${suivi.origine} : importer la dotation d'abord`,
      );
    const { rows } = await sql<{ rang: number; type: string; contenu: unknown }>`
      select rang, type, contenu from dossier_evenement where dossier_id = ${dossierId}
        and type in (${sql.join([...EVENEMENTS_FINANCIERS])})
      order by rang desc limit 1`.execute(trx);
    const dernier = rows[0];
    if (!dernier) return impossible(`l'engagement du dossier ${dossierId} est introuvable`);
    if (dernier.type === 'annule')
      return impossible(`le dossier ${dossierId} a été annulé depuis : rien à comptabiliser`);
    const contenu =
      typeof dernier.contenu === 'string'
        ? (JSON.parse(dernier.contenu) as unknown)
        : dernier.contenu;
    const brut = (contenu as { engagement?: { reservation?: unknown } | null }).engagement
      ?.reservation;
    const lu = engagementAReserverSchema.safeParse(brut);
    if (!lu.success || lu.data.versionDossier !== version)
      return impossible(
        `le dossier ${dossierId} a changé depuis la version ${version} (dernier événement financier : ${dernier.type})`,
      );
    const e: EngagementAReserver = {
      ...lu.data,
      opco,
      dateFinContrat: lu.data.dateFinContrat ?? null,
    };
    if (e.section !== suivi.section || e.origine !== suivi.origine)
      return impossible(`le dossier ${dossierId} a changé depuis la version ${version}`);
    const r = await reserverEngagementSelonDroit(trx, droit, e, auteur);
    if (r.statut === 'reserve' || r.statut === 'ajuste')
      await auditer(trx, auteur, 'finances.hors_livre_comptabilise', `dossier:${dossierId}`, {
        version,
        montantCentimes: e.montantTotalCentimes,
        motifInitial: suivi.motif,
        ecritures: r.ecritures,
      });
    return r;
  });
}
