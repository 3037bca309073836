import { sql, type Kysely, type Transaction } from 'kysely';
import {
  codeCompte,
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
