import type {
  IdentifiantsSaisis,
  Organisation,
  Role,
  TypeOrganisation,
} from '../../domaine/comptes/index.ts';
import type * as depot from '../../stockage/comptes.depot.ts';
import type { Base } from '../../stockage/db.ts';
import { CacheAcces } from './cache.ts';
import type { ConfigComptes } from './config.ts';
import * as connexion from './connexion.ts';
import type { ResultatConnexion } from './connexion.ts';
import type { Courrier } from './courriels.ts';
import * as inscription from './inscription.ts';
import * as motsDePasse from './mots-de-passe.ts';
import type { Acteur, Authentification, ContexteComptes } from './noyau.ts';
import type { IdentiteOidc } from './oidc.ts';
import * as organisations from './organisations.ts';

export { acteurDe, acteurSysteme } from './noyau.ts';
export type { Acteur, Authentification } from './noyau.ts';
export type { ResultatConnexion } from './connexion.ts';

/** A session opened for an account: the cookie value and its CSRF token. */
type Session = { jeton: string; jetonCsrf: string };

/**
 * Application service of accounts and access: every change runs in one transaction with its
 * audit row (`noyau.ts`). The clock is injected (tests move it to check expiry). The work is done
 * by the modules `organisations.ts`, `connexion.ts`, `mots-de-passe.ts` and `inscription.ts`.
 */
export class ServiceComptes implements ContexteComptes {
  readonly base: Base;
  readonly config: ConfigComptes;
  readonly courrier: Courrier;
  horloge: () => Date;
  /** Lookups of sessions and keys, kept `config.cacheAccesMs` at most (see `invalider`). */
  readonly cacheSessions: CacheAcces<depot.SessionLue>;
  readonly cacheCles: CacheAcces<depot.CleValide>;

  constructor(base: Base, config: ConfigComptes, courrier: Courrier, horloge = () => new Date()) {
    this.base = base;
    this.config = config;
    this.courrier = courrier;
    this.horloge = horloge;
    this.cacheSessions = new CacheAcces(config.cacheAccesMs);
    this.cacheCles = new CacheAcces(config.cacheAccesMs);
  }

  /**
   * PostgreSQL channel on which every committed change of accounts or access is announced, so
   * the other server processes empty their cache (one channel per schema).
   */
  get canalInvalidation(): string {
    return `opco_acces_${this.base.schema}`;
  }

  /** Empties this process's cache of sessions and keys (after each change, or on notification). */
  invalider(): void {
    this.cacheSessions.vider();
    this.cacheCles.vider();
  }

  // Organisations and accounts ---------------------------------------------------------------

  /** Creates an organisation, or returns the existing one with the same identifying key. */
  creerOrganisation(
    acteur: Acteur,
    type: TypeOrganisation,
    nom: string | undefined,
    saisis: IdentifiantsSaisis,
  ): Promise<Organisation> {
    return organisations.creerOrganisation(this, acteur, type, nom, saisis);
  }

  /**
   * Creates an account with an initial password it must change at first sign-in, optionally
   * with a role in an organisation (CLI `opco comptes creer`, `creer-admin`).
   */
  creerCompte(
    acteur: Acteur,
    entree: Parameters<typeof organisations.creerCompte>[2],
  ): Promise<{ compte: depot.Compte; motDePasse: string }> {
    return organisations.creerCompte(this, acteur, entree);
  }

  // Sign-in and sessions ---------------------------------------------------------------------

  connecter(courrielBrut: string, motDePasse: string): Promise<ResultatConnexion> {
    return connexion.connecter(this, courrielBrut, motDePasse);
  }

  ouvrirSession(compteId: string, action: string): Promise<Session> {
    return connexion.ouvrirSession(this, compteId, action);
  }

  /** Sign-in by an OpenID Connect provider (see `connexion.connecterOidc`). */
  connecterOidc(id: IdentiteOidc): Promise<Session & { compte: depot.Compte }> {
    return connexion.connecterOidc(this, id);
  }

  /** The session behind a cookie value, if valid (see `connexion.resoudreSession`). */
  resoudreSession(jeton: string): Promise<Authentification | null> {
    return connexion.resoudreSession(this, jeton);
  }

  resoudreCle(cle: string): Promise<Authentification | null> {
    return connexion.resoudreCle(this, cle);
  }

  fermerSession(auth: Authentification): Promise<void> {
    return connexion.fermerSession(this, auth);
  }

  verifierCsrf(auth: Authentification, jeton: string | undefined): boolean {
    return connexion.verifierCsrf(auth, jeton);
  }

  // Passwords --------------------------------------------------------------------------------

  changerMotDePasse(auth: Authentification, actuel: string, nouveau: string): Promise<void> {
    return motsDePasse.changerMotDePasse(this, auth, actuel, nouveau);
  }

  /** Sends a reset link if the account exists; answers the same either way (no enumeration). */
  demanderReinitialisation(courrielBrut: string): Promise<void> {
    return motsDePasse.demanderReinitialisation(this, courrielBrut);
  }

  /** Invitation or reset link: sets the password and opens a session (first sign-in). */
  definirParJeton(jeton: string, motDePasse: string): Promise<Session & { compte: depot.Compte }> {
    return motsDePasse.definirParJeton(this, jeton, motDePasse);
  }

  // Companies attested on first use ----------------------------------------------------------

  /** A company creates its own account by SIRET (see `inscription.inscrireEntreprise`). */
  inscrireEntreprise(
    entree: Parameters<typeof inscription.inscrireEntreprise>[1],
  ): Promise<Session & { compte: depot.Compte; organisation: Organisation }> {
    return inscription.inscrireEntreprise(this, entree);
  }

  /** Sends a new confirmation link to a person whose attestation is still pending. */
  renvoyerConfirmation(auth: Authentification): Promise<boolean> {
    return inscription.renvoyerConfirmation(this, auth);
  }

  /** The confirmation link: the account's pending attestations become full memberships. */
  confirmerAttestation(jeton: string): Promise<{ organisations: string[] }> {
    return inscription.confirmerAttestation(this, jeton);
  }

  // Members of an organisation and API keys --------------------------------------------------

  /** Invites a person into an organisation with a role: account created if new, mail sent. */
  inviter(
    auth: Authentification,
    organisation: Organisation,
    courrielBrut: string,
    role: Role,
    nom: string | null,
  ): Promise<{ compteId: string; nouveau: boolean }> {
    return organisations.inviter(this, auth, organisation, courrielBrut, role, nom);
  }

  retirerMembre(
    auth: Authentification,
    organisationId: string,
    compteId: string,
  ): Promise<boolean> {
    return organisations.retirerMembre(this, auth, organisationId, compteId);
  }

  creerCle(
    auth: Authentification,
    organisation: Organisation,
    role: string,
    libelle: string,
  ): Promise<{ cle: string; info: depot.CleApi }> {
    return organisations.creerCle(this, auth, organisation, role, libelle);
  }

  revoquerCle(auth: Authentification, organisationId: string, cleId: string): Promise<boolean> {
    return organisations.revoquerCle(this, auth, organisationId, cleId);
  }
}
