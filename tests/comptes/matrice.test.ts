import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acces } from '../../src/api/acces/installer.ts';
import { acteurSysteme, type Authentification } from '../../src/api/acces/service.ts';
import { construireApp } from '../../src/api/app.ts';
import type { ModuleRoutes } from '../../src/api/types.ts';
import {
  rolesParType,
  typesOrganisation,
  type Role,
  type TypeOrganisation,
} from '../../src/domaine/comptes/index.ts';
import * as depot from '../../src/stockage/comptes.depot.ts';
import { moteurDeTest } from '../aide/base.ts';
import { completerCles, plateformeDeTest } from './aide.ts';
import { fa13Saisi } from '../dossiers/aide.ts';
import { planSaisi } from '../demandes/aide.ts';

interface Sujet {
  nom: string;
  role: Role;
  organisationId: string;
  national: boolean;
  headers: Record<string, string>;
  /** Headers for state-changing requests (CSRF for sessions). */
  headersModif: Record<string, string>;
}

/** Identifiers for org n of each type (valid SIRET keys computed). */
function ids(type: TypeOrganisation, n: number): Record<string, string> {
  switch (type) {
    case 'entreprise':
      return { siret: completerCles(`5${n}345678`.slice(0, 8), '0001') };
    case 'organisme_formation':
      return {
        siret: completerCles(`7${n}345678`.slice(0, 8), '0002'),
        uai: `075${n}123A`.slice(0, 8),
      };
    case 'opco':
      return { codeOpco: `0${n}` };
    case 'branche':
      return { idcc: String(1000 + n) };
    default:
      return {};
  }
}

describe(`matrice d’accès : rôles × routes × ressources d’une autre organisation (${moteurDeTest})`, () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const sujets: Sujet[] = [];
  /** Organisations of the other side (B), by type, with one member and one key each. */
  const autres: { type: TypeOrganisation; id: string; compteId: string; cleId: string }[] = [];
  const secretsB: string[] = [];

  beforeAll(async () => {
    p = await plateformeDeTest();
    const db = depot.comptes(p.ctx.base.db);
    const racine: Authentification = {
      sujet: {
        genre: 'personne',
        compteId: null,
        cleId: null,
        adhesions: [],
        administrateurPlateforme: true,
      },
      compte: null,
      session: null,
    };
    let n = 0;
    for (const type of typesOrganisation) {
      // France compétences and the State are single organisations: B is a second one by name.
      const a = await p.service.creerOrganisation(acteurSysteme, type, `A ${type}`, ids(type, 1));
      const b =
        type === 'france_competences' || type === 'etat'
          ? await (async () => {
              const o = { id: crypto.randomUUID(), type, nom: `B ${type}` };
              await depot.creerOrganisation(db, o);
              return o;
            })()
          : await p.service.creerOrganisation(acteurSysteme, type, `B ${type}`, ids(type, 2));
      const roleB = rolesParType[type][0];
      const membreB = await p.service.creerCompte(acteurSysteme, {
        courriel: `b-${type}@exemple.fr`,
        adhesion: { organisationId: b.id, role: roleB },
      });
      const cleB = await p.service.creerCle(racine, b, roleB, `clé B ${type}`);
      autres.push({ type, id: b.id, compteId: membreB.compte.id, cleId: cleB.info.id });
      secretsB.push(b.id, membreB.compte.id, cleB.info.id, `b-${type}@exemple.fr`);
      for (const role of rolesParType[type] as readonly Role[]) {
        n++;
        const c = await p.service.creerCompte(acteurSysteme, {
          courriel: `${role}-${n}@exemple.fr`,
          adhesion: { organisationId: a.id, role },
        });
        await depot.definirMotDePasse(db, c.compte.id, c.compte.motDePasse ?? '', false);
        const s = await p.service.ouvrirSession(c.compte.id, 'session.ouvrir');
        const national = type === 'france_competences' || type === 'etat';
        const cookie = { cookie: `opco_session=${s.jeton}` };
        sujets.push({
          nom: `personne ${role}`,
          role,
          organisationId: a.id,
          national,
          headers: cookie,
          headersModif: { ...cookie, 'x-csrf-token': s.jetonCsrf },
        });
        const k = await p.service.creerCle(racine, a, role, `clé ${role}`);
        sujets.push({
          nom: `clé ${role}`,
          role,
          organisationId: a.id,
          national,
          headers: { authorization: `Bearer ${k.cle}` },
          headersModif: { authorization: `Bearer ${k.cle}` },
        });
      }
    }
  }, 300_000);
  afterAll(async () => p.fermer());

  const routesPrivees = () =>
    p.app.routesAcces.filter(
      (r): r is typeof r & { acces: Exclude<Acces, 'public'> } =>
        r.acces !== null && r.acces !== 'public',
    );

  it('aucune route portant sur une organisation ne s’ouvre à un rôle d’une autre organisation : 0 fuite', async () => {
    const routes = routesPrivees().filter((r) => r.acces.organisation);
    expect(routes.length).toBeGreaterThanOrEqual(7);
    const fuites: string[] = [];
    let essais = 0;
    for (const r of routes) {
      for (const b of autres) {
        const url = r.url
          .replace(`:${r.acces.organisation}`, b.id)
          .replace(':compte', b.compteId)
          .replace(':cle', b.cleId)
          .replace(/:[a-z]+/g, 'x');
        for (const s of sujets) {
          const modif = r.methode !== 'GET';
          const rep = await p.app.inject({
            method: r.methode as 'GET',
            url,
            headers: modif ? s.headersModif : s.headers,
            ...(modif ? { payload: {} } : {}),
          });
          essais++;
          const attendu = [403, 404];
          if (!attendu.includes(rep.statusCode))
            fuites.push(`${s.nom} ${r.methode} ${url} (${b.type}) → ${rep.statusCode}`);
        }
      }
    }
    expect(fuites).toEqual([]);
    expect(essais).toBeGreaterThan(1000);
    // Control: the same subjects do reach their own organisation (the matrix is not vacuous).
    for (const s of sujets) {
      const rep = await p.app.inject({
        method: 'GET',
        url: `/api/v1/organisations/${s.organisationId}`,
        headers: s.headers,
      });
      expect(rep.statusCode, s.nom).toBe(200);
    }
  }, 600_000);

  it('aucune liste ne montre une ligne d’une autre organisation', async () => {
    const listes = routesPrivees().filter((r) => r.methode === 'GET' && !r.url.includes(':'));
    expect(listes.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        '/api/v1/organisations',
        '/api/v1/cles',
        '/api/v1/audit',
        '/api/v1/moi',
        '/api/v1/demandes',
      ]),
    );
    const fuites: string[] = [];
    for (const r of listes)
      for (const s of sujets) {
        const rep = await p.app.inject({ method: 'GET', url: r.url, headers: s.headers });
        if (rep.statusCode >= 500) fuites.push(`${s.nom} ${r.url} → ${rep.statusCode}`);
        for (const secret of secretsB)
          if (rep.body.includes(secret)) fuites.push(`${s.nom} ${r.url} montre ${secret}`);
      }
    expect(fuites).toEqual([]);
  }, 600_000);

  /**
   * A company no subject acts for, to an OPCO (09) no subject acts for, deposits a dossier or a
   * request (`saisie`, built with its SIRET) and attaches a PDF with its own key: no subject lists,
   * reads or adds an attachment; the owner does list it (control).
   */
  async function verifierPiecesEtrangeres(o: {
    siret: string;
    nom: string;
    ressource: 'dossiers' | 'demandes';
    urlDepot: string;
    saisie: object;
    nature: string;
  }): Promise<void> {
    const racine: Authentification = {
      sujet: {
        genre: 'personne',
        compteId: null,
        cleId: null,
        adhesions: [],
        administrateurPlateforme: true,
      },
      compte: null,
      session: null,
    };
    const org = await p.service.creerOrganisation(acteurSysteme, 'entreprise', o.nom, {
      siret: o.siret,
    });
    const cle = await p.service.creerCle(racine, org, 'entreprise_administrateur', `clé ${o.nom}`);
    const proprietaire = { authorization: `Bearer ${cle.cle}` };
    const depot = await p.app.inject({
      method: 'POST',
      url: o.urlDepot,
      headers: proprietaire,
      payload: o.saisie,
    });
    expect(depot.statusCode).toBe(201);
    const id = depot.json<{ id: string }>().id;
    const base = `/api/v1/${o.ressource}`;
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const joindre = (headers: Record<string, string>) =>
      p.app.inject({
        method: 'POST',
        url: `${base}/${id}/pieces?nature=${o.nature}&nom=c.pdf`,
        headers: { ...headers, 'content-type': 'application/pdf' },
        payload: pdf,
      });
    const j = await joindre(proprietaire);
    expect(j.statusCode).toBe(201);
    const piece = j.json<{ id: string }>().id;
    const routes = routesPrivees().filter((r) => r.url.startsWith(`${base}/:id/pieces`));
    expect(routes.map((r) => `${r.methode} ${r.url}`).sort()).toEqual([
      `GET ${base}/:id/pieces`,
      `GET ${base}/:id/pieces/:piece`,
      `POST ${base}/:id/pieces`,
    ]);
    const fuites: string[] = [];
    for (const s of sujets) {
      for (const url of [`${base}/${id}/pieces`, `${base}/${id}/pieces/${piece}`]) {
        const r = await p.app.inject({ method: 'GET', url, headers: s.headers });
        if (r.statusCode !== 403) fuites.push(`${s.nom} GET ${url} → ${r.statusCode}`);
      }
      const r = await joindre(s.headersModif);
      if (r.statusCode !== 403) fuites.push(`${s.nom} POST pièce → ${r.statusCode}`);
    }
    expect(fuites).toEqual([]);
    // Control: the owner does read it.
    const l = await p.app.inject({
      method: 'GET',
      url: `${base}/${id}/pieces`,
      headers: proprietaire,
    });
    expect(l.json<{ pieces: unknown[] }>().pieces).toHaveLength(1);
  }

  it('pièces jointes d’un dossier d’une autre entreprise : aucun rôle ne les liste, lit ni n’en ajoute', async () => {
    // A dossier of company C (no subject acts for it), its CFA and its OPCO (code 09) neither.
    const siret = completerCles('31345678', '0001');
    const s = fa13Saisi();
    s.employeur.siret = siret;
    s.formation.organisme.siret = completerCles('33345678', '0002');
    s.opco = '09';
    await verifierPiecesEtrangeres({
      siret,
      nom: 'C',
      ressource: 'dossiers',
      urlDepot: '/api/v1/dossiers?brouillon=true',
      saisie: s,
      nature: 'contrat_signe',
    });
  }, 300_000);

  it('pièces jointes d’une demande de prise en charge d’une autre entreprise : aucun rôle ne les liste, lit ni n’en ajoute', async () => {
    // A request of company D (no subject acts for it), to OPCO 09 (no subject acts for it).
    const siret = completerCles('32345678', '0001');
    const x = planSaisi();
    x.entreprise.siret = siret;
    x.opco = '09';
    await verifierPiecesEtrangeres({
      siret,
      nom: 'D',
      ressource: 'demandes',
      urlDepot: '/api/v1/demandes',
      saisie: x,
      nature: 'convention_formation',
    });
  }, 300_000);

  it('une route sans déclaration d’accès est repérée et refusée', async () => {
    const oubliee: ModuleRoutes = (app) => {
      app.get('/api/v1/oubliee', async () => ({ secret: 42 }));
    };
    const app = await construireApp(
      { base: p.ctx.base, config: p.ctx.config, donnees: { dossier: null, manquants: [] } },
      { modulesSupplementaires: [oubliee], comptes: { config: p.config } },
    );
    try {
      expect(app.routesAcces.filter((r) => r.acces === null).map((r) => r.url)).toEqual([
        '/api/v1/oubliee',
      ]);
      const r = await app.inject({ method: 'GET', url: '/api/v1/oubliee' });
      expect(r.statusCode).toBe(403);
      expect(r.body).not.toContain('42');
    } finally {
      await app.close();
    }
  });

  it('les journaux ne contiennent ni identifiant de session, ni clé, ni jeton', async () => {
    const lignes: string[] = [];
    const flux = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lignes.push(chunk.toString());
        cb();
      },
    });
    const app = await construireApp(
      { base: p.ctx.base, config: p.ctx.config, donnees: { dossier: null, manquants: [] } },
      { logger: { level: 'trace', stream: flux }, comptes: { config: p.config } },
    );
    try {
      const c = await p.service.creerCompte(acteurSysteme, { courriel: 'journal@exemple.fr' });
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/session?jeton=secret-dans-url',
        payload: { courriel: 'journal@exemple.fr', motDePasse: c.motDePasse },
      });
      const cookie = r.cookies.find((x) => x.name === 'opco_session')!.value;
      await app.inject({
        method: 'GET',
        url: '/api/v1/moi',
        headers: { cookie: `opco_session=${cookie}` },
      });
      await app.inject({
        method: 'GET',
        url: '/api/v1/moi',
        headers: { authorization: 'Bearer opco_abcdefgh_cle-inconnue' },
      });
      const tout = lignes.join('');
      expect(tout).toContain('/api/v1/moi');
      expect(tout).not.toContain(cookie);
      expect(tout).not.toContain(c.motDePasse);
      expect(tout).not.toContain('secret-dans-url');
      expect(tout).not.toContain('cle-inconnue');
    } finally {
      await app.close();
    }
  });
});
