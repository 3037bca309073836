import { sql, type Transaction } from 'kysely';
import { type CleCompte, type EcritureProposee } from '../../domaine/finances/index.ts';
import type { Database } from '../schema.ts';
import { type Db, appliquerSoldes, assurerComptes, insererEcriture } from './interne.ts';

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
  if (!options.comptesPrets) await assurerComptes(trx, comptes);
  const id = await insererEcriture(trx, e);
  await appliquerSoldes(trx, e.lignes, options);
  return id;
}

export async function solde(db: Db, compte: string): Promise<number> {
  const { rows } = await sql<{ solde: number | string }>`
    select solde from fin_compte where id = ${compte}`.execute(db);
  return rows[0] ? Number(rows[0].solde) : 0;
}
