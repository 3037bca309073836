import { sql, type Transaction } from 'kysely';
import {
  codeCompte,
  deciderReservation,
  diffEngagement,
  type CleCompte,
  type EngagementAReserver,
} from '../../domaine/finances/index.ts';
import type { Database } from '../schema.ts';
import {
  consignerVersion,
  libelleSource,
  lireSource,
  refus,
  type DossierReserve,
  type ResultatReservation,
} from './engagements-commun.ts';
import { posterEcriture } from './grand-livre.ts';
import { soldeVerrouille, type Auteur } from './interne.ts';

/**
 * Avenant or rupture of a booked engagement: the new schedule is diffed against the booked one;
 * increases are new commitments checked against what is available (this avenant's releases
 * included), decreases are reversing entries of the original commitment.
 */
export async function ajusterEngagement(
  trx: Transaction<Database>,
  e: EngagementAReserver,
  ancien: DossierReserve,
  reserve: { fin: string | null; limite: string | null; engage: CleCompte },
  auteur: Auteur,
): Promise<ResultatReservation> {
  const { fin, limite, engage } = reserve;
  const ecritures: number[] = [];
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
