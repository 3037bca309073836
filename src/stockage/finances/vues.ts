import { sql } from 'kysely';
import { type ResultatLigne } from '../../domaine/finances/index.ts';
import { type Db } from './interne.ts';

/**
 * What people read (point 6): OPCO budgets, CFA syntheses and schedules, runs, payments,
 * invoices, France compétences' use of allocations.
 */

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
