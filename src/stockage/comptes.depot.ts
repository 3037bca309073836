import { sql, type ColumnType, type Generated, type Kysely, type Transaction } from 'kysely';
import type { Adhesion, Organisation, Role, TypeOrganisation } from '../domaine/comptes/index.ts';
import type { Database } from './schema.ts';

/** Tables of migration 0040_comptes (typed here, the depot being their only reader). */
// A type alias (not an interface): Kysely's withTables needs an index-compatible record.
export type TablesComptes = {
  organisation: {
    id: string;
    type: string;
    nom: string;
    siren: string | null;
    sirets: ColumnType<string[] | string, string, string>;
    siret: string | null;
    uai: string | null;
    code_opco: string | null;
    idcc: string | null;
    cpne: string | null;
    cree_le: Generated<Date>;
  };
  compte: {
    id: string;
    courriel: string;
    nom: string | null;
    mot_de_passe: string | null;
    doit_changer_mot_de_passe: boolean;
    administrateur_plateforme: boolean;
    actif: boolean;
    oidc_sujet: string | null;
    echecs_connexion: number;
    bloque_jusqua: Date | null;
    cree_le: Generated<Date>;
  };
  adhesion: { compte_id: string; organisation_id: string; role: string; cree_le: Generated<Date> };
  session: {
    empreinte: string;
    compte_id: string;
    jeton_csrf: string;
    cree_le: Date;
    derniere_activite: Date;
    expire_le: Date;
  };
  jeton_unique: {
    empreinte: string;
    compte_id: string;
    usage: string;
    expire_le: Date;
    utilise_le: Date | null;
  };
  cle_api: {
    id: string;
    organisation_id: string;
    role: string;
    libelle: string;
    prefixe: string;
    empreinte: string;
    cree_par: string | null;
    cree_le: Generated<Date>;
    revoquee_le: Date | null;
  };
};

export type BaseComptes = Kysely<Database & TablesComptes> | Transaction<Database & TablesComptes>;

export function comptes(db: Kysely<Database>): Kysely<Database & TablesComptes> {
  return db.withTables<TablesComptes>();
}

export interface Compte {
  id: string;
  courriel: string;
  nom: string | null;
  motDePasse: string | null;
  doitChangerMotDePasse: boolean;
  administrateurPlateforme: boolean;
  actif: boolean;
  echecsConnexion: number;
  bloqueJusqua: Date | null;
}

function versCompte(l: {
  id: string;
  courriel: string;
  nom: string | null;
  mot_de_passe: string | null;
  doit_changer_mot_de_passe: boolean;
  administrateur_plateforme: boolean;
  actif: boolean;
  echecs_connexion: number;
  bloque_jusqua: Date | null;
}): Compte {
  return {
    id: l.id,
    courriel: l.courriel,
    nom: l.nom,
    motDePasse: l.mot_de_passe,
    doitChangerMotDePasse: l.doit_changer_mot_de_passe,
    administrateurPlateforme: l.administrateur_plateforme,
    actif: l.actif,
    echecsConnexion: l.echecs_connexion,
    bloqueJusqua: l.bloque_jusqua,
  };
}

function versOrganisation(l: {
  id: string;
  type: string;
  nom: string;
  siren: string | null;
  sirets: string[] | string;
  siret: string | null;
  uai: string | null;
  code_opco: string | null;
  idcc: string | null;
  cpne: string | null;
}): Organisation {
  const sirets = typeof l.sirets === 'string' ? (JSON.parse(l.sirets) as string[]) : l.sirets;
  return {
    id: l.id,
    type: l.type as TypeOrganisation,
    nom: l.nom,
    siren: l.siren,
    sirets,
    siret: l.siret,
    uai: l.uai,
    codeOpco: l.code_opco,
    idcc: l.idcc,
    cpne: l.cpne,
  };
}

export async function creerOrganisation(db: BaseComptes, o: Organisation): Promise<void> {
  await db
    .insertInto('organisation')
    .values({
      id: o.id,
      type: o.type,
      nom: o.nom,
      siren: o.siren ?? null,
      sirets: JSON.stringify(o.sirets ?? []),
      siret: o.siret ?? null,
      uai: o.uai ?? null,
      code_opco: o.codeOpco ?? null,
      idcc: o.idcc ?? null,
      cpne: o.cpne ?? null,
    })
    .execute();
}

export async function trouverOrganisation(
  db: BaseComptes,
  id: string,
): Promise<Organisation | null> {
  const l = await db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
  return l ? versOrganisation(l) : null;
}

/** An existing organisation with the same identifying key (an OPCO code, an IDCC, a SIRET…). */
export async function trouverOrganisationPar(
  db: BaseComptes,
  type: TypeOrganisation,
  cle: {
    siren?: string | null;
    siret?: string | null;
    codeOpco?: string | null;
    idcc?: string | null;
  },
): Promise<Organisation | null> {
  let q = db.selectFrom('organisation').selectAll().where('type', '=', type);
  if (type === 'entreprise' && cle.siren) q = q.where('siren', '=', cle.siren);
  else if (type === 'organisme_formation' && cle.siret) q = q.where('siret', '=', cle.siret);
  else if (type === 'opco' && cle.codeOpco) q = q.where('code_opco', '=', cle.codeOpco);
  else if (type === 'branche' && cle.idcc) q = q.where('idcc', '=', cle.idcc);
  const l = await q.orderBy('cree_le').executeTakeFirst();
  return l ? versOrganisation(l) : null;
}

export async function listerOrganisations(
  db: BaseComptes,
  ids: 'toutes' | ReadonlySet<string>,
): Promise<Organisation[]> {
  if (ids !== 'toutes' && ids.size === 0) return [];
  let q = db.selectFrom('organisation').selectAll();
  if (ids !== 'toutes') q = q.where('id', 'in', [...ids]);
  return (await q.orderBy('nom').orderBy('id').execute()).map(versOrganisation);
}

export async function creerCompte(
  db: BaseComptes,
  c: {
    id: string;
    courriel: string;
    nom: string | null;
    motDePasse: string | null;
    doitChangerMotDePasse: boolean;
    administrateurPlateforme: boolean;
  },
): Promise<void> {
  await db
    .insertInto('compte')
    .values({
      id: c.id,
      courriel: c.courriel,
      nom: c.nom,
      mot_de_passe: c.motDePasse,
      doit_changer_mot_de_passe: c.doitChangerMotDePasse,
      administrateur_plateforme: c.administrateurPlateforme,
      actif: true,
      oidc_sujet: null,
      echecs_connexion: 0,
      bloque_jusqua: null,
    })
    .execute();
}

export async function trouverCompteParCourriel(
  db: BaseComptes,
  courriel: string,
): Promise<Compte | null> {
  const l = await db
    .selectFrom('compte')
    .selectAll()
    .where('courriel', '=', courriel)
    .executeTakeFirst();
  return l ? versCompte(l) : null;
}

export async function trouverCompte(db: BaseComptes, id: string): Promise<Compte | null> {
  const l = await db.selectFrom('compte').selectAll().where('id', '=', id).executeTakeFirst();
  return l ? versCompte(l) : null;
}

export async function trouverCompteOidc(db: BaseComptes, sujet: string): Promise<Compte | null> {
  const l = await db
    .selectFrom('compte')
    .selectAll()
    .where('oidc_sujet', '=', sujet)
    .executeTakeFirst();
  return l ? versCompte(l) : null;
}

export async function lierOidc(db: BaseComptes, compteId: string, sujet: string): Promise<void> {
  await db.updateTable('compte').set({ oidc_sujet: sujet }).where('id', '=', compteId).execute();
}

export async function adhesionsDe(db: BaseComptes, compteId: string): Promise<Adhesion[]> {
  const l = await db
    .selectFrom('adhesion')
    .innerJoin('organisation', 'organisation.id', 'adhesion.organisation_id')
    .select(['adhesion.organisation_id', 'adhesion.role', 'organisation.type'])
    .where('adhesion.compte_id', '=', compteId)
    .orderBy('adhesion.organisation_id')
    .orderBy('adhesion.role')
    .execute();
  return l.map((x) => ({
    organisationId: x.organisation_id,
    typeOrganisation: x.type as TypeOrganisation,
    role: x.role as Role,
  }));
}

export async function ajouterAdhesion(
  db: BaseComptes,
  compteId: string,
  organisationId: string,
  role: Role,
): Promise<boolean> {
  const r = await db
    .insertInto('adhesion')
    .values({ compte_id: compteId, organisation_id: organisationId, role })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function retirerAdhesions(
  db: BaseComptes,
  compteId: string,
  organisationId: string,
): Promise<number> {
  const r = await db
    .deleteFrom('adhesion')
    .where('compte_id', '=', compteId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface Membre {
  compteId: string;
  courriel: string;
  nom: string | null;
  roles: Role[];
  actif: boolean;
}

export async function membresDe(db: BaseComptes, organisationId: string): Promise<Membre[]> {
  const l = await db
    .selectFrom('adhesion')
    .innerJoin('compte', 'compte.id', 'adhesion.compte_id')
    .select(['compte.id', 'compte.courriel', 'compte.nom', 'compte.actif', 'adhesion.role'])
    .where('adhesion.organisation_id', '=', organisationId)
    .orderBy('compte.courriel')
    .orderBy('adhesion.role')
    .execute();
  const parCompte = new Map<string, Membre>();
  for (const x of l) {
    const m = parCompte.get(x.id) ?? {
      compteId: x.id,
      courriel: x.courriel,
      nom: x.nom,
      roles: [],
      actif: x.actif,
    };
    m.roles.push(x.role as Role);
    parCompte.set(x.id, m);
  }
  return [...parCompte.values()];
}

export async function definirMotDePasse(
  db: BaseComptes,
  compteId: string,
  hache: string,
  doitChanger: boolean,
): Promise<void> {
  await db
    .updateTable('compte')
    .set({
      mot_de_passe: hache,
      doit_changer_mot_de_passe: doitChanger,
      echecs_connexion: 0,
      bloque_jusqua: null,
    })
    .where('id', '=', compteId)
    .execute();
}

/**
 * Counts a failed sign-in in the database (so the limit holds across processes); past `seuil`
 * consecutive failures the account is locked until `maintenant + dureeMs`.
 */
export async function enregistrerEchecConnexion(
  db: BaseComptes,
  compteId: string,
  maintenant: Date,
  seuil: number,
  dureeMs: number,
): Promise<void> {
  const bloque = new Date(maintenant.getTime() + dureeMs);
  await db
    .updateTable('compte')
    .set({
      echecs_connexion: sql<number>`echecs_connexion + 1`,
      bloque_jusqua: sql<Date | null>`case when echecs_connexion + 1 >= ${seuil} then ${bloque}::timestamptz else bloque_jusqua end`,
    })
    .where('id', '=', compteId)
    .execute();
}

export async function reinitialiserEchecs(db: BaseComptes, compteId: string): Promise<void> {
  await db
    .updateTable('compte')
    .set({ echecs_connexion: 0, bloque_jusqua: null })
    .where('id', '=', compteId)
    .execute();
}

// Sessions ----------------------------------------------------------------------------------

export interface SessionLue {
  compte: Compte;
  jetonCsrf: string;
  derniereActivite: Date;
  expireLe: Date;
  adhesions: Adhesion[];
}

export async function creerSession(
  db: BaseComptes,
  s: { empreinte: string; compteId: string; jetonCsrf: string; maintenant: Date; expireLe: Date },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      empreinte: s.empreinte,
      compte_id: s.compteId,
      jeton_csrf: s.jetonCsrf,
      cree_le: s.maintenant,
      derniere_activite: s.maintenant,
      expire_le: s.expireLe,
    })
    .execute();
}

/**
 * One query: the session, its account and the account's memberships (aggregated), so a request
 * costs one round trip. Expiry is checked by the caller (it owns the clock).
 */
export async function lireSession(db: BaseComptes, empreinte: string): Promise<SessionLue | null> {
  const l = await db
    .selectFrom('session')
    .innerJoin('compte', 'compte.id', 'session.compte_id')
    .selectAll('compte')
    .select(['session.jeton_csrf', 'session.derniere_activite', 'session.expire_le'])
    .select(
      sql<
        Adhesion[] | string
      >`coalesce((select json_agg(json_build_object('organisationId', a.organisation_id, 'typeOrganisation', o.type, 'role', a.role) order by a.organisation_id, a.role) from adhesion a join organisation o on o.id = a.organisation_id where a.compte_id = compte.id), '[]'::json)`.as(
        'adhesions',
      ),
    )
    .where('session.empreinte', '=', empreinte)
    .executeTakeFirst();
  if (!l) return null;
  return {
    compte: versCompte(l),
    jetonCsrf: l.jeton_csrf,
    derniereActivite: l.derniere_activite,
    expireLe: l.expire_le,
    adhesions:
      typeof l.adhesions === 'string' ? (JSON.parse(l.adhesions) as Adhesion[]) : l.adhesions,
  };
}

export async function toucherSession(
  db: BaseComptes,
  empreinte: string,
  maintenant: Date,
): Promise<void> {
  await db
    .updateTable('session')
    .set({ derniere_activite: maintenant })
    .where('empreinte', '=', empreinte)
    .execute();
}

export async function supprimerSession(db: BaseComptes, empreinte: string): Promise<void> {
  await db.deleteFrom('session').where('empreinte', '=', empreinte).execute();
}

/** Ends every session of an account (after a password change or reset), except `sauf`. */
export async function supprimerSessionsDe(
  db: BaseComptes,
  compteId: string,
  sauf?: string,
): Promise<void> {
  let q = db.deleteFrom('session').where('compte_id', '=', compteId);
  if (sauf) q = q.where('empreinte', '!=', sauf);
  await q.execute();
}

// One-time tokens ---------------------------------------------------------------------------

export type UsageJeton = 'invitation' | 'reinitialisation';

export async function creerJeton(
  db: BaseComptes,
  j: { empreinte: string; compteId: string; usage: UsageJeton; expireLe: Date },
): Promise<void> {
  await db
    .insertInto('jeton_unique')
    .values({
      empreinte: j.empreinte,
      compte_id: j.compteId,
      usage: j.usage,
      expire_le: j.expireLe,
      utilise_le: null,
    })
    .execute();
}

export async function lireJetonValide(
  db: BaseComptes,
  empreinte: string,
  maintenant: Date,
): Promise<{ compteId: string; usage: UsageJeton } | null> {
  const l = await db
    .selectFrom('jeton_unique')
    .select(['compte_id', 'usage'])
    .where('empreinte', '=', empreinte)
    .where('utilise_le', 'is', null)
    .where('expire_le', '>', maintenant)
    .executeTakeFirst();
  return l ? { compteId: l.compte_id, usage: l.usage as UsageJeton } : null;
}

/** Marks the token used, atomically; returns its account if it was valid, unused and unexpired. */
export async function consommerJeton(
  db: BaseComptes,
  empreinte: string,
  maintenant: Date,
): Promise<{ compteId: string; usage: UsageJeton } | null> {
  const l = await db
    .updateTable('jeton_unique')
    .set({ utilise_le: maintenant })
    .where('empreinte', '=', empreinte)
    .where('utilise_le', 'is', null)
    .where('expire_le', '>', maintenant)
    .returning(['compte_id', 'usage'])
    .executeTakeFirst();
  return l ? { compteId: l.compte_id, usage: l.usage as UsageJeton } : null;
}

// API keys ----------------------------------------------------------------------------------

export interface CleApi {
  id: string;
  organisationId: string;
  role: Role;
  libelle: string;
  prefixe: string;
  creeLe: string;
  revoqueeLe: string | null;
}

function iso(d: Date | string | null): string | null {
  if (d === null) return null;
  return typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();
}

function versCle(l: {
  id: string;
  organisation_id: string;
  role: string;
  libelle: string;
  prefixe: string;
  cree_le: Date;
  revoquee_le: Date | null;
}): CleApi {
  return {
    id: l.id,
    organisationId: l.organisation_id,
    role: l.role as Role,
    libelle: l.libelle,
    prefixe: l.prefixe,
    creeLe: iso(l.cree_le) ?? '',
    revoqueeLe: iso(l.revoquee_le),
  };
}

export async function creerCle(
  db: BaseComptes,
  c: {
    id: string;
    organisationId: string;
    role: Role;
    libelle: string;
    prefixe: string;
    empreinte: string;
    creePar: string | null;
  },
): Promise<CleApi> {
  const l = await db
    .insertInto('cle_api')
    .values({
      id: c.id,
      organisation_id: c.organisationId,
      role: c.role,
      libelle: c.libelle,
      prefixe: c.prefixe,
      empreinte: c.empreinte,
      cree_par: c.creePar,
      revoquee_le: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return versCle(l);
}

/** A valid (not revoked) key by the hash of its secret, with its organisation's kind. */
export async function lireCleValide(
  db: BaseComptes,
  empreinte: string,
): Promise<(CleApi & { typeOrganisation: TypeOrganisation }) | null> {
  const l = await db
    .selectFrom('cle_api')
    .innerJoin('organisation', 'organisation.id', 'cle_api.organisation_id')
    .selectAll('cle_api')
    .select('organisation.type')
    .where('cle_api.empreinte', '=', empreinte)
    .where('cle_api.revoquee_le', 'is', null)
    .executeTakeFirst();
  return l ? { ...versCle(l), typeOrganisation: l.type as TypeOrganisation } : null;
}

export async function listerCles(
  db: BaseComptes,
  organisations: 'toutes' | ReadonlySet<string>,
): Promise<CleApi[]> {
  if (organisations !== 'toutes' && organisations.size === 0) return [];
  let q = db.selectFrom('cle_api').selectAll();
  if (organisations !== 'toutes') q = q.where('organisation_id', 'in', [...organisations]);
  return (await q.orderBy('cree_le').orderBy('id').execute()).map(versCle);
}

export async function trouverCle(db: BaseComptes, id: string): Promise<CleApi | null> {
  const l = await db.selectFrom('cle_api').selectAll().where('id', '=', id).executeTakeFirst();
  return l ? versCle(l) : null;
}

export async function revoquerCle(db: BaseComptes, id: string, maintenant: Date): Promise<void> {
  await db
    .updateTable('cle_api')
    .set({ revoquee_le: maintenant })
    .where('id', '=', id)
    .where('revoquee_le', 'is', null)
    .execute();
}
