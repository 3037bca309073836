import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as cederLaMain } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifierIdcc, verifierSiren, verifierSiret } from '../../domaine/entreprise/index.ts';
import {
  choisirMillesime,
  ErreurLigneTropLongue,
  LecteurSiretsCsv,
  ListeSirets,
  type Rattacheur,
  type ReponseRattachement,
  rattacherLot,
  statutsRattachement,
} from '../../domaine/rattachement/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import { sansBloquer } from '../flux.ts';
import { envoyerJson } from '../serialisation.ts';
import { avecVoieRapide } from '../validation.ts';
import {
  exigerSources,
  obtenirRattacheur,
  rattacheurPret,
} from '../../stockage/rattachement.depot.ts';
import type { ModuleRoutes } from '../types.ts';

/** Maximum number of SIRET in one bulk request. */
export const MAX_LOT = 1_000_000;
/** A 1,000,000-line CSV of SIRET is ~16 MB; JSON ~19 MB. */
const LIMITE_CORPS_LOT = 48 * 1024 * 1024;

const dateSchema = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'date attendue au format AAAA-MM-JJ')
  .refine((d) => {
    const [a, m, j] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(a, m - 1, j));
    return t.getUTCFullYear() === a && t.getUTCMonth() === m - 1 && t.getUTCDate() === j;
  }, 'date de calendrier inexistante');

function identifiant(
  verifier: (s: string) => { ok: true; valeur: string } | { ok: false; probleme: string },
) {
  return z.string().transform((s, ctx) => {
    const v = verifier(s);
    if (!v.ok) {
      ctx.addIssue({ code: 'custom', message: v.probleme });
      return z.NEVER;
    }
    return v.valeur;
  });
}

const requeteSchemaZod = z
  .object({
    siret: identifiant(verifierSiret)
      .optional()
      .describe('SIRET (14 chiffres, clé de Luhn ; règle propre à La Poste)'),
    siren: identifiant(verifierSiren)
      .optional()
      .describe('SIREN (9 chiffres) : tous ses établissements connus'),
    idcc: identifiant(verifierIdcc)
      .optional()
      .describe('IDCC de la convention collective (1 à 4 chiffres)'),
    date: dateSchema
      .optional()
      .describe('Date à laquelle la réponse doit valoir (AAAA-MM-JJ) ; par défaut la plus récente'),
  })
  .superRefine((q, ctx) => {
    const n = [q.siret, q.siren, q.idcc].filter((x) => x !== undefined).length;
    if (n !== 1)
      ctx.addIssue({
        code: 'custom',
        path: [q.siret !== undefined ? 'siren' : 'siret'],
        message: 'donnez exactement un des paramètres siret, siren ou idcc',
      });
  });

/**
 * The finder's most frequent request, `?siret=<14 digits>` alone, checked without zod (the same
 * check, verifierSiret, and the same value: `{ siret }`); anything else goes through zod.
 */
type RequeteRattachement = z.output<typeof requeteSchemaZod>;

export const requeteSchema = avecVoieRapide(requeteSchemaZod, (q) => {
  if (typeof q !== 'object' || q === null) return undefined;
  let cles = 0;
  for (const _ in q) cles++;
  const siret = (q as { siret?: unknown }).siret;
  if (cles !== 1 || typeof siret !== 'string') return undefined;
  const v = verifierSiret(siret);
  return v.ok ? { siret: v.valeur } : undefined;
});

const opcoRefSchema = z.object({
  code: z.string().describe('Code France compétences à deux chiffres'),
  nom: z.string().describe('Libellé France compétences (table SIRO)'),
});

const partOpcoSchema = z
  .object({
    opco: opcoRefSchema,
    nbSiret: z.number().int(),
    part: z.number().describe('Part des établissements de l’IDCC, de 0 à 1'),
    majoritaire: z.boolean(),
  })
  .meta({ id: 'PartOpco' });

const sourceSchema = z
  .object({
    nom: z.string().describe('Source d’import : siro ou idcc-opco'),
    fichier: z.string(),
    millesime: z.string().describe('Millésime AAAA-MM (mois de la DSN)'),
    dateEffet: z.string().describe('Premier jour où ce millésime vaut (AAAA-MM-JJ)'),
    demo: z.boolean().describe('Vrai pour l’échantillon de démonstration généré'),
  })
  .meta({ id: 'SourceRattachement' });

export const reponseRattachementSchema = z
  .object({
    statut: z.enum(statutsRattachement as [string, ...string[]]),
    siret: z.string().nullable(),
    idcc: z.object({ code: z.string(), titre: z.string().nullable() }).nullable(),
    opco: opcoRefSchema.nullable(),
    opcoGestion: opcoRefSchema.nullable().describe('OPCO de gestion, seulement s’il diffère'),
    repartition: z.array(partOpcoSchema),
    minoritaires: z
      .array(partOpcoSchema)
      .describe(
        'Quand l’OPCO majoritaire de l’IDCC réunit au moins le seuil (OPCO_SEUIL_OPCO_UNIQUE, 99,9 % par défaut) de ses établissements : les autres OPCO, cas isolés, avec leur part',
      ),
    sources: z.array(sourceSchema),
    demo: z.boolean(),
    explication: z.string(),
    aFaire: z.string().nullable(),
  })
  .meta({ id: 'ReponseRattachement' });

const reponseSirenSchema = z
  .object({
    siren: z.string(),
    etablissements: z.array(reponseRattachementSchema),
    sources: z.array(sourceSchema),
    demo: z.boolean(),
    explication: z.string(),
    aFaire: z.string().nullable(),
  })
  .meta({ id: 'ReponseSiren' });

const conventionsRequete = z.object({
  q: z.string().trim().min(1, 'texte ou numéro IDCC à chercher').max(200),
  limite: z.coerce.number().int().min(1).max(100).default(20),
  date: dateSchema.optional(),
});

const conventionsReponse = z.object({
  q: z.string(),
  resultats: z.array(
    z.object({
      idcc: z.string(),
      titre: z.string(),
      titreCourt: z.string().nullable(),
      score: z.number(),
      portee: z
        .enum(['nationale', 'territoriale', 'autre'])
        .describe('Portée lue dans le titre ; les conventions nationales sont classées d’abord'),
      enVigueur: z.boolean().describe('Faux si tous ses textes sont abrogés, périmés ou remplacés'),
      nomsUsuels: z.array(z.string()).describe('Noms usuels (« Syntec », « HCR »…)'),
      opcoMajoritaire: opcoRefSchema.nullable(),
    }),
  ),
  source: sourceSchema.nullable(),
});

/**
 * A CSV body, left unread by the content-type parser: the handler reads it as it arrives. The
 * stream is a private field, so that the checks walking parsed bodies (erreurs.ts) see nothing.
 */
class CorpsCsv {
  readonly #flux: Readable;
  constructor(flux: Readable) {
    this.#flux = flux;
  }
  get flux(): Readable {
    return this.#flux;
  }
}

/** Hands the loop back once the reading has run this long in a row (issue 9: no block > 50 ms). */
const BUDGET_LECTURE_MS = 10;

/**
 * Reads the SIRET of a CSV body piece by piece as it arrives (never the whole body as one
 * string), yielding to the event loop between pieces; refuses a body over the size limit (413)
 * and counts, without keeping them, the SIRET beyond MAX_LOT.
 */
async function siretsDuCorpsCsv(
  flux: Readable,
  limiteOctets: number,
): Promise<{ sirets: ListeSirets; nombre: number }> {
  const lecteur = new LecteurSiretsCsv();
  const decodeur = new StringDecoder('utf8');
  const sirets = new ListeSirets();
  let nombre = 0;
  let octets = 0;
  const garder = (l: string[]) => {
    nombre += l.length;
    for (const s of l) if (sirets.taille < MAX_LOT) sirets.ajouter(s);
  };
  let depuis = performance.now();
  try {
    for await (const morceau of flux as AsyncIterable<Buffer>) {
      octets += morceau.length;
      if (octets > limiteOctets)
        throw new ErreurOpco('ERR_CORPS_TROP_GRAND', { limite: limiteOctets });
      garder(lecteur.ajouter(decodeur.write(morceau)));
      if (performance.now() - depuis > BUDGET_LECTURE_MS) {
        await cederLaMain();
        depuis = performance.now();
      }
    }
    garder(lecteur.ajouter(decodeur.end()));
    garder(lecteur.finir());
  } catch (e) {
    if (e instanceof ErreurLigneTropLongue)
      throw new ErreurOpco('ERR_VALIDATION', {
        detail: `body : ${e.message} (un SIRET par ligne attendu)`,
        champ: 'body.sirets',
      });
    throw e;
  }
  return { sirets, nombre };
}

const lotJsonSchema = z.union([
  z.array(z.string()),
  z.object({ sirets: z.array(z.string()), date: dateSchema.optional() }),
]);

export const routesRattachement: ModuleRoutes = (app, { base, config }) => {
  const rattacheur = () => obtenirRattacheur(base, false, config.rattachement);
  /**
   * The finder by SIRET: its cached JSON text, sent (undefined), or the answer as a value when
   * answers are re-validated (see envoyerJson).
   */
  const parSiret = (
    r: Rattacheur,
    siret: string,
    date: string | null,
    reply: FastifyReply,
  ): ReponseRattachement | undefined => {
    const pret = exigerSources(r, ['opcos', 'siro']);
    const envoi = envoyerJson(
      reply,
      () => pret.parSiretJson(siret, date),
      () => pret.parSiret(siret, date),
    );
    return envoi === reply ? undefined : (envoi as ReponseRattachement);
  };
  const repondre = async (q: RequeteRattachement, reply: FastifyReply) => {
    const r = await rattacheur();
    const date = q.date ?? null;
    if (q.siret) return parSiret(r, q.siret, date, reply);
    if (q.siren) return exigerSources(r, ['opcos', 'siro']).parSiren(q.siren, date);
    return exigerSources(r, ['opcos', 'idcc-opco', 'conventions']).parIdcc(q.idcc ?? '', date);
  };
  app.get(
    '/api/v1/rattachement',
    {
      config: { acces: 'public' },
      schema: {
        summary: 'Quel est mon OPCO ? par SIRET, SIREN ou IDCC, à une date',
        description:
          'Donner exactement un paramètre parmi siret, siren, idcc. La réponse dit le statut, l’OPCO (code France compétences), l’IDCC et son titre, les sources et millésimes, une explication en français et, pour les cas inconnus, quoi faire.',
        tags: ['rattachement'],
        querystring: requeteSchema,
        response: {
          200: z.union([reponseRattachementSchema, reponseSirenSchema]),
          ...reponsesErreur,
        },
      },
    },
    (req, reply) => {
      const siret = req.query.siret;
      // The finder by SIRET, loaded and fresh: answered at once, without a promise (issue 9).
      const charge = siret ? rattacheurPret(base, config.rattachement) : undefined;
      if (siret && charge) return parSiret(charge, siret, req.query.date ?? null, reply);
      return repondre(req.query, reply);
    },
  );

  app.get(
    '/api/v1/conventions',
    {
      config: { acces: 'public' },
      schema: {
        summary: 'Chercher une convention collective par IDCC, mots du titre ou nom usuel',
        description:
          'Insensible aux accents et à la casse ; noms usuels compris (« Syntec », « HCR », « BTP »…) ; résultats classés : IDCC exact d’abord, puis conventions nationales, autres, territoriales ; en vigueur avant abrogées ; puis pertinence.',
        tags: ['rattachement'],
        querystring: conventionsRequete,
        response: { 200: conventionsReponse, ...reponsesErreur },
      },
    },
    async (req) => {
      const r = exigerSources(await rattacheur(), ['conventions']);
      const m = choisirMillesime(r.ref.idccOpco, req.query.date ?? null);
      return {
        q: req.query.q,
        // Explicit fields: answers are no longer filtered by the response schema (serialisation.ts).
        resultats: r.ref.conventions.rechercher(req.query.q, req.query.limite).map((c) => ({
          idcc: c.idcc,
          titre: c.titre,
          titreCourt: c.titreCourt,
          score: c.score,
          portee: c.portee,
          enVigueur: c.enVigueur,
          nomsUsuels: c.nomsUsuels,
          opcoMajoritaire: r.repartition(m, c.idcc)[0]?.opco ?? null,
        })),
        source: m?.source ?? null,
      };
    },
  );

  // Bulk: its own context for the CSV parser and the body limit.
  void app.register(async (instance) => {
    const lot = instance.withTypeProvider<ZodTypeProvider>();
    // CSV: the body stream itself, read by the handler as it arrives (siretsDuCorpsCsv).
    lot.addContentTypeParser(['text/csv', 'text/plain'], (req, flux, done) => {
      const annonce = Number(req.headers['content-length'] ?? 0);
      if (annonce > LIMITE_CORPS_LOT)
        done(new ErreurOpco('ERR_CORPS_TROP_GRAND', { limite: LIMITE_CORPS_LOT }), undefined);
      else done(null, new CorpsCsv(flux as Readable));
    });
    lot.post(
      '/api/v1/rattachement/lot',
      {
        config: { acces: 'public' },
        bodyLimit: LIMITE_CORPS_LOT,
        schema: {
          summary: 'Rattachement en masse (jusqu’à 1 000 000 SIRET), réponse en flux CSV ou NDJSON',
          description:
            'Corps : CSV (text/csv, un SIRET par ligne, première colonne, en-tête facultatif) ou JSON (tableau de SIRET, ou {sirets, date}). ' +
            'Réponse selon Accept : text/csv (défaut) ou application/x-ndjson, une ligne par SIRET dans l’ordre. ' +
            'Statuts : ceux de GET /api/v1/rattachement, plus siret_invalide (avec le problème) pour une ligne mal formée.',
          tags: ['rattachement'],
          querystring: z.object({ date: dateSchema.optional() }),
          response: {
            400: reponsesErreur[400],
            413: reponsesErreur[400],
            503: reponsesErreur[503],
          },
        },
      },
      async (req, reply) => {
        let sirets: Iterable<string>;
        let nombre: number;
        let date = req.query.date ?? null;
        if (req.body instanceof CorpsCsv)
          ({ sirets, nombre } = await siretsDuCorpsCsv(req.body.flux, LIMITE_CORPS_LOT));
        else {
          const p = lotJsonSchema.safeParse(req.body);
          if (!p.success)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: 'body : un tableau de SIRET ou un objet {sirets: [...]} est attendu',
              champ: 'body.sirets',
            });
          const liste = Array.isArray(p.data) ? p.data : p.data.sirets;
          if (!Array.isArray(p.data)) date = p.data.date ?? date;
          sirets = liste;
          nombre = liste.length;
        }
        if (nombre === 0)
          throw new ErreurOpco('ERR_VALIDATION', {
            detail: 'body.sirets : liste vide',
            champ: 'body.sirets',
          });
        if (nombre > MAX_LOT)
          throw new ErreurOpco('ERR_VALIDATION', {
            detail: `body.sirets : ${nombre} SIRET, au plus ${MAX_LOT} par requête`,
            champ: 'body.sirets',
          });
        const r = exigerSources(await rattacheur(), ['opcos', 'siro']);
        const ndjson = (req.headers.accept ?? '').includes('ndjson');
        const m = choisirMillesime(r.ref.siro, date);
        reply
          .header('x-opco-nombre', String(nombre))
          .header('x-opco-demo', String(m?.source.demo ?? false))
          .type(ndjson ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8');
        if (!ndjson) reply.header('content-disposition', 'attachment; filename="rattachement.csv"');
        // The response schema covers errors only; the 200 body is a stream of text.
        return (reply as unknown as FastifyReply).send(
          Readable.from(sansBloquer(rattacherLot(r, sirets, date, ndjson ? 'ndjson' : 'csv'))),
        );
      },
    );
  });
};
