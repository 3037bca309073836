import { sql, type Transaction } from 'kysely';
import {
  anomaliesEcriture,
  effetSurSoldes,
  type CleCompte,
  type EcritureProposee,
} from '../../domaine/finances/index.ts';
import type { Database } from '../schema.ts';
import { type Db, assurerComptes, erreurLivre } from './interne.ts';

/**
 * The ledger (issue 13, point 1): posting a balanced entry and its lines, balances kept in the
 * same transaction (account-id order: no deadlock between concurrent writers).
 */

/**
 * Posts one entry: checks it (balanced, integer cents, one OPCO/section/origin), inserts it and
 * ALL its lines in one statement (the statement trigger re-checks the balance), and applies its
 * effect on balances in account order.
 */
export async function posterEcriture(
  trx: Transaction<Database>,
  e: EcritureProposee,
  comptes: readonly CleCompte[],
  /** The accounts exist and the contended one is already locked by this transaction. */
  options: { comptesPrets?: boolean } = {},
): Promise<number> {
  const a = anomaliesEcriture(e);
  if (a.length > 0) throw erreurLivre(a);
  if (!options.comptesPrets) await assurerComptes(trx, comptes);
  const { rows } = await sql<{ id: number | string }>`
    insert into fin_ecriture (opco, section, origine, date_comptable, libelle, cause_type, cause_reference, contrepasse)
    values (${e.opco}, ${e.section}, ${e.origine}, ${e.dateComptable}, ${e.libelle}, ${e.cause.type},
            ${e.cause.reference}, ${e.contrepasse}) returning id`.execute(trx);
  const id = Number(rows[0]?.id);
  const valeurs = e.lignes.map(
    (l, i) => sql`(${id}, ${i + 1}, ${l.compte}, ${l.sens}, ${l.montantCentimes})`,
  );
  await sql`insert into fin_ligne (ecriture_id, rang, compte_id, sens, montant)
    values ${sql.join(valeurs)}`.execute(trx);
  const effets = [...effetSurSoldes(e.lignes)]
    .filter(([, delta]) => delta !== 0)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  if (effets.length === 1) {
    const [compte, delta] = effets[0] as [string, number];
    await sql`update fin_compte set solde = solde + ${delta} where id = ${compte}`.execute(trx);
  } else if (effets.length > 1 && options.comptesPrets) {
    await sql`update fin_compte k set solde = k.solde + v.delta
      from (values ${sql.join(effets.map(([c, d]) => sql`(${c}, ${d}::bigint)`))}) v(id, delta)
      where k.id = v.id`.execute(trx);
  } else if (effets.length > 1) {
    // Rows locked in account-id order first (no deadlock between concurrent writers), then one
    // UPDATE for all of them.
    const ids = effets.map(([c]) => c);
    await sql`select id from fin_compte where id in (${sql.join(ids)}) order by id collate "C" for no key update`.execute(
      trx,
    );
    await sql`update fin_compte k set solde = k.solde + v.delta
      from (values ${sql.join(effets.map(([c, d]) => sql`(${c}, ${d}::bigint)`))}) v(id, delta)
      where k.id = v.id`.execute(trx);
  }
  return id;
}

export async function solde(db: Db, compte: string): Promise<number> {
  const { rows } = await sql<{ solde: number | string }>`
    select solde from fin_compte where id = ${compte}`.execute(db);
  return rows[0] ? Number(rows[0].solde) : 0;
}
