import { normaliserCourriel, type Adhesion } from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import {
  acteurDe,
  dbComptes,
  enTransaction,
  type Authentification,
  type ContexteComptes,
} from './noyau.ts';
import type { IdentiteOidc } from './oidc.ts';
import {
  egaliteConstante,
  empreinteSecret,
  secretAleatoire,
  verifierMotDePasseHache,
} from './secrets.ts';

/** Sign-in (password or OpenID Connect), sessions and API keys resolved on each request. */

export type ResultatConnexion =
  | { ok: true; jeton: string; jetonCsrf: string; compte: depot.Compte }
  | { ok: false; motif: 'identifiants' | 'bloque'; jusqua?: Date };

export async function connecter(
  ctx: ContexteComptes,
  courrielBrut: string,
  motDePasse: string,
): Promise<ResultatConnexion> {
  const courriel = normaliserCourriel(courrielBrut);
  const compte = await depot.trouverCompteParCourriel(dbComptes(ctx), courriel);
  const maintenant = ctx.horloge();
  if (compte?.bloqueJusqua && compte.bloqueJusqua > maintenant) {
    // Still hash, so a locked account answers in the same time as every other.
    await verifierMotDePasseHache(null, motDePasse);
    return { ok: false, motif: 'bloque', jusqua: compte.bloqueJusqua };
  }
  const bon = await verifierMotDePasseHache(compte?.motDePasse ?? null, motDePasse);
  if (!compte || !bon || !compte.actif) {
    if (compte)
      await depot.enregistrerEchecConnexion(
        dbComptes(ctx),
        compte.id,
        maintenant,
        ctx.config.echecsAvantBlocage,
        ctx.config.dureeBlocageMs,
      );
    return { ok: false, motif: 'identifiants' };
  }
  const s = await ouvrirSession(ctx, compte.id, 'session.ouvrir');
  return { ok: true, ...s, compte };
}

export async function ouvrirSession(
  ctx: ContexteComptes,
  compteId: string,
  action: string,
): Promise<{ jeton: string; jetonCsrf: string }> {
  const jeton = secretAleatoire();
  const jetonCsrf = secretAleatoire();
  const maintenant = ctx.horloge();
  await enTransaction(
    ctx,
    { compteId, cleId: null },
    { action, ressource: `compte:${compteId}`, organisationId: null },
    async (trx) => {
      await depot.reinitialiserEchecs(trx, compteId);
      await depot.creerSession(trx, {
        empreinte: empreinteSecret(jeton),
        compteId,
        jetonCsrf,
        maintenant,
        expireLe: new Date(maintenant.getTime() + ctx.config.dureeSessionMs),
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
export async function connecterOidc(
  ctx: ContexteComptes,
  id: IdentiteOidc,
): Promise<{ jeton: string; jetonCsrf: string; compte: depot.Compte }> {
  const sujet = `${id.issuer}#${id.sujet}`;
  let compte = await depot.trouverCompteOidc(dbComptes(ctx), sujet);
  let lier = false;
  if (!compte) {
    if (!id.courriel || !id.courrielVerifie) throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
    compte = await depot.trouverCompteParCourriel(dbComptes(ctx), normaliserCourriel(id.courriel));
    if (!compte) throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
    if (compte.oidcSujet !== null)
      throw new ErreurOpco('ERR_OIDC_ECHEC', {
        raison: 'ce compte est déjà lié à une autre identité',
      });
    lier = true;
  }
  if (!compte.actif) throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
  if (id.fournisseur.opco !== null) {
    const adhesions = await depot.adhesionsDe(dbComptes(ctx), compte.id);
    const orgs = await depot.listerOrganisations(
      dbComptes(ctx),
      new Set(adhesions.filter((a) => a.typeOrganisation === 'opco').map((a) => a.organisationId)),
    );
    if (!orgs.some((o) => o.codeOpco === id.fournisseur.opco))
      throw new ErreurOpco('ERR_OIDC_COMPTE_INCONNU', {});
  }
  const compteId = compte.id;
  // An initial password never changed (CLI) is erased: the provider now vouches for the person,
  // and the printed password must not stay usable (nor block the OIDC session).
  const effacerInitial = compte.doitChangerMotDePasse;
  if (lier || effacerInitial)
    await enTransaction(
      ctx,
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
  const s = await ouvrirSession(ctx, compteId, 'session.ouvrir_oidc');
  return {
    ...s,
    compte: effacerInitial ? { ...compte, motDePasse: null, doitChangerMotDePasse: false } : compte,
  };
}

/**
 * The session behind a cookie value, if valid (absolute and idle expiry checked here, on every
 * request, with the service's clock). The row is read from the cache when it is fresh; a cached
 * row that looks expired is read again before the session is ended.
 */
export async function resoudreSession(
  ctx: ContexteComptes,
  jeton: string,
): Promise<Authentification | null> {
  const empreinte = empreinteSecret(jeton);
  let s = ctx.cacheSessions.lire(empreinte);
  const maintenant = ctx.horloge();
  const valide = (x: depot.SessionLue) =>
    x.expireLe > maintenant &&
    maintenant.getTime() - x.derniereActivite.getTime() <= ctx.config.inactiviteSessionMs &&
    x.compte.actif;
  if (!s || !valide(s)) {
    const generation = ctx.cacheSessions.jeton;
    s = (await depot.lireSession(dbComptes(ctx), empreinte)) ?? undefined;
    if (!s) return null;
    if (!valide(s)) {
      ctx.cacheSessions.retirer(empreinte);
      await depot.supprimerSession(dbComptes(ctx), empreinte);
      return null;
    }
    ctx.cacheSessions.ecrire(empreinte, s, generation);
  }
  // Write the activity at most once a minute: most requests only read.
  if (maintenant.getTime() - s.derniereActivite.getTime() > 60_000) {
    await depot.toucherSession(dbComptes(ctx), empreinte, maintenant);
    ctx.cacheSessions.modifier(empreinte, (x) => ({ ...x, derniereActivite: maintenant }));
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

export async function resoudreCle(
  ctx: ContexteComptes,
  cle: string,
): Promise<Authentification | null> {
  if (!/^opco_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/.test(cle)) return null;
  const empreinte = empreinteSecret(cle);
  let c = ctx.cacheCles.lire(empreinte);
  if (!c) {
    const generation = ctx.cacheCles.jeton;
    c = (await depot.lireCleValide(dbComptes(ctx), empreinte)) ?? undefined;
    if (!c) return null;
    ctx.cacheCles.ecrire(empreinte, c, generation);
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

export async function fermerSession(ctx: ContexteComptes, auth: Authentification): Promise<void> {
  if (!auth.session || !auth.compte) return;
  const empreinte = auth.session.empreinte;
  await enTransaction(
    ctx,
    acteurDe(auth.sujet),
    { action: 'session.fermer', ressource: `compte:${auth.compte.id}`, organisationId: null },
    async (trx) => {
      await depot.supprimerSession(trx, empreinte);
      return { resultat: null };
    },
  );
}

export function verifierCsrf(auth: Authentification, jeton: string | undefined): boolean {
  if (!auth.session) return true;
  return jeton !== undefined && egaliteConstante(jeton, auth.session.jetonCsrf);
}
