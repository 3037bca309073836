import { sql, type Kysely, type Transaction } from 'kysely';
import {
  anomaliesCoordonnees,
  apparierFacture,
  codeCompte,
  normaliserCoordonnees,
  type CleCompte,
  type CoordonneesBancaires,
  type EcheanceAFacturer,
  type FactureRecue,
  type LigneEcriture,
  type OrigineFonds,
  type ResultatLigne,
  type SectionFinancement,
} from '../../domaine/finances/index.ts';
import type { Database } from '../schema.ts';
import { type Auteur, auditer, auteurSysteme, cle } from './interne.ts';
import { posterEcriture } from './grand-livre.ts';

/**
 * CFA invoices matched to due instalments, completion certificates, bank details (point 4).
 */

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
