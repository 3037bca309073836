import { type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * What the dossiers (contracts, dossiers.depot.ts) and the requests for funding
 * (demandes.depot.ts) share in the tables of migration 0050: one projection row in `dossier`
 * (its owners, its state, its projection), its events append-only in `dossier_evenement`.
 * A request is a row of `formulaire` `DPC`; the contracts' reads never see it, and the
 * requests' reads see only it.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** The `formulaire` of requests for funding (demandes de prise en charge). */
export const FORMULAIRE_DEMANDE = 'DPC';

/** Which rows a read sees: the contracts, or the requests for funding. */
export type Genre = 'dossiers' | 'demandes';

/** Who recorded events: an account, an API key, or a process (the scheduler). */
export interface Auteur {
  compteId: string | null;
  cleId: string | null;
  processus: string | null;
}

/** Organisations owning a dossier or a request (access: company, CFA, OPCO). */
export interface Proprietaires {
  entreprise: string | null;
  cfa: string | null;
  opco: string | null;
}

export function lireJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

const proprietairesDe = (r: {
  organisation_entreprise: string | null;
  organisation_cfa: string | null;
  organisation_opco: string | null;
}): Proprietaires => ({
  entreprise: r.organisation_entreprise,
  cfa: r.organisation_cfa,
  opco: r.organisation_opco,
});

const duGenre = (genre: Genre) => (genre === 'demandes' ? ('=' as const) : ('<>' as const));

/** The events of a dossier or a request, in order. */
export async function evenementsDuCycle<E>(db: Db, id: string): Promise<E[]> {
  const l = await db
    .selectFrom('dossier_evenement')
    .select('contenu')
    .where('dossier_id', '=', id)
    .orderBy('rang')
    .execute();
  return l.map((x) => lireJson<E>(x.contenu));
}

/**
 * Appends events after rank `depart` (the version before them). The primary key
 * (dossier_id, rang) makes a concurrent append of the same rank fail rather than fork.
 */
export async function insererEvenements(
  trx: Db,
  id: string,
  depart: number,
  evenements: readonly { type: string; date: string }[],
  auteur: Auteur,
): Promise<void> {
  if (evenements.length === 0) return;
  await trx
    .insertInto('dossier_evenement')
    .values(
      evenements.map((e, i) => ({
        dossier_id: id,
        rang: depart + i + 1,
        type: e.type,
        date: e.date,
        contenu: JSON.stringify(e),
        compte_id: auteur.compteId,
        cle_id: auteur.cleId,
        processus: auteur.processus,
      })),
    )
    .execute();
}

/**
 * A row's owners, derived with its events by `deriver`; with `verrouiller`, the row is locked
 * (SELECT … FOR UPDATE) until the transaction ends: every transition of one row is serialised.
 */
export async function chargerDuCycle<T, E>(
  db: Db,
  genre: Genre,
  id: string,
  deriver: (id: string, evenements: readonly E[]) => T | null,
  options: { verrouiller?: boolean } = {},
): Promise<{ valeur: T; proprietaires: Proprietaires } | null> {
  let q = db
    .selectFrom('dossier')
    .select(['id', 'organisation_entreprise', 'organisation_cfa', 'organisation_opco'])
    .where('id', '=', id)
    .where('formulaire', duGenre(genre), FORMULAIRE_DEMANDE);
  if (options.verrouiller) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return null;
  const v = deriver(id, await evenementsDuCycle<E>(db, id));
  return v ? { valeur: v, proprietaires: proprietairesDe(r) } : null;
}

export interface FiltreCycle {
  /** Organisations whose rows may be listed ('toutes': national read). */
  organisations: 'toutes' | ReadonlySet<string>;
  etat?: string | undefined;
  aVerifier?: boolean | undefined;
  limite: number;
  apres?: string | undefined;
}

/**
 * Listing from the projection rows (no replay), by id. `cotes`: the owners through which an
 * organisation sees a row; `brouillonsPour`: the owners that see drafts too (the others, and
 * national readers, do not), or absent for no restriction.
 */
export async function listerDuCycle<T>(
  db: Db,
  genre: Genre,
  f: FiltreCycle,
  cotes: readonly (keyof Proprietaires)[],
  brouillonsPour?: keyof Proprietaires,
): Promise<{ valeur: T; proprietaires: Proprietaires }[]> {
  if (f.organisations !== 'toutes' && f.organisations.size === 0) return [];
  const colonne = (c: keyof Proprietaires) => `organisation_${c}` as const;
  let q = db
    .selectFrom('dossier')
    .select(['projection', 'organisation_entreprise', 'organisation_cfa', 'organisation_opco'])
    .where('formulaire', duGenre(genre), FORMULAIRE_DEMANDE);
  if (f.organisations !== 'toutes') {
    const ids = [...f.organisations];
    q = q.where((eb) =>
      eb.or(
        cotes.map((c) =>
          brouillonsPour && c !== brouillonsPour
            ? eb.and([eb(colonne(c), 'in', ids), eb('etat', '<>', 'brouillon')])
            : eb(colonne(c), 'in', ids),
        ),
      ),
    );
  } else if (brouillonsPour) q = q.where('etat', '<>', 'brouillon');
  if (f.etat) q = q.where('etat', '=', f.etat);
  if (f.aVerifier !== undefined) q = q.where('a_verifier', '=', f.aVerifier);
  if (f.apres) q = q.where('id', '>', f.apres);
  const l = await q.orderBy('id').limit(f.limite).execute();
  return l.map((r) => ({ valeur: lireJson<T>(r.projection), proprietaires: proprietairesDe(r) }));
}
