import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { ErreurOpco } from '../partage/erreurs.ts';
import type { Base } from './db.ts';

/**
 * Access to the SIRO compatibility paths: API keys (header X-Gravitee-Api-Key), partner accounts
 * (login + password) and the partner tokens they get. Secrets never reach the database in clear:
 * keys and tokens are 256-bit random strings stored as their SHA-256 (enough for a secret with
 * that much entropy), passwords as argon2id hashes (@node-rs/argon2, its default algorithm).
 */

/** Hex SHA-256 of a secret, the form in which keys and tokens are stored and looked up. */
export function empreinte(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function secretAleatoire(prefixe: string): string {
  return `${prefixe}${randomBytes(32).toString('base64url')}`;
}

export interface CleSiro {
  nom: string;
  creeLe: string;
  revoqueLe: string | null;
}

function verifierNom(champ: string, valeur: string, max: number): string {
  const v = valeur.trim();
  if (v.length === 0 || v.length > max || /\p{Cc}/u.test(v))
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: `${champ} : de 1 à ${max} caractères imprimables attendus`,
      champ,
    });
  return v;
}

/** Creates an API key named `nom`; returns the key itself, shown once and never stored. */
export async function creerCle(base: Base, nomBrut: string): Promise<string> {
  const nom = verifierNom('nom', nomBrut, 100);
  const cle = secretAleatoire('siro_');
  await base.db.transaction().execute(async (trx) => {
    const existe = await trx
      .selectFrom('siro_cle')
      .select('id')
      .where('nom', '=', nom)
      .where('revoque_le', 'is', null)
      .executeTakeFirst();
    if (existe)
      throw new ErreurOpco('ERR_VALIDATION', {
        detail: `nom : une clé active s’appelle déjà « ${nom} » (révoquez-la d’abord ou choisissez un autre nom)`,
        champ: 'nom',
      });
    await trx
      .insertInto('siro_cle')
      .values({ nom, empreinte: empreinte(cle) })
      .execute();
  });
  return cle;
}

/** Revokes the active key named `nom`; it stops working at once, in every server process. */
export async function revoquerCle(base: Base, nom: string): Promise<void> {
  const r = await base.db
    .updateTable('siro_cle')
    .set({ revoque_le: sql<Date>`now()` })
    .where('nom', '=', nom.trim())
    .where('revoque_le', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
      ressource: 'Clé SIRO active',
      identifiant: nom,
    });
}

export async function listerCles(base: Base): Promise<CleSiro[]> {
  const lignes = await base.db
    .selectFrom('siro_cle')
    .select(['nom', 'cree_le', 'revoque_le'])
    .orderBy('nom')
    .orderBy('cree_le')
    .execute();
  return lignes.map((l) => ({
    nom: l.nom,
    creeLe: new Date(l.cree_le).toISOString(),
    revoqueLe: l.revoque_le ? new Date(l.revoque_le).toISOString() : null,
  }));
}

/** True when `cle` is an active API key. */
export async function cleValide(base: Base, cle: string): Promise<boolean> {
  if (cle.length === 0 || cle.length > 200) return false;
  const r = await base.db
    .selectFrom('siro_cle')
    .select('id')
    .where('empreinte', '=', empreinte(cle))
    .where('revoque_le', 'is', null)
    .executeTakeFirst();
  return r !== undefined;
}

/** Creates a partner account. The password is kept only as an argon2id hash. */
export async function creerPartenaire(
  base: Base,
  loginBrut: string,
  motDePasse: string,
): Promise<void> {
  const login = verifierNom('login', loginBrut, 200);
  if (motDePasse.length < 10)
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: 'mot de passe : au moins 10 caractères',
      champ: 'mot-de-passe',
    });
  const hachage = await hash(motDePasse);
  await base.db.transaction().execute(async (trx) => {
    const existe = await trx
      .selectFrom('siro_partenaire')
      .select('id')
      .where('login', '=', login)
      .where('revoque_le', 'is', null)
      .executeTakeFirst();
    if (existe)
      throw new ErreurOpco('ERR_VALIDATION', {
        detail: `login : le partenaire « ${login} » existe déjà (révoquez-le d’abord)`,
        champ: 'login',
      });
    await trx.insertInto('siro_partenaire').values({ login, hachage }).execute();
  });
}

/** Revokes a partner account and deletes its tokens. */
export async function revoquerPartenaire(base: Base, login: string): Promise<void> {
  await base.db.transaction().execute(async (trx) => {
    const p = await trx
      .updateTable('siro_partenaire')
      .set({ revoque_le: sql<Date>`now()` })
      .where('login', '=', login.trim())
      .where('revoque_le', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!p)
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
        ressource: 'Partenaire SIRO actif',
        identifiant: login,
      });
    await trx.deleteFrom('siro_jeton').where('partenaire_id', '=', p.id).execute();
  });
}

/** Compared against when the login is unknown, so that both cases take the same time. */
let hachageLeurre: Promise<string> | undefined;

/**
 * Checks a partner's login and password; on success stores and returns a new token valid
 * `dureeHeures` hours (the database clock decides, so that every process agrees).
 */
export async function connecterPartenaire(
  base: Base,
  login: string,
  motDePasse: string,
  dureeHeures: number,
): Promise<string | null> {
  const p = await base.db
    .selectFrom('siro_partenaire')
    .select(['id', 'hachage'])
    .where('login', '=', login)
    .where('revoque_le', 'is', null)
    .executeTakeFirst();
  if (!p) {
    hachageLeurre ??= hash(randomBytes(16).toString('hex'));
    await verify(await hachageLeurre, motDePasse);
    return null;
  }
  if (!(await verify(p.hachage, motDePasse))) return null;
  const jeton = secretAleatoire('');
  await base.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('siro_jeton')
      .where('expire_le', '<=', sql<Date>`now()`)
      .execute();
    await trx
      .insertInto('siro_jeton')
      .values({
        empreinte: empreinte(jeton),
        partenaire_id: p.id,
        expire_le: sql<Date>`now() + make_interval(hours => ${dureeHeures})`,
      })
      .execute();
  });
  return jeton;
}

/** True when `jeton` is an unexpired token of an active partner. */
export async function jetonValide(base: Base, jeton: string): Promise<boolean> {
  if (jeton.length === 0 || jeton.length > 200) return false;
  const r = await base.db
    .selectFrom('siro_jeton')
    .innerJoin('siro_partenaire', 'siro_partenaire.id', 'siro_jeton.partenaire_id')
    .select('siro_jeton.partenaire_id')
    .where('siro_jeton.empreinte', '=', empreinte(jeton))
    .where('siro_jeton.expire_le', '>', sql<Date>`now()`)
    .where('siro_partenaire.revoque_le', 'is', null)
    .executeTakeFirst();
  return r !== undefined;
}
