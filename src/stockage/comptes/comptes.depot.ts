import { sql } from 'kysely';
import type {
  Adhesion,
  Organisation,
  Role,
  TypeOrganisation,
} from '../../domaine/comptes/index.ts';
import type { BaseComptes } from './tables.ts';

/** Organisations, accounts and their memberships. */

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
  /** Linked OpenID Connect identity, `<issuer>#<sub>`. */
  oidcSujet: string | null;
}

export function versCompte(l: {
  id: string;
  courriel: string;
  nom: string | null;
  mot_de_passe: string | null;
  doit_changer_mot_de_passe: boolean;
  administrateur_plateforme: boolean;
  actif: boolean;
  echecs_connexion: number;
  bloque_jusqua: Date | null;
  oidc_sujet: string | null;
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
    oidcSujet: l.oidc_sujet,
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

/** Erases an initial password never changed (the account signs in through OIDC instead). */
export async function effacerMotDePasseInitial(db: BaseComptes, compteId: string): Promise<void> {
  await db
    .updateTable('compte')
    .set({ mot_de_passe: null, doit_changer_mot_de_passe: false })
    .where('id', '=', compteId)
    .where('doit_changer_mot_de_passe', '=', true)
    .execute();
}

export async function adhesionsDe(db: BaseComptes, compteId: string): Promise<Adhesion[]> {
  const l = await db
    .selectFrom('adhesion')
    .innerJoin('organisation', 'organisation.id', 'adhesion.organisation_id')
    .select([
      'adhesion.organisation_id',
      'adhesion.role',
      'adhesion.en_attente',
      'organisation.type',
    ])
    .where('adhesion.compte_id', '=', compteId)
    .orderBy('adhesion.organisation_id')
    .orderBy('adhesion.role')
    .execute();
  return l.map((x) => ({
    organisationId: x.organisation_id,
    typeOrganisation: x.type as TypeOrganisation,
    role: x.role as Role,
    ...(x.en_attente ? { enAttente: true } : {}),
  }));
}

export async function ajouterAdhesion(
  db: BaseComptes,
  compteId: string,
  organisationId: string,
  role: Role,
  enAttente = false,
): Promise<boolean> {
  const r = await db
    .insertInto('adhesion')
    .values({ compte_id: compteId, organisation_id: organisationId, role, en_attente: enAttente })
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
