import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1, in the test process: its
 * development login and consent pages are driven by `naviguer` below, as a browser would.
 */
export interface PersonneOidc {
  sub: string;
  email: string;
  emailVerifie: boolean;
}

export interface ClientOidc {
  clientId: string;
  clientSecret: string;
  redirection: string;
}

export async function demarrerFournisseur(
  clients: ClientOidc[],
  personnes: Map<string, PersonneOidc>,
): Promise<{ issuer: string; fermer(): Promise<void> }> {
  let gestionnaire: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const serveur = http.createServer((req, res) => gestionnaire?.(req, res));
  await new Promise<void>((resolve) => serveur.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(serveur.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirection],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const p = personnes.get(id);
      if (!p) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: p.sub, email: p.email, email_verified: p.emailVerifie };
        },
      };
    },
  });
  gestionnaire = provider.callback();
  return {
    issuer,
    async fermer() {
      serveur.closeAllConnections();
      await new Promise<void>((resolve) => serveur.close(() => resolve()));
    },
  };
}

/**
 * Follows the provider's redirects with a cookie jar, signs in as `login` on its development
 * login page and consents, until the redirect to `retour` (the application's redirect URI): that
 * URL is returned, for the test to hand to the application.
 */
export async function naviguer(depart: string, login: string, retour: string): Promise<URL> {
  const biscuits = new Map<string, string>();
  let url = new URL(depart);
  let methode = 'GET';
  let corps: string | undefined;
  for (let i = 0; i < 20; i++) {
    const r = await fetch(url, {
      method: methode,
      redirect: 'manual',
      headers: {
        cookie: [...biscuits].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(corps ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(corps ? { body: corps } : {}),
    });
    for (const c of r.headers.getSetCookie()) {
      const [paire] = c.split(';');
      const [k, ...v] = (paire ?? '').split('=');
      if (k) biscuits.set(k.trim(), v.join('='));
    }
    methode = 'GET';
    corps = undefined;
    const location = r.headers.get('location');
    if (r.status >= 300 && r.status < 400 && location) {
      url = new URL(location, url);
      if (url.href.startsWith(retour)) return url;
      continue;
    }
    const html = await r.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`page inattendue du fournisseur (${r.status})`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    methode = 'POST';
    corps = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'indifférent' } : { prompt },
    ).toString();
  }
  throw new Error('trop de redirections');
}
