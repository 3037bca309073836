import { sql, type Kysely, type Transaction } from 'kysely';
import {
  calculerAppelFonds,
  codeCompte,
  deciderAppel,
  parametreCite,
  PARAMETRE_PLAFOND_APPEL,
  type EtatAppelFonds,
  type OrigineFonds,
  type SectionFinancement,
} from '../../domaine/finances/index.ts';
import type { Droit } from '../../moteur/index.ts';
import type { Database } from '../schema.ts';
import { posterEcriture } from './grand-livre.ts';
import { type Auteur, type Db, auditer, auteurSysteme, cle } from './interne.ts';

/**
 * Cash calls (appels de fonds, R6123-28): the statement computed from the ledger and the
 * schedules, the calls (refused with the figures above the cap) and the funds received, booked
 * `tresorerie ← fonds_recus` (cause `versement`). Calls and receipts of one OPCO × section ×
 * origin are serialised by an advisory lock: two concurrent calls never both pass the cap.
 */

export interface PerimetreAppel {
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
}

const verrou = (p: PerimetreAppel, trx: Transaction<Database>) =>
  sql`select pg_advisory_xact_lock(hashtext(${`fin_appel:${p.opco}|${p.section}|${p.origine}`}))`.execute(
    trx,
  );

async function somme(db: Db, requete: ReturnType<typeof sql<{ n: number | string | null }>>) {
  const { rows } = await requete.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The statement at `date` for the allocation of `annee`, or null when no cap applies then. */
export async function etatAppelFonds(
  db: Db,
  droit: Droit,
  p: PerimetreAppel,
  date: string,
  annee: number = Number(date.slice(0, 4)),
): Promise<EtatAppelFonds | null> {
  const plafond = parametreCite(droit, PARAMETRE_PLAFOND_APPEL, date);
  if (!plafond) return null;
  const { rows: ech } = await sql<{ date_exigibilite: string; montant: number | string }>`
    select e.date_exigibilite,
           case when e.statut = 'prevue' then e.montant else e.facture end as montant
      from fin_echeance e join fin_dossier d on d.dossier_id = e.dossier_id
     where d.opco = ${p.opco} and d.section = ${p.section} and d.origine = ${p.origine}
       and e.statut in ('prevue', 'facturee', 'a_payer')`.execute(db);
  const solde = (nature: string, reference: string | null) =>
    somme(
      db,
      sql<{ n: number | string | null }>`select sum(solde) as n from fin_compte
        where opco = ${p.opco} and section = ${p.section} and origine = ${p.origine}
          and nature = ${nature} and (${reference}::text is null or reference = ${reference})`,
    );
  const annees = String(annee);
  const appels = await somme(
    db,
    sql<{ n: number | string | null }>`select sum(montant) as n from fin_appel_fonds
      where opco = ${p.opco} and section = ${p.section} and origine = ${p.origine}`,
  );
  const recusSurAppel = await somme(
    db,
    sql<{ n: number | string | null }>`select sum(montant) as n from fin_versement
      where opco = ${p.opco} and section = ${p.section} and origine = ${p.origine}
        and appel_id is not null`,
  );
  return calculerAppelFonds({
    ...p,
    date,
    annee,
    echeances: ech.map((x) => ({
      dateExigibilite: x.date_exigibilite,
      montantCentimes: Number(x.montant),
    })),
    dotationCentimes: -(await solde('dotation', annees)),
    verseCentimes: -(await solde('fonds_recus', annees)),
    recuTotalCentimes: await solde('tresorerie', null),
    payeTotalCentimes: await solde('paye', null),
    appelsEnAttenteCentimes: Math.max(0, appels - recusSurAppel),
    plafond,
  });
}

export type ResultatAppel =
  | { statut: 'accepte'; appelId: number; montantCentimes: number; etat: EtatAppelFonds }
  | {
      statut: 'refuse';
      demandeCentimes: number;
      plafondCentimes: number;
      depassementCentimes: number;
      motif: string;
      etat: EtatAppelFonds;
    }
  | { statut: 'sans_plafond'; motif: string };

/**
 * A call of `montant` cents to France compétences: decided on the statement computed under the
 * lock of the perimeter; accepted → recorded with its statement and audited; refused → nothing
 * written, the figures returned.
 */
export async function appelerFonds(
  db: Kysely<Database>,
  droit: Droit,
  p: PerimetreAppel,
  date: string,
  montantCentimes: number,
  auteur: Auteur = auteurSysteme,
  annee: number = Number(date.slice(0, 4)),
): Promise<ResultatAppel> {
  return db.transaction().execute(async (trx) => {
    await verrou(p, trx);
    const etat = await etatAppelFonds(trx, droit, p, date, annee);
    if (!etat)
      return {
        statut: 'sans_plafond' as const,
        motif: `aucun plafond d’appel de fonds (R6123-28) en vigueur le ${date}`,
      };
    const d = deciderAppel(etat, montantCentimes);
    if (d.statut === 'refuse') return { ...d, etat };
    const { rows } = await sql<{ id: number | string }>`
      insert into fin_appel_fonds (opco, section, origine, annee, date_appel, montant, plafond, etat)
      values (${p.opco}, ${p.section}, ${p.origine}, ${annee}, ${date}, ${montantCentimes},
              ${etat.plafondCentimes}, ${JSON.stringify(etat)}) returning id`.execute(trx);
    const appelId = Number(rows[0]?.id);
    await auditer(trx, auteur, 'finances.appel_de_fonds', `appel_fonds:${appelId}`, {
      ...p,
      annee,
      date,
      montantCentimes,
      plafondCentimes: etat.plafondCentimes,
      besoinNetCentimes: etat.besoinNetCentimes,
      tresorerieCentimes: etat.tresorerieCentimes,
    });
    return { statut: 'accepte' as const, appelId, montantCentimes, etat };
  });
}

export interface VersementRecu extends PerimetreAppel {
  annee: number;
  montantCentimes: number;
  date: string;
  /** France compétences' payment reference (bank statement): recorded once per OPCO. */
  reference: string;
  appelId: number | null;
}

export type ResultatVersement =
  | { statut: 'enregistre' | 'deja_enregistre'; versementId: number; ecritureId: number }
  | { statut: 'refuse'; motif: string; resteAVerserCentimes: number; montantCentimes: number };

/**
 * Books funds received from France compétences: `tresorerie` debited, `fonds_recus` of the year
 * credited, cause `versement` (reference: France compétences' reference). Refused with the
 * figures above what remains to be paid of the year's allocation, or for a call of another
 * perimeter. Idempotent by (OPCO, reference).
 */
export async function enregistrerVersement(
  db: Kysely<Database>,
  v: VersementRecu,
  auteur: Auteur = auteurSysteme,
): Promise<ResultatVersement> {
  return db.transaction().execute(async (trx) => {
    await verrou(v, trx);
    const { rows: deja } = await sql<{ id: number | string; ecriture_id: number | string }>`
      select id, ecriture_id from fin_versement
       where opco = ${v.opco} and reference = ${v.reference}`.execute(trx);
    if (deja[0])
      return {
        statut: 'deja_enregistre' as const,
        versementId: Number(deja[0].id),
        ecritureId: Number(deja[0].ecriture_id),
      };
    const refus = (motif: string, reste: number) => ({
      statut: 'refuse' as const,
      motif,
      resteAVerserCentimes: reste,
      montantCentimes: v.montantCentimes,
    });
    if (v.appelId !== null) {
      const { rows: a } = await sql<{ n: number }>`select count(*)::int as n from fin_appel_fonds
        where id = ${v.appelId} and opco = ${v.opco} and section = ${v.section}
          and origine = ${v.origine}`.execute(trx);
      if (!a[0]?.n) return refus(`appel de fonds ${v.appelId} inconnu pour ce périmètre`, 0);
    }
    const annee = String(v.annee);
    const dotation = cle(v.opco, v.section, v.origine, null, 'dotation', annee);
    const recus = cle(v.opco, v.section, v.origine, null, 'fonds_recus', annee);
    const { rows: s } = await sql<{ nature: string; solde: number | string }>`
      select nature, solde from fin_compte where id in (${codeCompte(dotation)}, ${codeCompte(recus)})`.execute(
      trx,
    );
    const soldeDe = (n: string) => Number(s.find((x) => x.nature === n)?.solde ?? 0);
    const reste = -soldeDe('dotation') + soldeDe('fonds_recus');
    if (v.montantCentimes > reste)
      return refus(
        `versement de ${(v.montantCentimes / 100).toFixed(2)} € supérieur au reste à verser de la dotation ${v.annee} (${(reste / 100).toFixed(2)} €)`,
        reste,
      );
    const tresorerie = cle(v.opco, v.section, v.origine, null, 'tresorerie', null);
    const ecritureId = await posterEcriture(
      trx,
      {
        opco: v.opco,
        section: v.section,
        origine: v.origine,
        dateComptable: v.date,
        libelle: `Versement de France compétences ${v.reference} (dotation ${v.annee})`,
        cause: { type: 'versement', reference: v.reference },
        contrepasse: null,
        lignes: [
          { compte: codeCompte(tresorerie), sens: 'D', montantCentimes: v.montantCentimes },
          { compte: codeCompte(recus), sens: 'C', montantCentimes: v.montantCentimes },
        ],
      },
      [tresorerie, recus],
    );
    const { rows } = await sql<{ id: number | string }>`
      insert into fin_versement (opco, section, origine, annee, montant, date_versement, reference, appel_id, ecriture_id)
      values (${v.opco}, ${v.section}, ${v.origine}, ${v.annee}, ${v.montantCentimes}, ${v.date},
              ${v.reference}, ${v.appelId}, ${ecritureId}) returning id`.execute(trx);
    const versementId = Number(rows[0]?.id);
    await auditer(trx, auteur, 'finances.versement', `versement:${versementId}`, {
      ...v,
      ecriture: ecritureId,
    });
    return { statut: 'enregistre' as const, versementId, ecritureId };
  });
}

export interface AppelListe {
  id: number;
  section: SectionFinancement;
  origine: OrigineFonds;
  annee: number;
  date: string;
  montantCentimes: number;
  plafondCentimes: number;
  recuCentimes: number;
}

export interface VersementListe {
  id: number;
  section: SectionFinancement;
  origine: OrigineFonds;
  annee: number;
  date: string;
  montantCentimes: number;
  reference: string;
  appelId: number | null;
  ecritureId: number;
}

/** The OPCO's calls (with what was received on each) and the funds received. */
export async function listerAppelsFonds(
  db: Db,
  opco: string,
): Promise<{ appels: AppelListe[]; versements: VersementListe[] }> {
  const { rows: a } = await sql<{
    id: number | string;
    section: SectionFinancement;
    origine: OrigineFonds;
    annee: number;
    date_appel: string;
    montant: number | string;
    plafond: number | string;
    recu: number | string | null;
  }>`select a.id, a.section, a.origine, a.annee, a.date_appel, a.montant, a.plafond,
            (select sum(v.montant) from fin_versement v where v.appel_id = a.id) as recu
       from fin_appel_fonds a where a.opco = ${opco} order by a.id`.execute(db);
  const { rows: v } = await sql<{
    id: number | string;
    section: SectionFinancement;
    origine: OrigineFonds;
    annee: number;
    date_versement: string;
    montant: number | string;
    reference: string;
    appel_id: number | string | null;
    ecriture_id: number | string;
  }>`select id, section, origine, annee, date_versement, montant, reference, appel_id, ecriture_id
       from fin_versement where opco = ${opco} order by id`.execute(db);
  return {
    appels: a.map((x) => ({
      id: Number(x.id),
      section: x.section,
      origine: x.origine,
      annee: x.annee,
      date: x.date_appel,
      montantCentimes: Number(x.montant),
      plafondCentimes: Number(x.plafond),
      recuCentimes: Number(x.recu ?? 0),
    })),
    versements: v.map((x) => ({
      id: Number(x.id),
      section: x.section,
      origine: x.origine,
      annee: x.annee,
      date: x.date_versement,
      montantCentimes: Number(x.montant),
      reference: x.reference,
      appelId: x.appel_id === null ? null : Number(x.appel_id),
      ecritureId: Number(x.ecriture_id),
    })),
  };
}
