import { sql } from 'kysely';
import type { BaseComptes } from './tables.ts';

/** Attestations of companies on first use (migration 0045_attestation_entreprise). */

export interface Attestation {
  id: string;
  organisationId: string;
  compteId: string;
  siret: string;
  codeOpco: string | null;
  nomOpco: string | null;
  declaration: string;
  confirmeeLe: Date | null;
}

export async function creerAttestation(
  db: BaseComptes,
  a: Omit<Attestation, 'confirmeeLe'> & { attesteeLe: Date },
): Promise<void> {
  await db
    .insertInto('attestation_entreprise')
    .values({
      id: a.id,
      organisation_id: a.organisationId,
      compte_id: a.compteId,
      siret: a.siret,
      code_opco: a.codeOpco,
      nom_opco: a.nomOpco,
      declaration: a.declaration,
      attestee_le: a.attesteeLe,
      confirmee_le: null,
    })
    .execute();
}

/** The account's attestations not confirmed yet. */
export async function attestationsEnAttente(
  db: BaseComptes,
  compteId: string,
): Promise<Attestation[]> {
  const l = await db
    .selectFrom('attestation_entreprise')
    .selectAll()
    .where('compte_id', '=', compteId)
    .where('confirmee_le', 'is', null)
    .orderBy('attestee_le')
    .execute();
  return l.map((x) => ({
    id: x.id,
    organisationId: x.organisation_id,
    compteId: x.compte_id,
    siret: x.siret,
    codeOpco: x.code_opco,
    nomOpco: x.nom_opco,
    declaration: x.declaration,
    confirmeeLe: x.confirmee_le,
  }));
}

/** Confirms the account's pending attestations: their memberships become full ones. */
export async function confirmerAttestations(
  db: BaseComptes,
  compteId: string,
  maintenant: Date,
): Promise<string[]> {
  const l = await db
    .updateTable('attestation_entreprise')
    .set({ confirmee_le: maintenant })
    .where('compte_id', '=', compteId)
    .where('confirmee_le', 'is', null)
    .returning('organisation_id')
    .execute();
  const orgs = l.map((x) => x.organisation_id);
  if (orgs.length > 0)
    await db
      .updateTable('adhesion')
      .set({ en_attente: false })
      .where('compte_id', '=', compteId)
      .where('organisation_id', 'in', orgs)
      .execute();
  return orgs;
}

/** Serialises attestations of one company (SIREN) across processes until the transaction ends. */
export async function verrouillerEntreprise(db: BaseComptes, siren: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`attestation:${siren}`}))`.execute(db);
}

/** Adds an establishment to a company's SIRET list (no-op if present). */
export async function ajouterSiret(
  db: BaseComptes,
  organisationId: string,
  sirets: readonly string[],
  siret: string,
): Promise<void> {
  if (sirets.includes(siret)) return;
  await db
    .updateTable('organisation')
    .set({ sirets: JSON.stringify([...sirets, siret]) })
    .where('id', '=', organisationId)
    .execute();
}
