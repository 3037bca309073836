import { sql, type Transaction } from 'kysely';
import {
  declarationSurLHonneur,
  empreinteValeur,
  estRole,
  normaliserCourriel,
  roleAdministrateur,
  typeDuRole,
  verifierIdentifiants,
  verifierMotDePasse,
  type Adhesion,
  type IdentifiantsOrganisation,
  type IdentifiantsSaisis,
  type Organisation,
  type Role,
  type Sujet,
  type TypeOrganisation,
} from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import type { Base } from '../../stockage/db.ts';
import type { Database } from '../../stockage/schema.ts';
import { CacheAcces } from './cache.ts';
import type { ConfigComptes } from './config.ts';
import type { Courrier } from './courriels.ts';
import type { IdentiteOidc } from './oidc.ts';
import {
  egaliteConstante,
  empreinteSecret,
  hacherMotDePasse,
  identifiant,
  motDePasseInitial,
  nouvelleCleApi,
  secretAleatoire,
  verifierMotDePasseHache,
} from './secrets.ts';

/** Who performs a change, as written in the audit trail. */
export interface Acteur {
  compteId: string | null;
  cleId: string | null;
}

export const acteurSysteme: Acteur = { compteId: null, cleId: null };

export function acteurDe(s: Sujet): Acteur {
  return { compteId: s.compteId, cleId: s.cleId };
}

/** A resolved authentication, computed once per request. */
export interface Authentification {
  sujet: Sujet;
  compte: depot.Compte | null;
  /** Session only: hash of the session id and its CSRF token. */
  session: { empreinte: string; jetonCsrf: string } | null;
}

export type ResultatConnexion =
  | { ok: true; jeton: string; jetonCsrf: string; compte: depot.Compte }
  | { ok: false; motif: 'identifiants' | 'bloque'; jusqua?: Date };

function refuser(champ: string, probleme: string): never {
  throw new ErreurOpco('ERR_VALIDATION', { detail: `${champ} : ${probleme}`, champ });
}

/**
 * Application service of accounts and access: every change runs in one transaction with its
 * audit row. The clock is injected (tests move it to check expiry).
 */
export class ServiceComptes {
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

  private get db() {
    return depot.comptes(this.base.db);
  }

  /**
   * Runs `f` in a transaction and appends its audit row in the same transaction. Unless the
   * change can make no cached session or key stale (`revoque: false`: a new session, account,
   * organisation, token or key), the caches are emptied here and in the other processes.
   */
  private async enTransaction<T>(
    acteur: Acteur,
    quoi: { action: string; ressource: string; organisationId: string | null },
    f: (trx: Transaction<Database & depot.TablesComptes>) => Promise<{
      resultat: T;
      avant?: unknown;
      apres?: unknown;
    }>,
    revoque = true,
  ): Promise<T> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const r = await f(trx);
        // Delivered at commit only: the other processes drop their cached sessions and keys.
        if (revoque && this.base.moteur === 'postgres')
          await sql`select pg_notify(${this.canalInvalidation}, '')`.execute(trx);
        await ajouterAudit(trx as unknown as Transaction<Database>, {
          horodatage: this.horloge().toISOString(),
          compteId: acteur.compteId,
          cleId: acteur.cleId,
          organisationId: quoi.organisationId,
          action: quoi.action,
          ressource: quoi.ressource,
          avant: r.avant === undefined ? null : empreinteValeur(r.avant),
          apres: r.apres === undefined ? null : empreinteValeur(r.apres),
        });
        return r.resultat;
      });
    } finally {
      // A change that may revoke (session closed, password, membership, key…) empties the cache.
      if (revoque) this.invalider();
    }
  }

  // Organisations ---------------------------------------------------------------------------

  /** Creates an organisation, or returns the existing one with the same identifying key. */
  async creerOrganisation(
    acteur: Acteur,
    type: TypeOrganisation,
    nom: string | undefined,
    saisis: IdentifiantsSaisis,
  ): Promise<Organisation> {
    const v = verifierIdentifiants(type, saisis);
    if (!v.ok) refuser(v.champ, v.probleme);
    const existante = await depot.trouverOrganisationPar(this.db, type, v.valeur);
    if (existante) return existante;
    const o: Organisation = {
      id: identifiant(),
      type,
      nom: nom?.trim() || nomParDefaut(type, v.valeur),
      ...v.valeur,
    };
    return this.enTransaction(
      acteur,
      { action: 'organisation.creer', ressource: `organisation:${o.id}`, organisationId: o.id },
      async (trx) => {
        await depot.creerOrganisation(trx, o);
        return { resultat: o, apres: o };
      },
      false,
    );
  }

  // Accounts --------------------------------------------------------------------------------

  /**
   * Creates an account with an initial password it must change at first sign-in, optionally
   * with a role in an organisation (CLI `opco comptes creer`, `creer-admin`).
   */
  async creerCompte(
    acteur: Acteur,
    entree: {
      courriel: string;
      nom?: string | null;
      administrateurPlateforme?: boolean;
      adhesion?: { organisationId: string; role: Role } | null;
    },
  ): Promise<{ compte: depot.Compte; motDePasse: string }> {
    const courriel = verifierCourriel(entree.courriel);
    if (await depot.trouverCompteParCourriel(this.db, courriel))
      throw new ErreurOpco('ERR_COMPTE_EXISTANT', { courriel });
    const motDePasse = motDePasseInitial();
    const hache = await hacherMotDePasse(motDePasse);
    const id = identifiant();
    await this.enTransaction(
      acteur,
      {
        action: 'compte.creer',
        ressource: `compte:${id}`,
        organisationId: entree.adhesion?.organisationId ?? null,
      },
      async (trx) => {
        await depot.creerCompte(trx, {
          id,
          courriel,
          nom: entree.nom ?? null,
          motDePasse: hache,
          doitChangerMotDePasse: true,
          administrateurPlateforme: entree.administrateurPlateforme ?? false,
        });
        if (entree.adhesion)
          await depot.ajouterAdhesion(
            trx,
            id,
            entree.adhesion.organisationId,
            entree.adhesion.role,
          );
        return {
          resultat: null,
          apres: {
            id,
            courriel,
            admin: entree.administrateurPlateforme ?? false,
            ...entree.adhesion,
          },
        };
      },
      false,
    );
    const compte = await depot.trouverCompte(this.db, id);
    if (!compte) throw new ErreurOpco('ERR_INTERNE', {});
    return { compte, motDePasse };
  }

  // Sign-in and sessions --------------------------------------------------------------------

  async connecter(courrielBrut: string, motDePasse: string): Promise<ResultatConnexion> {
    const courriel = normaliserCourriel(courrielBrut);
    const compte = await depot.trouverCompteParCourriel(this.db, courriel);
    const maintenant = this.horloge();
    if (compte?.bloqueJusqua && compte.bloqueJusqua > maintenant) {
      // Still hash, so a locked account answers in the same time as every other.
      await verifierMotDePasseHache(null, motDePasse);
      return { ok: false, motif: 'bloque', jusqua: compte.bloqueJusqua };
    }
    const bon = await verifierMotDePasseHache(compte?.motDePasse ?? null, motDePasse);
    if (!compte || !bon || !compte.actif) {
      if (compte)
        await depot.enregistrerEchecConnexion(
          this.db,
          compte.id,
          maintenant,
          this.config.echecsAvantBlocage,
          this.config.dureeBlocageMs,
        );
      return { ok: false, motif: 'identifiants' };
    }
    const s = await this.ouvrirSession(compte.id, 'session.ouvrir');
    return { ok: true, ...s, compte };
  }

  async ouvrirSession(
    compteId: string,
    action: string,
  ): Promise<{ jeton: string; jetonCsrf: string }> {
    const jeton = secretAleatoire();
    const jetonCsrf = secretAleatoire();
    const maintenant = this.horloge();
    await this.enTransaction(
      { compteId, cleId: null },
      { action, ressource: `compte:${compteId}`, organisationId: null },
      async (trx) => {
        await depot.reinitialiserEchecs(trx, compteId);
        await depot.creerSession(trx, {
          empreinte: empreinteSecret(jeton),
          compteId,
          jetonCsrf,
          maintenant,
          expireLe: new Date(maintenant.getTime() + this.config.dureeSessionMs),
        });
        return { resultat: null };
      },
      false,
    );
    return { jeton, jetonCsrf };
  }

  /**
   * Sign-in by an OpenID Connect provider: the account is found by its linked subject
   * (`<issuer>#<sub>`), else by its e-mail if the provider vouches for it, then linked. No account
   * is created (an administrator invites first). A provider bound to an OPCO only signs in that
   * OPCO's staff.
   */
  async connecterOidc(
    id: IdentiteOidc,
  ): Promise<{ jeton: string; jetonCsrf: string; compte: depot.Compte }> {
    const sujet = `${id.issuer}#${id.sujet}`;
    let compte = await depot.trouverCompteOidc(this.db, sujet);
    let lier = false;
    if (!compte) {
      if (!id.courriel || !id.courrielVerifie) throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
      compte = await depot.trouverCompteParCourriel(this.db, normaliserCourriel(id.courriel));
      if (!compte) throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
      if (compte.oidcSujet !== null)
        throw new ErreurOpco('ERR_OIDC_ECHEC', {
          raison: 'ce compte est déjà lié à une autre identité',
        });
      lier = true;
    }
    if (!compte.actif) throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
    if (id.fournisseur.opco !== null) {
      const adhesions = await depot.adhesionsDe(this.db, compte.id);
      const orgs = await depot.listerOrganisations(
        this.db,
        new Set(
          adhesions.filter((a) => a.typeOrganisation === 'opco').map((a) => a.organisationId),
        ),
      );
      if (!orgs.some((o) => o.codeOpco === id.fournisseur.opco))
        throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
    }
    const compteId = compte.id;
    // An initial password never changed (CLI) is erased: the provider now vouches for the person,
    // and the printed password must not stay usable (nor block the OIDC session).
    const effacerInitial = compte.doitChangerMotDePasse;
    if (lier || effacerInitial)
      await this.enTransaction(
        { compteId, cleId: null },
        { action: 'compte.lier_oidc', ressource: `compte:${compteId}`, organisationId: null },
        async (trx) => {
          if (lier) await depot.lierOidc(trx, compteId, sujet);
          if (effacerInitial) await depot.effacerMotDePasseInitial(trx, compteId);
          return {
            resultat: null,
            apres: {
              sujet,
              fournisseur: id.fournisseur.id,
              motDePasseInitialEfface: effacerInitial,
            },
          };
        },
        false,
      );
    const s = await this.ouvrirSession(compteId, 'session.ouvrir_oidc');
    return {
      ...s,
      compte: effacerInitial
        ? { ...compte, motDePasse: null, doitChangerMotDePasse: false }
        : compte,
    };
  }

  /**
   * The session behind a cookie value, if valid (absolute and idle expiry checked here, on every
   * request, with the service's clock). The row is read from the cache when it is fresh; a cached
   * row that looks expired is read again before the session is ended.
   */
  async resoudreSession(jeton: string): Promise<Authentification | null> {
    const empreinte = empreinteSecret(jeton);
    let s = this.cacheSessions.lire(empreinte);
    const maintenant = this.horloge();
    const valide = (x: depot.SessionLue) =>
      x.expireLe > maintenant &&
      maintenant.getTime() - x.derniereActivite.getTime() <= this.config.inactiviteSessionMs &&
      x.compte.actif;
    if (!s || !valide(s)) {
      const generation = this.cacheSessions.jeton;
      s = (await depot.lireSession(this.db, empreinte)) ?? undefined;
      if (!s) return null;
      if (!valide(s)) {
        this.cacheSessions.retirer(empreinte);
        await depot.supprimerSession(this.db, empreinte);
        return null;
      }
      this.cacheSessions.ecrire(empreinte, s, generation);
    }
    // Write the activity at most once a minute: most requests only read.
    if (maintenant.getTime() - s.derniereActivite.getTime() > 60_000) {
      await depot.toucherSession(this.db, empreinte, maintenant);
      this.cacheSessions.modifier(empreinte, (x) => ({ ...x, derniereActivite: maintenant }));
    }
    return {
      sujet: {
        genre: 'personne',
        compteId: s.compte.id,
        cleId: null,
        adhesions: s.adhesions,
        administrateurPlateforme: s.compte.administrateurPlateforme,
      },
      compte: s.compte,
      session: { empreinte, jetonCsrf: s.jetonCsrf },
    };
  }

  async resoudreCle(cle: string): Promise<Authentification | null> {
    if (!/^opco_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/.test(cle)) return null;
    const empreinte = empreinteSecret(cle);
    let c = this.cacheCles.lire(empreinte);
    if (!c) {
      const generation = this.cacheCles.jeton;
      c = (await depot.lireCleValide(this.db, empreinte)) ?? undefined;
      if (!c) return null;
      this.cacheCles.ecrire(empreinte, c, generation);
    }
    const adhesion: Adhesion = {
      organisationId: c.organisationId,
      typeOrganisation: c.typeOrganisation,
      role: c.role,
    };
    return {
      sujet: {
        genre: 'logiciel',
        compteId: null,
        cleId: c.id,
        adhesions: [adhesion],
        administrateurPlateforme: false,
      },
      compte: null,
      session: null,
    };
  }

  async fermerSession(auth: Authentification): Promise<void> {
    if (!auth.session || !auth.compte) return;
    const empreinte = auth.session.empreinte;
    await this.enTransaction(
      acteurDe(auth.sujet),
      { action: 'session.fermer', ressource: `compte:${auth.compte.id}`, organisationId: null },
      async (trx) => {
        await depot.supprimerSession(trx, empreinte);
        return { resultat: null };
      },
    );
  }

  verifierCsrf(auth: Authentification, jeton: string | undefined): boolean {
    if (!auth.session) return true;
    return jeton !== undefined && egaliteConstante(jeton, auth.session.jetonCsrf);
  }

  // Passwords -------------------------------------------------------------------------------

  async changerMotDePasse(auth: Authentification, actuel: string, nouveau: string): Promise<void> {
    const compte = auth.compte;
    if (!compte) throw new ErreurOpco('ERR_ACCES_REFUSE', { raison: 'réservé aux personnes' });
    if (!(await verifierMotDePasseHache(compte.motDePasse, actuel)))
      refuser('body.motDePasseActuel', 'le mot de passe actuel est incorrect');
    if (actuel === nouveau)
      refuser('body.nouveauMotDePasse', 'le nouveau mot de passe doit différer de l’actuel');
    const v = verifierMotDePasse(nouveau, compte.courriel);
    if (!v.ok) refuser('body.nouveauMotDePasse', v.probleme);
    const hache = await hacherMotDePasse(nouveau);
    await this.enTransaction(
      acteurDe(auth.sujet),
      {
        action: 'compte.changer_mot_de_passe',
        ressource: `compte:${compte.id}`,
        organisationId: null,
      },
      async (trx) => {
        await depot.definirMotDePasse(trx, compte.id, hache, false);
        // Other sessions end (ASVS 3.3.3); this one stays.
        await depot.supprimerSessionsDe(trx, compte.id, auth.session?.empreinte);
        return { resultat: null };
      },
    );
  }

  /** Sends a reset link if the account exists; answers the same either way (no enumeration). */
  async demanderReinitialisation(courrielBrut: string): Promise<void> {
    const courriel = normaliserCourriel(courrielBrut);
    const compte = await depot.trouverCompteParCourriel(this.db, courriel);
    if (!compte || !compte.actif) return;
    const jeton = await this.nouveauJeton(compte.id, 'reinitialisation', acteurSysteme, null);
    await this.courrier.envoyer({
      a: compte.courriel,
      sujet: 'Réinitialisation de votre mot de passe — Plateforme OPCO',
      texte: `Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable 24 heures, une seule fois) :\n${this.config.urlPublique}/connexion/mot-de-passe#jeton=${jeton}\n\nSi vous n’avez rien demandé, ignorez ce message.`,
    });
  }

  private async nouveauJeton(
    compteId: string,
    usage: depot.UsageJeton,
    acteur: Acteur,
    organisationId: string | null,
  ): Promise<string> {
    const jeton = secretAleatoire();
    await this.enTransaction(
      acteur,
      { action: `jeton.${usage}`, ressource: `compte:${compteId}`, organisationId },
      async (trx) => {
        await depot.creerJeton(trx, {
          empreinte: empreinteSecret(jeton),
          compteId,
          usage,
          expireLe: new Date(this.horloge().getTime() + this.config.dureeJetonMs),
        });
        return { resultat: null };
      },
      false,
    );
    return jeton;
  }

  /** Invitation or reset link: sets the password and opens a session (first sign-in). */
  async definirParJeton(
    jeton: string,
    motDePasse: string,
  ): Promise<{ jeton: string; jetonCsrf: string; compte: depot.Compte }> {
    const maintenant = this.horloge();
    const empreinte = empreinteSecret(jeton);
    const lu = await depot.lireJetonValide(this.db, empreinte, maintenant);
    const compte = lu ? await depot.trouverCompte(this.db, lu.compteId) : null;
    if (!lu || lu.usage === 'confirmation' || !compte || !compte.actif)
      throw new ErreurOpco('ERR_JETON_INVALIDE', {});
    // Checked before the token is spent, so a refused password leaves the link usable.
    const v = verifierMotDePasse(motDePasse, compte.courriel);
    if (!v.ok) refuser('body.motDePasse', v.probleme);
    const j = await depot.consommerJeton(this.db, empreinte, maintenant);
    if (!j || j.compteId !== compte.id) throw new ErreurOpco('ERR_JETON_INVALIDE', {});
    const hache = await hacherMotDePasse(motDePasse);
    await this.enTransaction(
      { compteId: compte.id, cleId: null },
      { action: `compte.${j.usage}`, ressource: `compte:${compte.id}`, organisationId: null },
      async (trx) => {
        await depot.definirMotDePasse(trx, compte.id, hache, false);
        await depot.supprimerSessionsDe(trx, compte.id);
        return { resultat: null };
      },
    );
    const s = await this.ouvrirSession(compte.id, 'session.ouvrir');
    return { ...s, compte: { ...compte, doitChangerMotDePasse: false } };
  }

  // Companies attested on first use ------------------------------------------------------

  /**
   * A company creates its own account by SIRET (docs/comptes.md, « Entreprise attestée ») : the
   * person declares on honour that they represent it, chooses a password and is signed in at
   * once, as a pending administrator (read only) until they open the confirmation link mailed to
   * them. Refused if the company already has an administrator (they invite), or if the address
   * already has an account. Attestations of one SIREN are serialised by an advisory lock.
   */
  async inscrireEntreprise(entree: {
    siret: string;
    courriel: string;
    motDePasse: string;
    denomination?: string | undefined;
    opco: { code: string; nom: string } | null;
  }): Promise<{
    jeton: string;
    jetonCsrf: string;
    compte: depot.Compte;
    organisation: Organisation;
  }> {
    const courriel = verifierCourriel(entree.courriel);
    const v = verifierMotDePasse(entree.motDePasse, courriel);
    if (!v.ok) refuser('body.motDePasse', v.probleme);
    if (await depot.trouverCompteParCourriel(this.db, courriel))
      throw new ErreurOpco('ERR_COMPTE_EXISTANT', { courriel });
    const siren = entree.siret.slice(0, 9);
    const hache = await hacherMotDePasse(entree.motDePasse);
    const compteId = identifiant();
    const jetonConfirmation = secretAleatoire();
    const maintenant = this.horloge();
    const declaration = declarationSurLHonneur(entree.siret, courriel);
    const organisation = await this.enTransaction(
      { compteId, cleId: null },
      { action: 'entreprise.attester', ressource: `compte:${compteId}`, organisationId: null },
      async (trx) => {
        await depot.verrouillerEntreprise(trx, siren);
        let o = await depot.trouverOrganisationPar(trx, 'entreprise', { siren });
        if (o) {
          const membres = await depot.membresDe(trx, o.id);
          if (membres.some((m) => m.roles.includes('entreprise_administrateur')))
            throw new ErreurOpco('ERR_ENTREPRISE_DEJA_ADMINISTREE', { siren });
          await depot.ajouterSiret(trx, o.id, o.sirets ?? [], entree.siret);
        } else {
          o = {
            id: identifiant(),
            type: 'entreprise',
            nom: entree.denomination?.trim() || `Entreprise ${siren}`,
            siren,
            sirets: [entree.siret],
          };
          await depot.creerOrganisation(trx, o);
        }
        await depot.creerCompte(trx, {
          id: compteId,
          courriel,
          nom: null,
          motDePasse: hache,
          doitChangerMotDePasse: false,
          administrateurPlateforme: false,
        });
        await depot.ajouterAdhesion(trx, compteId, o.id, 'entreprise_administrateur', true);
        await depot.creerAttestation(trx, {
          id: identifiant(),
          organisationId: o.id,
          compteId,
          siret: entree.siret,
          codeOpco: entree.opco?.code ?? null,
          nomOpco: entree.opco?.nom ?? null,
          declaration,
          attesteeLe: maintenant,
        });
        await depot.creerJeton(trx, {
          empreinte: empreinteSecret(jetonConfirmation),
          compteId,
          usage: 'confirmation',
          expireLe: new Date(maintenant.getTime() + this.config.dureeJetonMs),
        });
        return {
          resultat: o,
          apres: {
            compteId,
            organisation: o.id,
            siret: entree.siret,
            opco: entree.opco,
            declaration,
          },
        };
      },
      false,
    );
    await this.courrier.envoyer({
      a: courriel,
      sujet: `Confirmez votre adresse — ${organisation.nom} sur la Plateforme OPCO`,
      texte: `Bonjour,\n\nVous avez créé l’accès de ${organisation.nom} (SIRET ${entree.siret}) à la Plateforme OPCO en déclarant :\n« ${declaration} »\n\nPour confirmer votre adresse et débloquer le dépôt de demandes, l’invitation de collègues et les clés d’API, ouvrez ce lien (valable 24 heures, une seule fois) :\n${this.config.urlPublique}/inscription/confirmation#jeton=${jetonConfirmation}\n\nSi vous n’êtes pas à l’origine de cette inscription, ignorez ce message : l’accès restera limité à la lecture.`,
    });
    const s = await this.ouvrirSession(compteId, 'session.ouvrir');
    const compte = await depot.trouverCompte(this.db, compteId);
    if (!compte) throw new ErreurOpco('ERR_INTERNE', {});
    return { ...s, compte, organisation };
  }

  /** Sends a new confirmation link to a person whose attestation is still pending. */
  async renvoyerConfirmation(auth: Authentification): Promise<boolean> {
    const compte = auth.compte;
    if (!compte) throw new ErreurOpco('ERR_ACCES_REFUSE', { raison: 'réservé aux personnes' });
    const enAttente = await depot.attestationsEnAttente(this.db, compte.id);
    if (enAttente.length === 0) return false;
    const jeton = await this.nouveauJeton(compte.id, 'confirmation', acteurDe(auth.sujet), null);
    await this.courrier.envoyer({
      a: compte.courriel,
      sujet: 'Confirmez votre adresse — Plateforme OPCO',
      texte: `Bonjour,\n\nPour confirmer votre adresse et débloquer l’accès complet de votre entreprise, ouvrez ce lien (valable 24 heures, une seule fois) :\n${this.config.urlPublique}/inscription/confirmation#jeton=${jeton}\n`,
    });
    return true;
  }

  /** The confirmation link: the account's pending attestations become full memberships. */
  async confirmerAttestation(jeton: string): Promise<{ organisations: string[] }> {
    const maintenant = this.horloge();
    const empreinte = empreinteSecret(jeton);
    const lu = await depot.lireJetonValide(this.db, empreinte, maintenant);
    if (!lu || lu.usage !== 'confirmation') throw new ErreurOpco('ERR_JETON_INVALIDE', {});
    const compteId = lu.compteId;
    return this.enTransaction(
      { compteId, cleId: null },
      {
        action: 'entreprise.confirmer_attestation',
        ressource: `compte:${compteId}`,
        organisationId: null,
      },
      async (trx) => {
        const j = await depot.consommerJeton(trx, empreinte, maintenant);
        if (!j || j.compteId !== compteId) throw new ErreurOpco('ERR_JETON_INVALIDE', {});
        const organisations = await depot.confirmerAttestations(trx, compteId, maintenant);
        return { resultat: { organisations }, apres: { organisations } };
      },
    );
  }

  // Members of an organisation --------------------------------------------------------------

  /** Invites a person into an organisation with a role: account created if new, mail sent. */
  async inviter(
    auth: Authentification,
    organisation: Organisation,
    courrielBrut: string,
    role: Role,
    nom: string | null,
  ): Promise<{ compteId: string; nouveau: boolean }> {
    const courriel = verifierCourriel(courrielBrut);
    if (typeDuRole(role) !== organisation.type)
      refuser(
        'body.role',
        `le rôle ${role} n’existe pas pour une organisation de type ${organisation.type}`,
      );
    const existant = await depot.trouverCompteParCourriel(this.db, courriel);
    const compteId = existant?.id ?? identifiant();
    await this.enTransaction(
      acteurDe(auth.sujet),
      {
        action: 'organisation.inviter',
        ressource: `compte:${compteId}`,
        organisationId: organisation.id,
      },
      async (trx) => {
        if (!existant)
          await depot.creerCompte(trx, {
            id: compteId,
            courriel,
            nom,
            motDePasse: null,
            doitChangerMotDePasse: false,
            administrateurPlateforme: false,
          });
        await depot.ajouterAdhesion(trx, compteId, organisation.id, role);
        return { resultat: null, apres: { compteId, organisation: organisation.id, role } };
      },
    );
    if (existant?.motDePasse) {
      await this.courrier.envoyer({
        a: courriel,
        sujet: `Vous avez accès à ${organisation.nom} — Plateforme OPCO`,
        texte: `Bonjour,\n\nVous avez désormais le rôle « ${role} » pour ${organisation.nom}.\nConnectez-vous : ${this.config.urlPublique}/connexion`,
      });
    } else {
      const jeton = await this.nouveauJeton(
        compteId,
        'invitation',
        acteurDe(auth.sujet),
        organisation.id,
      );
      await this.courrier.envoyer({
        a: courriel,
        sujet: `Invitation à rejoindre ${organisation.nom} — Plateforme OPCO`,
        texte: `Bonjour,\n\nVous êtes invité(e) à rejoindre ${organisation.nom} sur la Plateforme OPCO.\nPour choisir votre mot de passe et vous connecter, ouvrez ce lien (valable 24 heures, une seule fois) :\n${this.config.urlPublique}/connexion/mot-de-passe#jeton=${jeton}\n`,
      });
    }
    return { compteId, nouveau: !existant };
  }

  async retirerMembre(
    auth: Authentification,
    organisationId: string,
    compteId: string,
  ): Promise<boolean> {
    const membres = await depot.membresDe(this.db, organisationId);
    const m = membres.find((x) => x.compteId === compteId);
    if (!m) return false;
    const admin =
      roleAdministrateur[
        (await depot.trouverOrganisation(this.db, organisationId))?.type ?? 'etat'
      ];
    if (admin && m.roles.includes(admin)) {
      const autresAdmins = membres.filter(
        (x) => x.compteId !== compteId && x.roles.includes(admin),
      );
      if (autresAdmins.length === 0)
        refuser('params.compte', 'on ne retire pas le dernier administrateur de l’organisation');
    }
    await this.enTransaction(
      acteurDe(auth.sujet),
      { action: 'organisation.retirer_membre', ressource: `compte:${compteId}`, organisationId },
      async (trx) => {
        await depot.retirerAdhesions(trx, compteId, organisationId);
        return { resultat: null, avant: m };
      },
    );
    return true;
  }

  // API keys --------------------------------------------------------------------------------

  async creerCle(
    auth: Authentification,
    organisation: Organisation,
    role: string,
    libelle: string,
  ): Promise<{ cle: string; info: depot.CleApi }> {
    if (!estRole(role) || typeDuRole(role) !== organisation.type)
      refuser(
        'body.role',
        `le rôle ${role} n’existe pas pour une organisation de type ${organisation.type}`,
      );
    const n = nouvelleCleApi();
    const id = identifiant();
    const info = await this.enTransaction(
      acteurDe(auth.sujet),
      { action: 'cle_api.creer', ressource: `cle_api:${id}`, organisationId: organisation.id },
      async (trx) => {
        const info = await depot.creerCle(trx, {
          id,
          organisationId: organisation.id,
          role,
          libelle,
          prefixe: n.prefixe,
          empreinte: n.empreinte,
          creePar: auth.sujet.compteId,
        });
        return { resultat: info, apres: { id, role, libelle, organisation: organisation.id } };
      },
      false,
    );
    return { cle: n.cle, info };
  }

  async revoquerCle(
    auth: Authentification,
    organisationId: string,
    cleId: string,
  ): Promise<boolean> {
    const c = await depot.trouverCle(this.db, cleId);
    if (!c || c.organisationId !== organisationId) return false;
    if (c.revoqueeLe) return true;
    await this.enTransaction(
      acteurDe(auth.sujet),
      { action: 'cle_api.revoquer', ressource: `cle_api:${cleId}`, organisationId },
      async (trx) => {
        await depot.revoquerCle(trx, cleId, this.horloge());
        return { resultat: null, avant: c };
      },
    );
    return true;
  }
}

function verifierCourriel(brut: string): string {
  const c = normaliserCourriel(brut);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c) || c.length > 254)
    refuser('courriel', 'adresse électronique invalide');
  return c;
}

function nomParDefaut(type: TypeOrganisation, o: IdentifiantsOrganisation): string {
  switch (type) {
    case 'entreprise':
      return `Entreprise ${o.siren ?? ''}`.trim();
    case 'organisme_formation':
      return `Organisme de formation ${o.siret ?? ''}`.trim();
    case 'opco':
      return `OPCO ${o.codeOpco ?? ''}`.trim();
    case 'branche':
      return `Branche IDCC ${o.idcc ?? ''}`.trim();
    case 'france_competences':
      return 'France compétences';
    case 'etat':
      return 'État';
  }
}
