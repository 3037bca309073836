import type { Kysely } from 'kysely';
import type { NpecReferentiel } from '../moteur/index.ts';
import type { Database } from './schema.ts';

export function normaliserRncp(rncp: string): string {
  const r = rncp.trim().toUpperCase();
  return r.startsWith('RNCP') ? r : `RNCP${r}`;
}

export function normaliserIdcc(idcc: string): string {
  return idcc.trim().padStart(4, '0');
}

/**
 * NPEC of a certification for the branch of an IDCC, for a contract concluded on a date: the
 * latest row applicable on that date, among the CPNE the IDCC belongs to (CPNE ↔ IDCC table,
 * by code or by label) or rows carrying the IDCC itself (2019-10 and 2021 files).
 */
export async function chercherNpec(
  db: Kysely<Database>,
  rncpBrut: string,
  idccBrut: string,
  dateConclusion: string,
): Promise<NpecReferentiel | null> {
  const rncp = normaliserRncp(rncpBrut);
  const idcc = normaliserIdcc(idccBrut);
  const cpnes = await db
    .selectFrom('npec_cpne_idcc')
    .select(['cpne_code', 'cpne_libelle'])
    .where('idcc', '=', idcc)
    .execute();
  const codes = [...new Set(cpnes.map((c) => c.cpne_code))];
  const libelles = [...new Set(cpnes.map((c) => c.cpne_libelle))];
  const ligne = await db
    .selectFrom('npec')
    .selectAll()
    .where('rncp', '=', rncp)
    .where('applicable_depuis', '<=', dateConclusion)
    .where((eb) =>
      eb.or([
        eb('idcc', '=', idcc),
        ...(codes.length ? [eb('cpne_code', 'in', codes)] : []),
        ...(libelles.length
          ? [eb.and([eb('cpne_code', 'is', null), eb('cpne_libelle', 'in', libelles)])]
          : []),
      ]),
    )
    .orderBy('applicable_depuis', 'desc')
    .orderBy('referentiel_version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!ligne) return null;
  return {
    montant: ligne.montant,
    rncp,
    cpne: ligne.cpne_code ?? ligne.cpne_libelle,
    idcc,
    applicableDepuis: ligne.applicable_depuis,
    fichier: ligne.fichier,
    version: ligne.referentiel_version,
    statut: ligne.statut,
  };
}
