import { sql, type Kysely, type Transaction } from 'kysely';
import {
  anomaliesEcriture,
  codeCompte,
  effetSurSoldes,
  type EcritureProposee,
  type CleCompte,
  type OrigineFonds,
  type SectionFinancement,
} from '../../domaine/finances/index.ts';
import { ajouterAudit } from '../audit.depot.ts';
import type { Database } from '../schema.ts';

/**
 * Helpers shared by the aggregates of the finance store (not re-exported by finances.depot.ts):
 * the audit row of a movement, account creation, the row-locked balance read, account keys.
 */

export type Db = Kysely<Database> | Transaction<Database>;

/** Who acts, for the audit trail (null for the CLI run by an operator). */
export interface Auteur {
  compteId: string | null;
  cleId: string | null;
  organisationId: string | null;
}
export const auteurSysteme: Auteur = { compteId: null, cleId: null, organisationId: null };

export async function auditer(
  trx: Transaction<Database>,
  auteur: Auteur,
  action: string,
  ressource: string,
  apres: unknown,
): Promise<void> {
  await ajouterAudit(trx, {
    horodatage: new Date().toISOString(),
    compteId: auteur.compteId,
    cleId: auteur.cleId,
    organisationId: auteur.organisationId,
    action,
    ressource,
    avant: null,
    apres: JSON.stringify(apres),
  });
}

export function erreurLivre(anomalies: string[]): Error {
  return new Error(`écriture refusée : ${anomalies.join(' ; ')}`);
}

/** Creates the accounts of an entry that do not exist yet (one statement). */
export async function assurerComptes(trx: Db, codes: readonly CleCompte[]): Promise<void> {
  const vus = [...new Map(codes.map((c) => [codeCompte(c), c]))].sort(([a], [b]) =>
    a.localeCompare(b),
  );
  if (vus.length === 0) return;
  await sql`insert into fin_compte (id, opco, section, origine, branche, nature, reference)
    values ${sql.join(
      vus.map(
        ([id, c]) =>
          sql`(${id}, ${c.opco}, ${c.section}, ${c.origine}, ${c.branche}, ${c.nature}, ${c.reference})`,
      ),
    )}
    on conflict (id) do nothing`.execute(trx);
}

export async function soldeVerrouille(trx: Db, compte: string): Promise<number | null> {
  const { rows } = await sql<{ solde: number | string }>`
    select solde from fin_compte where id = ${compte} for no key update`.execute(trx);
  return rows[0] ? Number(rows[0].solde) : null;
}

export function cle(
  opco: string,
  section: SectionFinancement,
  origine: OrigineFonds,
  branche: string | null,
  nature: CleCompte['nature'],
  reference: string | null,
): CleCompte {
  return { opco, section, origine, branche, nature, reference };
}

/**
 * Inserts one entry and ALL its lines in one statement (the statement trigger re-checks the
 * balance), after checking it (balanced, integer cents, one OPCO/section/origin). Balances are
 * not touched: `appliquerSoldes` does it (a booking inserts its entry before taking the row lock
 * of the account it draws from, to keep that lock short).
 */
export async function insererEcriture(
  trx: Transaction<Database>,
  e: EcritureProposee,
): Promise<number> {
  const a = anomaliesEcriture(e);
  if (a.length > 0) throw erreurLivre(a);
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
  return id;
}

/** Applies an entry's effect on balances, in account-id order (no deadlock between writers). */
export async function appliquerSoldes(
  trx: Transaction<Database>,
  lignes: EcritureProposee['lignes'],
  /** The accounts exist and the contended one is already locked by this transaction. */
  options: { comptesPrets?: boolean } = {},
): Promise<void> {
  const effets = [...effetSurSoldes(lignes)]
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
}
