import * as client from 'openid-client';
import { z } from 'zod';
import type { ConfigOidc } from './config.ts';

/**
 * Sign-in through OpenID Connect identity providers (ProConnect, an OPCO's own) with
 * `openid-client`: authorization code flow with PKCE (S256), `state` and `nonce`. What the flow
 * must remember between the redirect to the provider and its return travels in an HttpOnly
 * cookie (`opco_oidc`, 10 minutes, path of the OIDC routes): no server state, so any process can
 * finish a flow another one started.
 */
export const NOM_COOKIE_OIDC = 'opco_oidc';
export const DUREE_DEMANDE_MS = 10 * 60_000;

const demandeSchema = z.object({
  f: z.string(),
  v: z.string(),
  s: z.string(),
  n: z.string(),
  t: z.number(),
});
type Demande = z.infer<typeof demandeSchema>;

export interface IdentiteOidc {
  fournisseur: ConfigOidc;
  issuer: string;
  sujet: string;
  courriel: string | null;
  courrielVerifie: boolean;
}

export class EchecOidc extends Error {
  constructor(readonly raison: string) {
    super(raison);
  }
}

export class ConnexionOidc {
  private readonly decouvertes = new Map<string, Promise<client.Configuration>>();

  constructor(
    readonly fournisseurs: readonly ConfigOidc[],
    private readonly horloge: () => Date = () => new Date(),
  ) {}

  fournisseur(id: string): ConfigOidc | undefined {
    return this.fournisseurs.find((f) => f.id === id);
  }

  /** The provider's metadata, fetched once (again after a failure). */
  private configuration(f: ConfigOidc): Promise<client.Configuration> {
    let d = this.decouvertes.get(f.id);
    if (!d) {
      const auth =
        f.authentification === 'client_secret_post'
          ? client.ClientSecretPost(f.clientSecret)
          : client.ClientSecretBasic(f.clientSecret);
      d = client.discovery(
        new URL(f.issuer),
        f.clientId,
        undefined,
        auth,
        f.autoriserHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      d.catch(() => this.decouvertes.delete(f.id));
      this.decouvertes.set(f.id, d);
    }
    return d;
  }

  /** The provider's authorization URL, and the cookie value that must come back with the user. */
  async demarrer(f: ConfigOidc): Promise<{ url: string; cookie: string }> {
    const config = await this.configuration(f).catch((e: unknown) => {
      throw new EchecOidc(`fournisseur injoignable (${e instanceof Error ? e.message : 'erreur'})`);
    });
    const demande: Demande = {
      f: f.id,
      v: client.randomPKCECodeVerifier(),
      s: client.randomState(),
      n: client.randomNonce(),
      t: this.horloge().getTime(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: f.redirection,
      scope: f.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(demande.v),
      code_challenge_method: 'S256',
      state: demande.s,
      nonce: demande.n,
    });
    return {
      url: url.href,
      cookie: Buffer.from(JSON.stringify(demande)).toString('base64url'),
    };
  }

  /**
   * The provider sent the user back to `retour` (the redirect URI with the provider's query):
   * checks state (against the cookie), exchanges the code with the PKCE verifier, validates the ID
   * token (issuer, audience, signature, nonce) and reads the e-mail (ID token, else userinfo).
   */
  async terminer(cookie: string | undefined, requete: URLSearchParams): Promise<IdentiteOidc> {
    if (!cookie) throw new EchecOidc('demande inconnue ou expirée (cookie absent)');
    let demande: Demande;
    try {
      demande = demandeSchema.parse(JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')));
    } catch {
      throw new EchecOidc('demande illisible');
    }
    if (this.horloge().getTime() - demande.t > DUREE_DEMANDE_MS)
      throw new EchecOidc('demande expirée');
    const f = this.fournisseur(demande.f);
    if (!f) throw new EchecOidc('fournisseur inconnu');
    const erreur = requete.get('error');
    if (erreur) throw new EchecOidc(`le fournisseur a refusé (${erreur.slice(0, 80)})`);
    const config = await this.configuration(f);
    const courante = new URL(f.redirection);
    courante.search = requete.toString();
    let jetons: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      jetons = await client.authorizationCodeGrant(config, courante, {
        pkceCodeVerifier: demande.v,
        expectedState: demande.s,
        expectedNonce: demande.n,
        idTokenExpected: true,
      });
    } catch (e) {
      throw new EchecOidc(`échange du code refusé (${e instanceof Error ? e.message : 'erreur'})`);
    }
    const claims = jetons.claims();
    if (!claims) throw new EchecOidc('jeton d’identité absent');
    let courriel = typeof claims.email === 'string' ? claims.email : null;
    let verifie = claims.email_verified === true;
    if (courriel === null) {
      const info = await client.fetchUserInfo(config, jetons.access_token, claims.sub);
      courriel = typeof info.email === 'string' ? info.email : null;
      verifie = info.email_verified === true;
    }
    return {
      fournisseur: f,
      issuer: claims.iss,
      sujet: claims.sub,
      courriel,
      courrielVerifie: verifie || f.courrielVerifie,
    };
  }
}
