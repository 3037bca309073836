import { sql } from 'kysely';
import { z } from 'zod';
import { type Db } from './interne.ts';
import { empreintePaquet } from './lots.ts';

/**
 * `opco finances verifier`: every entry balanced, balances = sum of entries, funds never mixed,
 * no instalment paid twice, every payment covered by an audited batch whose digest is recomputed.
 */

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
