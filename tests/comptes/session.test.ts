import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completerCles, plateformeDeTest } from './aide.ts';
import { moteurDeTest } from '../aide/base.ts';

describe(`sessions, mots de passe, clés d’API (${moteurDeTest})`, () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let org: string;
  const siret = completerCles('12345678', '0001');
  beforeAll(async () => {
    p = await plateformeDeTest({ OPCO_ECHECS_AVANT_BLOCAGE: '3' });
    org = await p.organisation('entreprise', { siret }, 'Boulangerie Test');
  }, 120_000);
  afterAll(async () => p.fermer());

  it('chaque route déclare son accès (méta-test sur toutes les routes enregistrées)', () => {
    const sans = p.app.routesAcces.filter((r) => r.acces === null);
    expect(sans).toEqual([]);
    expect(p.app.routesAcces.length).toBeGreaterThan(15);
    const publiques = p.app.routesAcces.filter((r) => r.acces === 'public').map((r) => r.url);
    expect(publiques).toContain('/api/v1/opcos');
    expect(publiques).toContain('/health');
    expect(publiques).not.toContain('/api/v1/moi');
  });

  it('GET /api/v1/moi sans session : 401 problem+json', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/api/v1/moi' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'ERR_NON_AUTHENTIFIE', status: 401 });
  });

  it('premier mot de passe : connexion, /moi dit qu’il faut le changer, tout le reste est fermé', async () => {
    const { motDePasse } = await p.service.creerCompte(
      { compteId: null, cleId: null },
      {
        courriel: 'Premiere@Exemple.fr',
        adhesion: { organisationId: org, role: 'entreprise_administrateur' },
      },
    );
    expect(motDePasse).toMatch(/^[A-Za-z0-9]{20}$/);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { courriel: 'premiere@exemple.fr', motDePasse },
    });
    expect(r.statusCode).toBe(200);
    const cookie = r.headers['set-cookie'] as string;
    expect(cookie).toMatch(/^opco_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // Plain http on the loopback only: Secure relaxed (documented in docs/comptes.md).
    expect(cookie).not.toContain('Secure');
    const moi = r.json();
    expect(moi.motDePasseAChanger).toBe(true);
    expect(moi.compte.courriel).toBe('premiere@exemple.fr');
    expect(moi.organisations).toEqual([
      expect.objectContaining({
        id: org,
        nom: 'Boulangerie Test',
        roles: ['entreprise_administrateur'],
        siren: siret.slice(0, 9),
      }),
    ]);
    expect(moi.espaces).toEqual(['entreprise']);
    const c = `opco_session=${/opco_session=([^;]+)/.exec(cookie)![1]}`;
    const moi2 = await p.app.inject({ method: 'GET', url: '/api/v1/moi', headers: { cookie: c } });
    expect(moi2.statusCode).toBe(200);
    expect(moi2.json().motDePasseAChanger).toBe(true);
    const ailleurs = await p.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${org}/membres`,
      headers: { cookie: c },
    });
    expect(ailleurs.statusCode).toBe(403);
    expect(ailleurs.json().code).toBe('ERR_MOT_DE_PASSE_A_CHANGER');
    // Changing it without the CSRF header is refused.
    const sansCsrf = await p.app.inject({
      method: 'PUT',
      url: '/api/v1/moi/mot-de-passe',
      headers: { cookie: c },
      payload: { motDePasseActuel: motDePasse, nouveauMotDePasse: 'un mot de passe assez long' },
    });
    expect(sansCsrf.statusCode).toBe(403);
    expect(sansCsrf.json().code).toBe('ERR_CSRF');
    const court = await p.app.inject({
      method: 'PUT',
      url: '/api/v1/moi/mot-de-passe',
      headers: { cookie: c, 'x-csrf-token': moi.jetonCsrf },
      payload: { motDePasseActuel: motDePasse, nouveauMotDePasse: 'court' },
    });
    expect(court.statusCode).toBe(400);
    expect(court.json().erreurs[0].champ).toBe('body.nouveauMotDePasse');
    const ok = await p.app.inject({
      method: 'PUT',
      url: '/api/v1/moi/mot-de-passe',
      headers: { cookie: c, 'x-csrf-token': moi.jetonCsrf },
      payload: { motDePasseActuel: motDePasse, nouveauMotDePasse: 'un mot de passe assez long' },
    });
    expect(ok.statusCode).toBe(204);
    const membres = await p.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${org}/membres`,
      headers: { cookie: c },
    });
    expect(membres.statusCode).toBe(200);
    expect(membres.json().membres).toEqual([
      expect.objectContaining({
        courriel: 'premiere@exemple.fr',
        roles: ['entreprise_administrateur'],
      }),
    ]);
    // Sign out: the session is gone from the database, the cookie no longer works.
    const fin = await p.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: c, 'x-csrf-token': moi.jetonCsrf },
    });
    expect(fin.statusCode).toBe(204);
    const apres = await p.app.inject({ method: 'GET', url: '/api/v1/moi', headers: { cookie: c } });
    expect(apres.statusCode).toBe(401);
  });

  it('mauvais mot de passe : 401 sans dire lequel ; au 3e échec le compte est bloqué (429) même avec le bon', async () => {
    const a = await p.personne('bloque@exemple.fr', {
      organisationId: org,
      role: 'entreprise_membre',
    });
    const inconnu = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { courriel: 'personne@exemple.fr', motDePasse: 'nimporte quoi du tout' },
    });
    expect(inconnu.statusCode).toBe(401);
    expect(inconnu.json().code).toBe('ERR_IDENTIFIANTS_INVALIDES');
    for (let i = 0; i < 3; i++) {
      const r = await p.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { courriel: 'bloque@exemple.fr', motDePasse: 'mauvais mot de passe !' },
      });
      expect(r.statusCode).toBe(401);
      expect(r.json().detail).toBe(inconnu.json().detail);
    }
    const bon = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { courriel: 'bloque@exemple.fr', motDePasse: a.motDePasse },
    });
    expect(bon.statusCode).toBe(429);
    expect(bon.json().code).toBe('ERR_TROP_DE_TENTATIVES');
    p.avancerHorloge(16 * 60_000);
    const plusTard = await p.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { courriel: 'bloque@exemple.fr', motDePasse: a.motDePasse },
    });
    expect(plusTard.statusCode).toBe(200);
  });

  it('une session inactive plus de 30 minutes expire', async () => {
    const a = await p.personne('inactif@exemple.fr', {
      organisationId: org,
      role: 'entreprise_membre',
    });
    const avant = await p.app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: a.cookie },
    });
    expect(avant.statusCode).toBe(200);
    p.avancerHorloge(31 * 60_000);
    const apres = await p.app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { cookie: a.cookie },
    });
    expect(apres.statusCode).toBe(401);
  });

  it('réinitialisation : lien à usage unique envoyé par courriel, réponse identique pour un inconnu', async () => {
    await p.personne('oubli@exemple.fr', { organisationId: org, role: 'entreprise_membre' });
    const avant = p.boite.length;
    const inconnu = await p.app.inject({
      method: 'POST',
      url: '/api/v1/mot-de-passe/reinitialisation',
      payload: { courriel: 'inconnu@exemple.fr' },
    });
    expect(inconnu.statusCode).toBe(202);
    expect(p.boite.length).toBe(avant);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/mot-de-passe/reinitialisation',
      payload: { courriel: 'oubli@exemple.fr' },
    });
    expect(r.statusCode).toBe(202);
    const mail = p.boite.at(-1)!;
    expect(mail.a).toBe('oubli@exemple.fr');
    const jeton = /#jeton=([A-Za-z0-9_-]+)/.exec(mail.texte)![1]!;
    const faible = await p.app.inject({
      method: 'POST',
      url: '/api/v1/mot-de-passe/definition',
      payload: { jeton, motDePasse: 'court' },
    });
    expect(faible.statusCode).toBe(400);
    const ok = await p.app.inject({
      method: 'POST',
      url: '/api/v1/mot-de-passe/definition',
      payload: { jeton, motDePasse: 'nouveau mot de passe retrouvé' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().compte.courriel).toBe('oubli@exemple.fr');
    const encore = await p.app.inject({
      method: 'POST',
      url: '/api/v1/mot-de-passe/definition',
      payload: { jeton, motDePasse: 'encore un autre mot de passe' },
    });
    expect(encore.statusCode).toBe(400);
    expect(encore.json().code).toBe('ERR_JETON_INVALIDE');
    await p.connecter('oubli@exemple.fr', 'nouveau mot de passe retrouvé');
  });

  it('clé d’API : montrée une fois, stockée hachée, utilisable à la place d’une session, révocable', async () => {
    const admin = await p.personne('admin-cles@exemple.fr', {
      organisationId: org,
      role: 'entreprise_administrateur',
    });
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${org}/cles`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { libelle: 'Logiciel de paie', role: 'entreprise_membre' },
    });
    expect(r.statusCode).toBe(201);
    const { cle, info } = r.json();
    expect(cle).toMatch(/^opco_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    const stockee = await p.ctx.base.db
      .withTables<{ cle_api: { id: string; empreinte: string } }>()
      .selectFrom('cle_api')
      .select('empreinte')
      .where('id', '=', info.id)
      .executeTakeFirstOrThrow();
    expect(stockee.empreinte).not.toContain(cle);
    expect(stockee.empreinte).toMatch(/^[0-9a-f]{64}$/);
    const liste = await p.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${org}/cles`,
      headers: { cookie: admin.cookie },
    });
    expect(JSON.stringify(liste.json())).not.toContain(cle.slice(15));
    for (const headers of [{ authorization: `Bearer ${cle}` }, { 'x-api-key': cle }]) {
      const moi = await p.app.inject({ method: 'GET', url: '/api/v1/moi', headers });
      expect(moi.statusCode).toBe(200);
      expect(moi.json().compte.methode).toBe('cle_api');
      expect(moi.json().organisations.map((o: { id: string }) => o.id)).toEqual([org]);
      const o = await p.app.inject({ method: 'GET', url: `/api/v1/organisations/${org}`, headers });
      expect(o.statusCode).toBe(200);
    }
    // A key cannot administer (invite, create keys), whatever its role; no CSRF needed to try.
    const inviter = await p.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${org}/membres`,
      headers: { authorization: `Bearer ${cle}` },
      payload: { courriel: 'x@exemple.fr', role: 'entreprise_membre' },
    });
    expect(inviter.statusCode).toBe(403);
    expect(inviter.json().code).toBe('ERR_ACCES_REFUSE');
    const rev = await p.app.inject({
      method: 'DELETE',
      url: `/api/v1/organisations/${org}/cles/${info.id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(rev.statusCode).toBe(204);
    const apres = await p.app.inject({
      method: 'GET',
      url: '/api/v1/moi',
      headers: { 'x-api-key': cle },
    });
    expect(apres.statusCode).toBe(401);
  });

  it('en-têtes de sécurité des documents (helmet) : CSP sans script en ligne', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('en-têtes de sécurité des réponses de l’API : le jeu REST de l’OWASP, rien de plus', async () => {
    const attendus = {
      'cache-control': 'no-store',
      'content-security-policy': "frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    };
    const documents = [
      'cross-origin-opener-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ];
    for (const url of [
      '/health',
      '/api/v1/opcos',
      '/api/v1/moi', // 401 problem+json
      '/api/v1/inconnue', // 404 problem+json
      '/api/v1/rattachement?siret=1', // 400 problem+json
    ]) {
      const r = await p.app.inject({ method: 'GET', url });
      expect(r.headers, url).toMatchObject(attendus);
      for (const nom of documents) expect(r.headers[nom], `${url} ${nom}`).toBeUndefined();
    }
    // The same access rules as before: an API answer is never framed nor cached.
    const moi = await p.app.inject({ method: 'GET', url: '/api/v1/moi' });
    expect(moi.statusCode).toBe(401);
  });
});
