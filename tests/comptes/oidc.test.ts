import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOpco } from '../aide/base.ts';
import { completerCles, plateformeDeTest } from './aide.ts';
import { demarrerFournisseur, naviguer, type PersonneOidc } from './fournisseur-oidc.ts';

/**
 * OIDC sign-in end to end, offline: a real `oidc-provider` on 127.0.0.1 and the application
 * (openid-client, authorization code + PKCE) in the same process. The provider's pages are
 * driven like a browser; the application is reached by inject with the cookies it set.
 */
const publique = 'http://plateforme.test';
const retour = `${publique}/api/v1/session/oidc/retour`;

describe('connexion OpenID Connect contre un fournisseur local (oidc-provider)', () => {
  const personnes = new Map<string, PersonneOidc>();
  let fournisseur: Awaited<ReturnType<typeof demarrerFournisseur>>;
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const atlas = codeOpco('ATLAS');
  let opcoAtlas: string;
  let entreprise: string;

  beforeAll(async () => {
    fournisseur = await demarrerFournisseur(
      [
        { clientId: 'plateforme', clientSecret: 'secret-plateforme-de-test', redirection: retour },
        { clientId: 'atlas', clientSecret: 'secret-atlas-de-test', redirection: retour },
      ],
      personnes,
    );
    p = await plateformeDeTest({
      OPCO_URL_PUBLIQUE: publique,
      OIDC_ISSUER: fournisseur.issuer,
      OIDC_CLIENT_ID: 'plateforme',
      OIDC_CLIENT_SECRET: 'secret-plateforme-de-test',
      OIDC_AUTORISER_HTTP: '1',
      OIDC_FOURNISSEURS: JSON.stringify([
        {
          id: 'atlas',
          libelle: 'ATLAS',
          opco: atlas,
          issuer: fournisseur.issuer,
          clientId: 'atlas',
          clientSecret: 'secret-atlas-de-test',
          autoriserHttp: true,
        },
      ]),
    });
    opcoAtlas = await p.organisation('opco', { codeOpco: atlas }, 'ATLAS');
    entreprise = await p.organisation('entreprise', { siret: completerCles('77766655', '0001') });
  });
  afterAll(async () => {
    await p?.fermer();
    await fournisseur?.fermer();
  });

  /** Start at the application, sign in at the provider, come back: the application's answer. */
  async function seConnecter(idFournisseur: string, login: string, cookieOidc?: string) {
    const depart = await p.app.inject({
      method: 'GET',
      url: `/api/v1/session/oidc/${idFournisseur}`,
    });
    expect(depart.statusCode).toBe(302);
    const autorisation = new URL(depart.headers.location as string);
    const biscuit = depart.cookies.find((c) => c.name === 'opco_oidc');
    expect(biscuit?.httpOnly).toBe(true);
    expect(biscuit?.sameSite).toBe('Lax');
    const arrivee = await naviguer(autorisation.href, login, retour);
    const r = await p.app.inject({
      method: 'GET',
      url: `${arrivee.pathname}${arrivee.search}`,
      headers: { cookie: `opco_oidc=${cookieOidc ?? biscuit?.value ?? ''}` },
    });
    const session = r.cookies.find((c) => c.name === 'opco_session' && c.value);
    return { autorisation, r, session };
  }

  it('liste les fournisseurs configurés : celui de la plateforme et celui d’un OPCO', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/api/v1/session/oidc' });
    expect(r.json()).toEqual({
      fournisseurs: [
        { id: 'plateforme', libelle: 'ProConnect', opco: null },
        { id: 'atlas', libelle: 'ATLAS', opco: atlas },
      ],
    });
  });

  it('code d’autorisation + PKCE : un compte invité est lié par son courriel vérifié, puis par son sujet', async () => {
    await p.service.inviter(
      {
        sujet: {
          genre: 'personne',
          compteId: null,
          cleId: null,
          adhesions: [],
          administrateurPlateforme: true,
        },
        compte: null,
        session: null,
      },
      { id: entreprise, type: 'entreprise', nom: 'Entreprise' },
      'claire@entreprise.fr',
      'entreprise_membre',
      null,
    );
    personnes.set('u-claire', {
      sub: 'u-claire',
      email: 'Claire@Entreprise.fr',
      emailVerifie: true,
    });
    const { autorisation, r, session } = await seConnecter('plateforme', 'u-claire');
    // The request carried a S256 challenge, a state and a nonce.
    expect(autorisation.searchParams.get('code_challenge_method')).toBe('S256');
    expect(autorisation.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(autorisation.searchParams.get('state')).toBeTruthy();
    expect(autorisation.searchParams.get('nonce')).toBeTruthy();
    expect(autorisation.searchParams.get('redirect_uri')).toBe(retour);
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe('/connexion?oidc=1');
    expect(session?.httpOnly).toBe(true);
    const moi = await p.app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: `opco_session=${session?.value}` },
    });
    expect(moi.statusCode).toBe(200);
    expect(moi.json().compte.courriel).toBe('claire@entreprise.fr');
    expect(moi.json().organisations.map((o: { id: string }) => o.id)).toEqual([entreprise]);
    // Linked: the provider now gives another address, the subject still finds her.
    personnes.set('u-claire', { sub: 'u-claire', email: 'autre@ailleurs.fr', emailVerifie: true });
    const encore = await seConnecter('plateforme', 'u-claire');
    expect(encore.r.headers.location).toBe('/connexion?oidc=1');
    const audit = await p.ctx.base.db
      .withTables<{ audit: { action: string; rang: number } }>()
      .selectFrom('audit')
      .select('action')
      .where('action', 'in', ['compte.lier_oidc', 'session.ouvrir_oidc'])
      .orderBy('rang')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'compte.lier_oidc',
      'session.ouvrir_oidc',
      'session.ouvrir_oidc',
    ]);
  });

  it('aucun compte n’est créé : identité inconnue ou courriel non vérifié → refus, pas de session', async () => {
    personnes.set('u-inconnu', {
      sub: 'u-inconnu',
      email: 'personne@nulle.fr',
      emailVerifie: true,
    });
    const a = await seConnecter('plateforme', 'u-inconnu');
    expect(a.r.headers.location).toBe('/connexion?erreur=ERR_OIDC_COMPTE_INCONNU');
    expect(a.session).toBeUndefined();
    await p.service.creerCompte(
      { compteId: null, cleId: null },
      { courriel: 'non-verifie@entreprise.fr' },
    );
    personnes.set('u-nv', { sub: 'u-nv', email: 'non-verifie@entreprise.fr', emailVerifie: false });
    const b = await seConnecter('plateforme', 'u-nv');
    expect(b.r.headers.location).toBe('/connexion?erreur=ERR_OIDC_COMPTE_INCONNU');
    expect(b.session).toBeUndefined();
  });

  it('le fournisseur d’un OPCO ne connecte que le personnel de cet OPCO ; le mot de passe initial est effacé', async () => {
    const { motDePasse: initial } = await p.service.creerCompte(
      { compteId: null, cleId: null },
      {
        courriel: 'instructeur@atlas.fr',
        adhesion: { organisationId: opcoAtlas, role: 'opco_instructeur' },
      },
    );
    personnes.set('u-instr', { sub: 'u-instr', email: 'instructeur@atlas.fr', emailVerifie: true });
    const ok = await seConnecter('atlas', 'u-instr');
    expect(ok.r.headers.location).toBe('/connexion?oidc=1');
    expect(ok.session).toBeDefined();
    // The OIDC session opens the OPCO's routes at once (no initial password to change first)…
    const lire = await p.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${opcoAtlas}`,
      headers: { cookie: `opco_session=${ok.session?.value}` },
    });
    expect(lire.statusCode).toBe(200);
    // …and the printed initial password no longer signs in.
    const ancien = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { courriel: 'instructeur@atlas.fr', motDePasse: initial },
    });
    expect(ancien.statusCode).toBe(401);
    await p.service.creerCompte(
      { compteId: null, cleId: null },
      {
        courriel: 'membre@entreprise.fr',
        adhesion: { organisationId: entreprise, role: 'entreprise_membre' },
      },
    );
    personnes.set('u-membre', {
      sub: 'u-membre',
      email: 'membre@entreprise.fr',
      emailVerifie: true,
    });
    const non = await seConnecter('atlas', 'u-membre');
    expect(non.r.headers.location).toBe('/connexion?erreur=ERR_OIDC_COMPTE_INCONNU');
    expect(non.session).toBeUndefined();
  });

  it('retour sans la demande de ce navigateur (cookie absent ou d’une autre demande) : refus', async () => {
    personnes.set('u-claire', {
      sub: 'u-claire',
      email: 'claire@entreprise.fr',
      emailVerifie: true,
    });
    const sansCookie = await seConnecter('plateforme', 'u-claire', 'absent');
    expect(sansCookie.r.headers.location).toBe('/connexion?erreur=ERR_OIDC_ECHEC');
    expect(sansCookie.session).toBeUndefined();
    // The cookie of another flow (other state, other PKCE verifier).
    const autre = await p.app.inject({ method: 'GET', url: '/api/v1/session/oidc/plateforme' });
    const autreCookie = autre.cookies.find((c) => c.name === 'opco_oidc')?.value;
    const croise = await seConnecter('plateforme', 'u-claire', autreCookie);
    expect(croise.r.headers.location).toBe('/connexion?erreur=ERR_OIDC_ECHEC');
    expect(croise.session).toBeUndefined();
  });

  it('fournisseur inconnu : 404 problem+json', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/api/v1/session/oidc/inconnu' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });
});
