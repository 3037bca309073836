import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import { optionsJournal } from '../../src/api/journal.ts';
import type { AppZod } from '../../src/api/types.ts';
import { importerOpcos } from '../../src/import/opcos/opcos.importer.ts';
import { importerSiroTexte } from '../../src/import/rattachement/siro.importer.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import type { Base } from '../../src/stockage/db.ts';
import { obtenirRattacheur } from '../../src/stockage/rattachement.depot.ts';
import {
  creerCle,
  creerPartenaire,
  empreinte,
  revoquerCle,
  revoquerPartenaire,
} from '../../src/stockage/siro.depot.ts';
import { completerCles } from '../../src/domaine/entreprise/index.ts';
import { baseDeTest, configDeTest, dossierDonnees } from '../aide/base.ts';
import {
  DUREE_CACHE_JETON_CE_HEURES,
  attenteLba,
  codesInstitutionsCe,
  jetonSelonCe,
  lectureCe,
  lectureLba,
  nomsConnusLba,
} from './clients.ts';

/** The OPCOs of the reference data (France compétences' codes and names). */
const opcos = readFileSync(path.join(dossierDonnees, 'opcos.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const [code, nom, , slug] = l.split(',');
    return { code: code!, nom: nom!, slug: slug! };
  });

/** One establishment per OPCO: SIRET 100000000000NN where NN is the OPCO code. */
const siretDe = (code: string) => `100000000000${code}`;

/** Valid SIRETs (Luhn keys), for the comparison with /api/v1/rattachement which checks them. */
const SANS_IDCC = completerCles('20000000', '0001');
const OUTRE_MER = completerCles('20000000', '0002');

/** A SIRET-OPCO table in France compétences' format, with the contract's SIRETs. */
const TABLE = [
  'SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION',
  '41816609600069|1486|ATLAS|', // E2 (Place des entreprises' recorded answer)
  '42476141900045|1234|AKTO|', // E4 (La bonne alternance's fixture)
  '12345678901234|1234|N/C|', // E6: known, no OPCO
  `${SANS_IDCC}||OPCO EP|`, // no IDCC declared
  `${OUTRE_MER}|7024|OCAPIAT|AKTO`, // overseas: managed by AKTO
  ...opcos.map((o) => `${siretDe(o.code)}|0016|${o.nom}|`),
].join('\n');

let base: Base;
let app: AppZod;
let cle: string;

async function appAvec(b: Base, env: Record<string, string> = {}): Promise<AppZod> {
  const a = await construireApp({
    base: b,
    config: configDeTest(env),
    donnees: { dossier: null, manquants: [] },
  });
  await a.ready();
  return a;
}

const public_ = (siret: string, k: string | null = cle) =>
  app.inject({
    method: 'GET',
    url: `/siro/v1/public/${encodeURIComponent(siret)}`,
    headers: k === null ? {} : { 'X-Gravitee-Api-Key': k },
  });

async function connexion(login: string, password: string, k: string = cle) {
  return app.inject({
    method: 'POST',
    url: '/siropartfc-auth/login',
    headers: { 'X-Gravitee-Api-Key': k, 'Content-Type': 'application/json' },
    payload: JSON.stringify({ login, password }),
  });
}

const partenaire = (siret: string, jeton: string, k: string = cle, a: AppZod = app) =>
  a.inject({
    method: 'GET',
    url: `/siropartfc/v1/api/partenaire/${siret}`,
    headers: { 'X-Gravitee-Api-Key': k, Authorization: `Bearer ${jeton}` },
  });

beforeAll(async () => {
  base = await baseDeTest();
  await importerOpcos(base, path.join(dossierDonnees, 'opcos.csv'), progressionMuette);
  app = await appAvec(base);
  cle = await creerCle(base, 'tests');
  await creerPartenaire(base, 'fc_login', 'fc_password');
}, 120_000);

afterAll(async () => {
  await app?.close();
  await base?.fermer();
});

describe('SIRO sans la table publiée', () => {
  it('répond 503 problem+json nommant la source sans table SIRO, ou avec le seul échantillon de démonstration', async () => {
    const appel = (s: string) =>
      app.inject({ url: `/siro/v1/public/${s}`, headers: { 'X-Gravitee-Api-Key': cle } });
    const r = await appel('41816609600069');
    expect(r.statusCode).toBe(503);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'ERR_DONNEES_ABSENTES' });
    expect(r.json().detail).toContain('siro');
    // A malformed SIRET is 99 whatever the data.
    expect((await appel('123')).json()).toEqual({ code: '99', siret: '123' });
    await importerSiroTexte(
      base,
      'demo-siro-202606.csv',
      'SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION\n41816609600069|1486|ATLAS|',
      progressionMuette,
      { demo: true, millesime: '2026-06' },
    );
    await obtenirRattacheur(base, true);
    const demo = await appel('41816609600069');
    expect(demo.statusCode).toBe(503);
    expect(demo.json().detail).toContain('démonstration');
  });
});

describe('SIRO public : GET /siro/v1/public/{siret}', () => {
  beforeAll(async () => {
    // The official vintage replaces the demonstration sample.
    await importerSiroTexte(base, 'siro-202609.csv', TABLE, progressionMuette, {});
    await obtenirRattacheur(base, true);
  }, 60_000);

  it('E4 : un SIRET de la table répond 01, lu par La bonne alternance comme AKTO', async () => {
    const r = await public_('42476141900045');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.json()).toEqual({
      code: '01',
      siret: '42476141900045',
      idcc: '1234',
      opcoRattachement: { code: '07', nom: 'AKTO' },
      opcoGestion: { code: 'N/C', nom: 'N/C' },
    });
    expect(lectureLba(r.statusCode, r.json())).toEqual({ opco: 'akto' });
    expect(lectureCe(r.statusCode, r.json())).toEqual({ opco: 'akto' });
  });

  it('écrit les champs dans l’ordre de France compétences', async () => {
    const r = await public_('41816609600069');
    expect(r.body).toBe(
      '{"code":"01","siret":"41816609600069","idcc":"1486","opcoRattachement":{"code":"03","nom":"ATLAS"},"opcoGestion":{"code":"N/C","nom":"N/C"}}',
    );
  });

  it('nomme et code chaque OPCO comme France compétences (opcos.csv), lisible par les deux clients', async () => {
    expect(opcos).toHaveLength(11);
    for (const o of opcos) {
      const r = await public_(siretDe(o.code));
      const b = r.json();
      expect(b.opcoRattachement, o.slug).toEqual({ code: o.code, nom: o.nom });
      expect(attenteLba.safeParse(b).success).toBe(true);
      // La bonne alternance reads the name, Place des entreprises the code.
      expect(lectureLba(r.statusCode, b), o.slug).toEqual({ opco: o.slug });
      expect(lectureCe(r.statusCode, b), o.slug).toEqual({
        // Uniformation's code was left blank in France compétences' mail to them (04 is inferred).
        opco: codesInstitutionsCe[o.slug] === '' ? null : o.slug,
      });
    }
    expect(Object.keys(nomsConnusLba).sort()).toEqual(opcos.map((o) => o.nom).sort());
    expect(opcos.find((o) => o.slug === 'opco2i')?.nom).toBe('OPCO2I');
    expect(opcos.find((o) => o.slug === 'opcommerce')?.nom).toBe("L'OPCOMMERCE");
  });

  it('E6 : un établissement connu sans OPCO répond 01 avec N/C, lu comme « pas d’OPCO »', async () => {
    const r = await public_('12345678901234');
    expect(r.json()).toEqual({
      code: '01',
      siret: '12345678901234',
      idcc: '1234',
      opcoRattachement: { code: 'N/C', nom: 'N/C' },
      opcoGestion: { code: 'N/C', nom: 'N/C' },
    });
    expect(lectureLba(200, r.json())).toEqual({ opco: null });
    expect(lectureCe(200, r.json())).toEqual({ opco: null });
  });

  it('donne idcc "" (jamais null) sans IDCC, et l’OPCO de gestion quand il diffère', async () => {
    const sans = (await public_(SANS_IDCC)).json();
    expect(sans.idcc).toBe('');
    expect(sans.opcoRattachement).toEqual({ code: '06', nom: 'OPCO EP' });
    const outreMer = (await public_(OUTRE_MER)).json();
    expect(outreMer).toMatchObject({
      idcc: '7024',
      opcoRattachement: { code: '10', nom: 'OCAPIAT' },
      opcoGestion: { code: '07', nom: 'AKTO' },
    });
    expect(lectureLba(200, outreMer)).toEqual({ opco: 'ocapiat' });
  });

  it('répond 200 {"code":"99","siret"} pour un SIRET inconnu ou mal formé, tel que demandé', async () => {
    for (const s of [
      '89448692700011', // E3
      '424761419000455', // La bonne alternance's « invalid SIRET » test: 15 digits
      '418166096', // a SIREN
      '4181660960006A',
      '418 166 096 00069',
    ]) {
      const r = await public_(s);
      expect(r.statusCode, s).toBe(200);
      expect(r.body, s).toBe(JSON.stringify({ code: '99', siret: s }));
      expect(lectureLba(200, r.json())).toEqual({ opco: null });
      expect(lectureCe(200, r.json())).toEqual({ erreur: 'Siret Not Found' });
    }
  });

  it('répond la même chose que /api/v1/rattachement (un seul rattacheur)', async () => {
    for (const s of ['41816609600069', OUTRE_MER, SANS_IDCC]) {
      const ratt = (await app.inject(`/api/v1/rattachement?siret=${s}`)).json();
      const siro = (await public_(s)).json();
      expect(siro.opcoRattachement.code).toBe(ratt.opco?.code ?? 'N/C');
      expect(siro.idcc).toBe(ratt.idcc?.code ?? '');
    }
  });

  it('refuse une clé absente, inconnue ou révoquée par 401 {"message":"Unauthorized"}', async () => {
    for (const k of [null, '', 'siro_pas-une-cle']) {
      const r = await public_('41816609600069', k);
      expect(r.statusCode, String(k)).toBe(401);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.json()).toEqual({ message: 'Unauthorized' });
      expect(lectureLba(r.statusCode, r.json())).toEqual({ erreur: 'statut 401' });
    }
    const k2 = await creerCle(base, 'à révoquer');
    expect((await public_('41816609600069', k2)).statusCode).toBe(200);
    await revoquerCle(base, 'à révoquer');
    expect((await public_('41816609600069', k2)).statusCode).toBe(401);
  });

  it('ne garde que l’empreinte SHA-256 de la clé', async () => {
    const lignes = await base.db.selectFrom('siro_cle').selectAll().execute();
    expect(lignes.some((l) => l.empreinte === empreinte(cle))).toBe(true);
    expect(JSON.stringify(lignes)).not.toContain(cle);
  });
});

describe('SIRO partenaire : login puis Bearer', () => {
  it('E1 : le login répond le jeton seul en text/plain, valable au moins 24 h, en base', async () => {
    const r = await connexion('fc_login', 'fc_password');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    const jeton = jetonSelonCe(r.statusCode, r.body);
    expect(jeton).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const ligne = await base.db
      .selectFrom('siro_jeton')
      .select([sql<number>`extract(epoch from expire_le - now())::float8`.as('reste'), 'empreinte'])
      .where('empreinte', '=', empreinte(jeton!))
      .executeTakeFirstOrThrow();
    expect(ligne.reste).toBeGreaterThan(DUREE_CACHE_JETON_CE_HEURES * 3600 + 60);
    const tout = JSON.stringify(await base.db.selectFrom('siro_partenaire').selectAll().execute());
    expect(tout).not.toContain('fc_password');
    expect(tout).toContain('$argon2id$');
  });

  it('E2 et E3 : la recherche partenaire répond comme l’enregistrement de Place des entreprises', async () => {
    const jeton = (await connexion('fc_login', 'fc_password')).body;
    const r = await partenaire('41816609600069', jeton);
    expect(r.statusCode).toBe(200);
    // Their recorded body, plus idcc (a superset: extra keys are ignored by both clients).
    expect(r.json()).toEqual({
      code: '01',
      siret: '41816609600069',
      opcoRattachement: { code: '03', nom: 'ATLAS' },
      opcoGestion: { code: 'N/C', nom: 'N/C' },
      idcc: '1486',
    });
    expect(lectureCe(r.statusCode, r.json())).toEqual({ opco: 'atlas' });
    const inconnu = await partenaire('89448692700011', jeton);
    expect(inconnu.json()).toEqual({ code: '99', siret: '89448692700011' });
    expect(lectureCe(inconnu.statusCode, inconnu.json())).toEqual({ erreur: 'Siret Not Found' });
    // The legacy pre-production path answers the same.
    const ancien = await app.inject({
      url: '/siropartfc/41816609600069',
      headers: { 'X-Gravitee-Api-Key': cle, Authorization: `Bearer ${jeton}` },
    });
    expect(ancien.json()).toEqual(r.json());
  });

  it('le jeton vaut pour un autre processus serveur sur la même base', async () => {
    const jeton = (await connexion('fc_login', 'fc_password')).body;
    const autre = await appAvec(base);
    try {
      expect((await partenaire('41816609600069', jeton, cle, autre)).statusCode).toBe(200);
    } finally {
      await autre.close();
    }
  });

  it('refuse par 401 un mauvais mot de passe, un login inconnu, une clé absente', async () => {
    for (const [l, p] of [
      ['fc_login', 'mauvais_mot'],
      ['inconnu', 'fc_password'],
    ] as const) {
      const r = await connexion(l, p);
      expect(r.statusCode, l).toBe(401);
      expect(r.json()).toEqual({ message: 'Unauthorized' });
      expect(jetonSelonCe(r.statusCode, r.body)).toBeNull();
    }
    expect((await connexion('fc_login', 'fc_password', 'pas-une-cle')).statusCode).toBe(401);
  });

  it('refuse par 401 la recherche sans jeton, avec un jeton expiré ou d’un partenaire révoqué', async () => {
    const sansJeton = await app.inject({
      url: '/siropartfc/v1/api/partenaire/41816609600069',
      headers: { 'X-Gravitee-Api-Key': cle },
    });
    expect(sansJeton.statusCode).toBe(401);
    expect((await partenaire('41816609600069', 'token1234')).statusCode).toBe(401);

    const jeton = (await connexion('fc_login', 'fc_password')).body;
    await base.db
      .updateTable('siro_jeton')
      .set({ expire_le: sql<Date>`now() - interval '1 second'` })
      .where('empreinte', '=', empreinte(jeton))
      .execute();
    expect((await partenaire('41816609600069', jeton)).statusCode).toBe(401);

    await creerPartenaire(base, 'passager', 'mot-de-passe-long');
    const j2 = (await connexion('passager', 'mot-de-passe-long')).body;
    expect((await partenaire('41816609600069', j2)).statusCode).toBe(200);
    await revoquerPartenaire(base, 'passager');
    expect((await partenaire('41816609600069', j2)).statusCode).toBe(401);
    expect((await connexion('passager', 'mot-de-passe-long')).statusCode).toBe(401);
  });

  it('refuse un corps de login sans password par 400 problem+json nommant le champ', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/siropartfc-auth/login',
      headers: { 'X-Gravitee-Api-Key': cle },
      payload: { login: 'fc_login' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().erreurs[0].champ).toBe('body.password');
  });
});

describe('SIRO : limite par clé, journal, données absentes', () => {
  it('répond 429 {"message":"Too Many Requests"} au-delà de la limite de la clé, pas des autres', async () => {
    const limitee = await appAvec(base, { OPCO_SIRO_LIMITE_PAR_MINUTE: '3' });
    try {
      const k2 = await creerCle(base, 'autre client');
      const appel = (k: string) =>
        limitee.inject({
          url: '/siro/v1/public/41816609600069',
          headers: { 'X-Gravitee-Api-Key': k },
        });
      for (let i = 0; i < 3; i++) expect((await appel(cle)).statusCode).toBe(200);
      const r = await appel(cle);
      expect(r.statusCode).toBe(429);
      expect(r.json()).toEqual({ message: 'Too Many Requests' });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(lectureLba(r.statusCode, r.json())).toEqual({ opco: null });
      expect((await appel(k2)).statusCode).toBe(200);
      // The rest of the API is not limited by this plugin.
      for (let i = 0; i < 5; i++)
        expect((await limitee.inject('/api/v1/rattachement?siret=41816609600069')).statusCode).toBe(
          200,
        );
    } finally {
      await limitee.close();
    }
  });

  it('ne journalise ni la clé, ni le jeton, ni le mot de passe', async () => {
    let journal = '';
    const flux = new Writable({
      write(morceau, _enc, fin) {
        journal += String(morceau);
        fin();
      },
    });
    const a = await construireApp(
      { base, config: configDeTest(), donnees: { dossier: null, manquants: [] } },
      { logger: optionsJournal('trace', flux) },
    );
    try {
      const login = await a.inject({
        method: 'POST',
        url: '/siropartfc-auth/login',
        headers: { 'X-Gravitee-Api-Key': cle },
        payload: { login: 'fc_login', password: 'fc_password' },
      });
      const jeton = login.body;
      await partenaire('41816609600069', jeton, cle, a);
      expect(journal).toContain('/siropartfc/v1/api/partenaire/41816609600069');
      for (const secret of [cle, jeton, 'fc_password']) expect(journal).not.toContain(secret);
      expect(optionsJournal('info')).toMatchObject({
        redact: { paths: expect.arrayContaining(['req.headers["x-gravitee-api-key"]']) },
      });
    } finally {
      await a.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documente les chemins SIRO sous l’étiquette « SIRO (compatibilité) »', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    for (const [chemin, methode] of [
      ['/siro/v1/public/{siret}', 'get'],
      ['/siropartfc/v1/api/partenaire/{siret}', 'get'],
      ['/siropartfc-auth/login', 'post'],
    ] as const) {
      const op = doc.paths[chemin]?.[methode];
      expect(op, chemin).toBeDefined();
      expect(op.tags).toEqual(['SIRO (compatibilité)']);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
      expect(JSON.stringify(op.parameters)).toContain('x-gravitee-api-key');
    }
  });
});
