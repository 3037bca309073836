import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { contexteDeTest } from '../aide/base.ts';

/**
 * Malformed requests generated from /openapi.json for every operation (fast-check, fixed seed,
 * bounded runs): the API never answers 5xx, and every 4xx is application/problem+json with a
 * registry code. Raw-socket cases cover what `inject` cannot send (bad % encoding in the path,
 * an unknown method, oversized headers).
 */

let ctx: Awaited<ReturnType<typeof contexteDeTest>>;
let app: AppZod;
let port = 0;

beforeAll(async () => {
  ctx = await contexteDeTest();
  app = await construireApp({
    base: ctx.base,
    config: ctx.config,
    moteur: ctx.moteur,
    donnees: { dossier: ctx.chargement.dossier, manquants: ctx.chargement.manquants },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
  await ctx?.fermer();
});

// --- The OpenAPI document, parsed at the boundary -------------------------------------------

interface SchemaJson {
  type?: string | string[] | undefined;
  properties?: Record<string, SchemaJson> | undefined;
  required?: string[] | undefined;
  items?: SchemaJson | undefined;
  anyOf?: SchemaJson[] | undefined;
  oneOf?: SchemaJson[] | undefined;
  enum?: unknown[] | undefined;
  $ref?: string | undefined;
}
const schemaJson: z.ZodType<SchemaJson> = z.lazy(() =>
  z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    properties: z.record(z.string(), schemaJson).optional(),
    required: z.array(z.string()).optional(),
    items: schemaJson.optional(),
    anyOf: z.array(schemaJson).optional(),
    oneOf: z.array(schemaJson).optional(),
    enum: z.array(z.unknown()).optional(),
    $ref: z.string().optional(),
  }),
);
const operationSchema = z.looseObject({
  parameters: z
    .array(
      z.looseObject({
        in: z.string(),
        name: z.string(),
        required: z.boolean().optional(),
        schema: schemaJson.optional(),
      }),
    )
    .optional(),
  requestBody: z
    .looseObject({
      content: z.record(z.string(), z.looseObject({ schema: schemaJson.optional() })),
    })
    .optional(),
});
const openapiSchema = z.looseObject({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), schemaJson).optional() }).optional(),
});

interface Operation {
  methode: string;
  chemin: string;
  parametres: { ou: 'path' | 'query'; nom: string; requis: boolean; schema: SchemaJson }[];
  corps: { types: string[]; schema: SchemaJson } | null;
}

async function operations(): Promise<{ ops: Operation[]; composants: Record<string, SchemaJson> }> {
  const r = await app.inject({ method: 'GET', url: '/openapi.json' });
  const doc = openapiSchema.parse(r.json());
  const ops: Operation[] = [];
  for (const [chemin, methodes] of Object.entries(doc.paths)) {
    for (const [methode, brut] of Object.entries(methodes)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(methode)) continue;
      const op = operationSchema.parse(brut);
      const contenu = op.requestBody?.content ?? null;
      ops.push({
        methode: methode.toUpperCase(),
        chemin,
        parametres: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            ou: p.in === 'path' ? 'path' : 'query',
            nom: p.name,
            requis: p.required ?? false,
            schema: p.schema ?? {},
          })),
        corps: contenu
          ? {
              types: Object.keys(contenu),
              schema: Object.values(contenu)[0]?.schema ?? {},
            }
          : null,
      });
    }
  }
  return { ops, composants: doc.components?.schemas ?? {} };
}

// --- Generators ----------------------------------------------------------------------------

const nombresPieges = [
  1e308,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  -0,
  0,
  -1,
  1e15,
  2 ** 53 + 1,
  0.1,
  999999999,
];
const chainesPieges = [
  '',
  ' ',
  'ab\u0000cd',
  '\u0000',
  '\u0007\u001b[31m',
  'é'.repeat(300),
  'a'.repeat(5000),
  '%',
  '%FF',
  '%00',
  '../../etc/passwd',
  "'; drop table texte_version; --",
  '<script>alert(1)</script>',
  '\ud800',
  '9999-12-31',
  '0000-00-00',
  '2023-02-29',
  '1899-12-31',
  '2101-01-01',
  '1e308',
  'NaN',
  'Infinity',
  '-1',
  'L6332-14',
  'RNCP35185',
  '1486',
  '80295478500028',
];
const datesPieges = [
  '9999-12-31',
  '0001-01-01',
  '1900-01-01',
  '2100-12-31',
  '2019-01-01',
  '2024-02-29',
  '2023-02-29',
  '2025-13-01',
];

const dateAlea = fc
  .date({ min: new Date('1850-01-01'), max: new Date('2150-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function chaineAlea(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ maxLength: 20, unit: 'grapheme' }),
    fc.constantFrom(...chainesPieges),
    fc.constantFrom(...datesPieges),
    dateAlea,
    fc.stringMatching(/^[0-9]{1,15}$/),
  );
}

function nombreAlea(entier: boolean): fc.Arbitrary<number> {
  return fc.oneof(
    entier ? fc.integer({ min: -5, max: 20 }) : fc.double({ min: -10, max: 20000, noNaN: true }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(...nombresPieges),
  );
}

function valeurPiege(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, [], {}, [1, 2], { a: 1 }),
    fc.constantFrom(...chainesPieges),
    fc.constantFrom(...nombresPieges),
  );
}

function resoudre(s: SchemaJson, composants: Record<string, SchemaJson>): SchemaJson {
  const ref = s.$ref?.split('/').pop();
  return ref && composants[ref] ? resoudre(composants[ref], composants) : s;
}

/** A value for a JSON schema: mostly of the right shape, sometimes a trap (1 in 5). */
function valeurPour(
  brut: SchemaJson,
  composants: Record<string, SchemaJson>,
  profondeur = 0,
): fc.Arbitrary<unknown> {
  const s = resoudre(brut, composants);
  const variantes = s.anyOf ?? s.oneOf;
  let bon: fc.Arbitrary<unknown>;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (variantes && variantes.length > 0)
    bon = fc.oneof(...variantes.map((v) => valeurPour(v, composants, profondeur)));
  else if (s.enum && s.enum.length > 0) bon = fc.constantFrom(...s.enum);
  else if (type === 'object' || s.properties) {
    const proprietes = Object.entries(s.properties ?? {});
    if (profondeur > 3 || proprietes.length === 0) bon = fc.constant({});
    else
      bon = fc.record(
        Object.fromEntries(
          proprietes.map(([k, v]) => [k, valeurPour(v, composants, profondeur + 1)]),
        ),
        { requiredKeys: (s.required ?? []).filter((k) => s.properties?.[k] !== undefined) },
      );
  } else if (type === 'array')
    bon = fc.array(valeurPour(s.items ?? {}, composants, profondeur + 1), { maxLength: 4 });
  else if (type === 'integer') bon = nombreAlea(true);
  else if (type === 'number') bon = nombreAlea(false);
  else if (type === 'boolean') bon = fc.boolean();
  else if (type === 'string') bon = chaineAlea();
  else bon = fc.oneof(chaineAlea(), nombreAlea(false));
  return fc.oneof({ weight: 4, arbitrary: bon }, { weight: 1, arbitrary: valeurPiege() });
}

/** Valid bodies of the operations that compute, mutated one field at a time. */
const exemples: Record<string, Record<string, unknown>> = {
  'POST /api/v1/simulations/apprentissage': {
    dateConclusion: '2025-07-01',
    dateDebut: '2025-09-01',
    dateFin: '2027-08-31',
    niveau: 6,
    npecAnnuel: 7300,
    partDistanciel: 0.2,
    rqth: { montantMajoration: 1000 },
    fraisAnnexes: { nuitees: 2, repas: 4, premierEquipement: 100, mobiliteInternationale: 10 },
  },
};

function mutation(
  exemple: Record<string, unknown>,
  schema: SchemaJson,
  composants: Record<string, SchemaJson>,
): fc.Arbitrary<unknown> {
  const s = resoudre(schema, composants);
  const cles = Object.keys(s.properties ?? exemple);
  return fc
    .tuple(
      fc.constantFrom(...cles),
      fc.oneof(
        valeurPour(s.properties?.[cles[0] ?? ''] ?? {}, composants),
        valeurPiege(),
        fc.constantFrom(...datesPieges),
        fc.constantFrom(...nombresPieges),
      ),
      fc.boolean(),
    )
    .chain(([cle, v, imbrique]) => {
      const sous = s.properties?.[cle];
      if (imbrique && sous) {
        const r = resoudre(sous, composants);
        const souscles = Object.keys(r.properties ?? {});
        if (souscles.length > 0)
          return fc.tuple(fc.constantFrom(...souscles), valeurPour(r, composants)).map(([k, w]) => {
            const base = exemple[cle];
            const objet =
              base !== null && typeof base === 'object' && !Array.isArray(base) ? base : {};
            const val = w !== null && typeof w === 'object' ? w : { [k]: w };
            return { ...exemple, [cle]: { ...objet, ...val } };
          });
      }
      return fc.constant({ ...exemple, [cle]: v });
    });
}

/** encodeURIComponent, or the raw UTF-8 bytes of a lone surrogate (which it refuses). */
function encoderSur(texte: string): string {
  try {
    return encodeURIComponent(texte);
  } catch {
    return [...Buffer.from(texte, 'utf8')]
      .map((o) => `%${o.toString(16).padStart(2, '0')}`)
      .join('');
  }
}

interface RequeteFuzz {
  methode: string;
  url: string;
  corps?: string;
  type?: string;
}

function requetesPour(
  op: Operation,
  composants: Record<string, SchemaJson>,
): fc.Arbitrary<RequeteFuzz> {
  const encoder = (v: unknown): fc.Arbitrary<string> => {
    const texte = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
    const encode = encoderSur(texte);
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant(encode) },
      { weight: 1, arbitrary: fc.constantFrom('%', '%FF', '%00', '%E9', '%C3%A9', '%u0000') },
      { weight: 1, arbitrary: fc.constant(encode.repeat(30)) },
    );
  };
  const chemin = fc
    .tuple(
      ...op.parametres
        .filter((p) => p.ou === 'path')
        .map((p) => valeurPour(p.schema, composants).chain(encoder)),
    )
    .map((valeurs) => {
      let i = 0;
      return op.chemin.replace(/\{[^}]+\}/g, () => valeurs[i++] ?? '');
    });
  const requete = fc
    .tuple(
      ...op.parametres
        .filter((p) => p.ou === 'query')
        .map((p) =>
          fc.option(
            valeurPour(p.schema, composants)
              .chain(encoder)
              .map((v) => `${p.nom}=${v}`),
            { freq: p.requis ? 8 : 2 },
          ),
        ),
      fc.option(fc.constantFrom('inconnu=1', 'q=%', 'a[b]=c', 'date=9999-12-31'), { freq: 4 }),
    )
    .map((morceaux) => morceaux.filter((m): m is string => m !== null).join('&'));
  const corps: fc.Arbitrary<{ corps?: string; type?: string }> = op.corps
    ? (() => {
        const schema = op.corps.schema;
        const exemple = exemples[`${op.methode} ${op.chemin}`];
        const valeurs = exemple
          ? fc.oneof(mutation(exemple, schema, composants), valeurPour(schema, composants))
          : valeurPour(schema, composants);
        return fc.oneof(
          {
            weight: 8,
            arbitrary: valeurs.map((v) => ({
              corps: JSON.stringify(v) ?? 'null',
              type: 'application/json',
            })),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              corps: fc.constantFrom('{', '', 'null', '{"__proto__":{"x":1}}', '[', '\u0000'),
              type: fc.constantFrom('application/json', 'text/plain', 'application/xml'),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              corps: fc.string({ maxLength: 200 }),
              type: fc.constantFrom('text/csv', 'text/plain', 'application/x-www-form-urlencoded'),
            }),
          },
        );
      })()
    : fc.constant({});
  return fc.tuple(chemin, requete, corps).map(([c, q, b]) => ({
    methode: op.methode,
    url: q ? `${c}?${q}` : c,
    ...b,
  }));
}

// --- Assertions ----------------------------------------------------------------------------

interface Reponse {
  statut: number;
  type: string;
  corps: string;
}

/**
 * The SIRO-compatible paths answer 401 and 429 with France compétences' gateway body
 * ({"message": …}), as its clients expect (documented exception, docs/errors.md).
 */
function exceptionSiro(r: Reponse, contexte: string): boolean {
  return (
    /^(GET|POST) \/siro/.test(contexte) &&
    (r.statut === 401 || r.statut === 429) &&
    typeof z.object({ message: z.string() }).safeParse(JSON.parse(r.corps)).data?.message ===
      'string'
  );
}

function verifier(r: Reponse, contexte: string): void {
  expect(r.statut, `${contexte} → ${r.statut} ${r.corps.slice(0, 300)}`).toBeLessThan(500);
  if (r.statut >= 400 && !exceptionSiro(r, contexte)) {
    expect(r.type, `${contexte} → ${r.statut} ${r.corps.slice(0, 300)}`).toMatch(
      /^application\/problem\+json/,
    );
    const p = z
      .object({ code: z.string().regex(/^ERR_/), status: z.number(), detail: z.string() })
      .parse(JSON.parse(r.corps));
    expect(p.status).toBe(r.statut);
  }
}

describe('fuzz de l’API à partir de /openapi.json', () => {
  test('aucune opération ne répond 5xx ; toute erreur est application/problem+json', async () => {
    const { ops, composants } = await operations();
    expect(ops.length).toBeGreaterThanOrEqual(8);
    let total = 0;
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(requetesPour(op, composants), async (q) => {
          total++;
          const r = await app.inject({
            method: q.methode as 'GET',
            url: q.url,
            ...(q.corps !== undefined ? { payload: q.corps } : {}),
            ...(q.type ? { headers: { 'content-type': q.type } } : {}),
          });
          verifier(
            { statut: r.statusCode, type: String(r.headers['content-type'] ?? ''), corps: r.body },
            `${q.methode} ${q.url} ${q.corps?.slice(0, 200) ?? ''}`,
          );
        }),
        { seed: 20261202, numRuns: 60, endOnFailure: true },
      );
    }
    expect(total).toBeGreaterThanOrEqual(ops.length * 60);
  }, 240_000);

  test('bornes documentées : montants, quantités et dates hors limites → 400 nommant le champ', async () => {
    const base = exemples['POST /api/v1/simulations/apprentissage'] ?? {};
    const cas: [Record<string, unknown>, string][] = [
      [{ ...base, npecAnnuel: 1e308 }, 'body.npecAnnuel'],
      [{ ...base, rqth: { montantMajoration: 1e308 } }, 'body.rqth.montantMajoration'],
      [
        { ...base, fraisAnnexes: { premierEquipement: 1e308 } },
        'body.fraisAnnexes.premierEquipement',
      ],
      [
        { ...base, fraisAnnexes: { mobiliteInternationale: 10_000_001 } },
        'body.fraisAnnexes.mobiliteInternationale',
      ],
      [{ ...base, fraisAnnexes: { nuitees: 1e15 } }, 'body.fraisAnnexes.nuitees'],
      [{ ...base, dateFin: '9999-12-31' }, 'body.dateFin'],
      [{ ...base, dateFin: '2101-01-01' }, 'body.dateFin'],
    ];
    for (const [corps, champ] of cas) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/simulations/apprentissage',
        payload: corps,
      });
      expect(r.statusCode, JSON.stringify(corps)).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().erreurs.map((e: { champ: string }) => e.champ)).toContain(champ);
    }
    const limite = await app.inject({
      method: 'POST',
      url: '/api/v1/simulations/apprentissage',
      payload: { ...base, npecAnnuel: 10_000_000, dateFin: '2100-12-31' },
    });
    expect(limite.statusCode).toBe(200);
  });

  test('un caractère de contrôle dans un texte → 400 nommant le champ, pas 500', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/textes?q=ab%00cd' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ code: 'ERR_VALIDATION', erreurs: [{ champ: 'query.q' }] });
    const corps = await app.inject({
      method: 'POST',
      url: '/api/v1/simulations/apprentissage',
      payload: { ...exemples['POST /api/v1/simulations/apprentissage'], rncp: 'RNCP\u00001' },
    });
    expect(corps.statusCode).toBe(400);
    expect(corps.json().erreurs[0].champ).toBe('body.rncp');
  });
});

// --- Raw HTTP, for what inject cannot produce ------------------------------------------------

function brut(requete: string): Promise<Reponse> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const morceaux: Buffer[] = [];
    s.on('data', (d: Buffer) => morceaux.push(d));
    s.on('error', (e: NodeJS.ErrnoException) => {
      // The server may close right after answering while we still write.
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e);
    });
    s.on('close', () => {
      const texte = Buffer.concat(morceaux).toString('utf8');
      const [tete = '', ...reste] = texte.split('\r\n\r\n');
      const statut = Number(/^HTTP\/1\.1 (\d{3})/.exec(tete)?.[1] ?? 0);
      const type = /\r\ncontent-type: *([^\r\n]+)/i.exec(tete)?.[1] ?? '';
      resolve({ statut, type, corps: reste.join('\r\n\r\n') });
    });
    s.setTimeout(30_000, () => s.destroy());
    s.write(requete);
  });
}

const fin = 'Host: 127.0.0.1\r\nConnection: close\r\n\r\n';

describe('requêtes HTTP brutes', () => {
  test.each([
    ['GET /api/v1/textes/% HTTP/1.1', 400, 'ERR_URL_INVALIDE'],
    ['GET /api/v1/textes/%FF HTTP/1.1', 400, 'ERR_URL_INVALIDE'],
    ['GET /api/v1/textes/%FF/versions HTTP/1.1', 400, 'ERR_URL_INVALIDE'],
    [`GET /api/v1/textes/L${'6'.repeat(300)} HTTP/1.1`, 414, 'ERR_PARAMETRE_TROP_LONG'],
    ['FOO /health HTTP/1.1', 400, 'ERR_REQUETE_HTTP_INVALIDE'],
    ['GET /health HTTP/9.9', 400, 'ERR_REQUETE_HTTP_INVALIDE'],
    ['GET /he alth HTTP/1.1', 400, 'ERR_REQUETE_HTTP_INVALIDE'],
  ])('%s → %i %s', async (ligne, statut, code) => {
    const r = await brut(`${ligne}\r\n${fin}`);
    expect(r.statut).toBe(statut);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(r.corps)).toMatchObject({ code, status: statut });
  });

  test('en-tête mal formé → 400, en-têtes trop grands → 431, en problem+json', async () => {
    const mal = await brut(`GET /health HTTP/1.1\r\nSans deux points\r\n${fin}`);
    expect(mal.statut).toBe(400);
    expect(JSON.parse(mal.corps)).toMatchObject({ code: 'ERR_REQUETE_HTTP_INVALIDE' });
    const gros = await brut(`GET /health HTTP/1.1\r\nX-Gros: ${'a'.repeat(40_000)}\r\n${fin}`);
    expect(gros.statut).toBe(431);
    expect(gros.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(gros.corps)).toMatchObject({ code: 'ERR_EN_TETES_TROP_GRANDS', status: 431 });
  });

  test('chemins et méthodes aléatoires sur le socket : jamais 5xx, toujours problem+json', async () => {
    const methode = fc.constantFrom(
      'GET',
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'OPTIONS',
      'FOO',
      'G ET',
    );
    const segment = fc.oneof(
      fc.constantFrom('api', 'v1', 'textes', 'rattachement', 'opcos', 'health', 'simulations'),
      fc.constantFrom('%', '%FF', '%00', '%2F', '%C3%A9', '..', '', 'L6332-14', 'a'.repeat(150)),
      fc.string({ maxLength: 12 }).map(encoderSur),
      fc.stringMatching(/^[\x21-\x7e]{0,12}$/),
    );
    await fc.assert(
      fc.asyncProperty(methode, fc.array(segment, { maxLength: 5 }), async (m, segs) => {
        const chemin = `/${segs.join('/')}`;
        const r = await brut(`${m} ${chemin} HTTP/1.1\r\nAccept: application/json\r\n${fin}`);
        // A reply to a request the server read, or a refusal by the HTTP parser: never 5xx.
        expect(r.statut, `${m} ${chemin}`).toBeGreaterThanOrEqual(200);
        if (m === 'OPTIONS' && r.statut < 400) return;
        verifier(r, `${m} ${chemin}`);
      }),
      { seed: 20261202, numRuns: 120, endOnFailure: true },
    );
  }, 120_000);
});
