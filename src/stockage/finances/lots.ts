import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  codeCompte,
  fichierSepa,
  type CleCompte,
  type CoordonneesBancaires,
  type LigneEcriture,
  type OrigineFonds,
  type SectionFinancement,
  type VirementCfa,
} from '../../domaine/finances/index.ts';
import type { Database } from '../schema.ts';
import { type Auteur, auditer, auteurSysteme, cle } from './interne.ts';
import { posterEcriture } from './grand-livre.ts';

/**
 * Payment runs by batches (FOR UPDATE SKIP LOCKED, one audited batch per transaction), the SEPA
 * file, bank returns (point 5).
 */

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
