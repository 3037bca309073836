import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import type { AccordTarifaire } from '../moteur/dispositifs/accords.ts';
import type { Database } from './schema.ts';

/** Versions of the accords tarifaires (migration 0085_accords_tarifaires). */
export type TablesAccordsTarifaires = {
  accord_tarifaire_version: {
    id: Generated<number>;
    accord: string;
    version: number;
    organisation_id: string;
    opco: string;
    organisme_siret: string;
    certification: string;
    intitule: string;
    unite: string;
    prix_centimes: number;
    date_debut: string;
    date_fin: string;
    quantite_max: number | null;
    reference: string;
    compte_id: string | null;
    cle_id: string | null;
    cree_le: Generated<string | Date>;
  };
};

type Base = Kysely<Database> | Transaction<Database>;
const t = (db: Base) => (db as Kysely<Database>).withTables<TablesAccordsTarifaires>();

export interface VersionAccord extends AccordTarifaire {
  compteId: string | null;
  creeLe: string;
}

type Ligne = TablesAccordsTarifaires['accord_tarifaire_version'];
function versionDe(r: {
  [K in keyof Ligne]: Ligne[K] extends Generated<infer T> ? T : Ligne[K];
}): VersionAccord {
  return {
    accord: r.accord,
    version: r.version,
    organisationId: r.organisation_id,
    opco: r.opco,
    organismeSiret: r.organisme_siret,
    certification: r.certification,
    intitule: r.intitule,
    unite: r.unite === 'heure' ? 'heure' : 'stagiaire',
    prixCentimes: r.prix_centimes,
    dateDebut: r.date_debut,
    dateFin: r.date_fin,
    quantiteMax: r.quantite_max,
    reference: r.reference,
    compteId: r.compte_id,
    creeLe: new Date(r.cree_le).toISOString(),
  };
}

/**
 * A new version of an agreement, numbered under an advisory lock (consecutive versions even
 * across processes). Null when the agreement belongs to another organisation.
 */
export async function ajouterVersionAccord(
  trx: Transaction<Database>,
  v: Omit<AccordTarifaire, 'version'> & { compteId: string | null; cleId: string | null },
): Promise<{ version: VersionAccord; avant: VersionAccord | null } | null> {
  await sql`select pg_advisory_xact_lock(hashtext(${`accord_tarifaire:${v.accord}`}))`.execute(trx);
  const prec = await t(trx)
    .selectFrom('accord_tarifaire_version')
    .selectAll()
    .where('accord', '=', v.accord)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (prec && prec.organisation_id !== v.organisationId) return null;
  const r = await t(trx)
    .insertInto('accord_tarifaire_version')
    .values({
      accord: v.accord,
      version: (prec?.version ?? 0) + 1,
      organisation_id: v.organisationId,
      opco: v.opco,
      organisme_siret: v.organismeSiret,
      certification: v.certification,
      intitule: v.intitule,
      unite: v.unite,
      prix_centimes: v.prixCentimes,
      date_debut: v.dateDebut,
      date_fin: v.dateFin,
      quantite_max: v.quantiteMax,
      reference: v.reference,
      compte_id: v.compteId,
      cle_id: v.cleId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { version: versionDe(r), avant: prec ? versionDe(prec) : null };
}

/** The latest version of every agreement (optionally of one organisation, or one body). */
export async function accordsCourants(
  db: Base,
  filtre: { organisationId?: string; organismeSiret?: string } = {},
): Promise<VersionAccord[]> {
  let q = t(db)
    .selectFrom('accord_tarifaire_version as v')
    .selectAll('v')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('accord_tarifaire_version as w')
            .select('w.id')
            .whereRef('w.accord', '=', 'v.accord')
            .whereRef('w.version', '>', 'v.version'),
        ),
      ),
    )
    .orderBy('v.accord');
  if (filtre.organisationId) q = q.where('v.organisation_id', '=', filtre.organisationId);
  if (filtre.organismeSiret) q = q.where('v.organisme_siret', '=', filtre.organismeSiret);
  return (await q.execute()).map(versionDe);
}

export async function historiqueAccord(db: Base, accord: string): Promise<VersionAccord[]> {
  const rs = await t(db)
    .selectFrom('accord_tarifaire_version')
    .selectAll()
    .where('accord', '=', accord)
    .orderBy('version')
    .execute();
  return rs.map(versionDe);
}
