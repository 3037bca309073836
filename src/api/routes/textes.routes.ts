import { z } from 'zod';
import {
  analyserRecherche,
  diffMots,
  estDateCalendaire,
  expliquerAbsence,
  normaliserNumeroArticle,
  urlLegifrance,
  versionEnVigueur,
  type IndexCitations,
  type VersionArticle,
} from '../../domaine/textes/index.ts';
import { lireIndexCitations } from '../../import/textes/droit.lecture.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import {
  citationsSchema,
  dateSchema,
  diffSchema,
  publicationsSchema,
  resultatRechercheSchema,
  texteEnVigueurSchema,
  versionsSchema,
  type VersionResume,
  type VersionTexte,
} from '../../partage/textes.ts';
import type { Base } from '../../stockage/db.ts';
import { listerPublications, rechercherArticles, renvoiDe } from '../../stockage/textes.depot.ts';
import { articleEnCache } from '../../stockage/textes.cache.ts';
import { envoyerJson } from '../serialisation.ts';
import type { ModuleRoutes } from '../types.ts';

const articleParam = z.object({
  article: z
    .string()
    .refine((s) => normaliserNumeroArticle(s) !== null, {
      message: "numéro d'article illisible (exemples : L6332-14, D6332-78, R6123-3-4)",
    })
    .describe("Numéro d'article du Code du travail (L6332-14, d6332-78, « L. 6332-14 »…)"),
});

const dateValide = dateSchema.refine(estDateCalendaire, { message: "cette date n'existe pas" });

const refVersion = z
  .string()
  .refine(
    (s) => /^LEGIARTI\d{12}$/.test(s) || (/^\d{4}-\d{2}-\d{2}$/.test(s) && estDateCalendaire(s)),
    {
      message: 'attendu : un identifiant LEGIARTI (LEGIARTI000048686256) ou une date AAAA-MM-JJ',
    },
  );

function resume(v: VersionArticle): VersionResume {
  return {
    idLegiarti: v.idLegiarti,
    etat: v.etat,
    numero: v.numero,
    du: v.du,
    au: v.au,
    texteDisponible: v.texte !== null,
    source: v.source,
    sourceTexte: v.sourceTexte,
    remarque: v.remarque,
    url: urlLegifrance(v.idLegiarti),
  };
}

function avecTexte(v: VersionArticle): VersionTexte {
  return { ...resume(v), texte: v.texte };
}

/**
 * The JSON text of a value derived from a cached, frozen object (a version with its text, the
 * sections of an article), written once per object: an article read spent most of its
 * processor time in JSON.stringify of the article's text. Forgotten with the cached article.
 */
const textesJson = new WeakMap<object, string>();
function enJson(cle: object, valeur: () => unknown): string {
  let t = textesJson.get(cle);
  if (t === undefined) {
    t = JSON.stringify(valeur());
    textesJson.set(cle, t);
  }
  return t;
}

interface ArticleResolu {
  article: string;
  versions: readonly VersionArticle[];
  sections: readonly string[];
  renvoi: { demande: string; article: string } | null;
}

/**
 * The versions and sections of an article, following a renumbering (read through the cache of
 * src/stockage/textes.cache.ts); an ErreurOpco when it is unknown.
 */
async function resoudreArticle(base: Base, saisie: string): Promise<ArticleResolu> {
  const demande = normaliserNumeroArticle(saisie) ?? saisie;
  const lu = await articleEnCache(base, demande);
  if (lu.versions.length > 0) return { article: demande, ...lu, renvoi: null };
  const nouveau = await renvoiDe(base.db, demande);
  if (nouveau) {
    const v = await articleEnCache(base, nouveau);
    if (v.versions.length > 0)
      return { article: nouveau, ...v, renvoi: { demande, article: nouveau } };
  }
  const pubs = await listerPublications(base.db);
  if (pubs.length === 0)
    throw new ErreurOpco('ERR_DONNEES_ABSENTES', {
      jeu: 'textes',
      detail: 'importez-les avec « opco import textes <dossier du paquet @socialgouv/legi-data> ».',
    });
  throw new ErreurOpco('ERR_TEXTE_ARTICLE_INCONNU', {
    article: demande,
    corpus: pubs.map((p) => p.source).join(', '),
    champ: 'params.article',
  });
}

function versionDesignee(a: ArticleResolu, ref: string, champ: string): VersionArticle {
  if (ref.startsWith('LEGIARTI')) {
    const v = a.versions.find((x) => x.idLegiarti === ref);
    if (!v)
      throw new ErreurOpco('ERR_TEXTE_VERSION_INCONNUE', {
        version: ref,
        article: a.article,
        champ,
      });
    return v;
  }
  const r = versionEnVigueur(a.versions, ref);
  if (!r.ok)
    throw new ErreurOpco('ERR_TEXTE_NON_EN_VIGUEUR', {
      explication: expliquerAbsence(a.article, r),
      champ,
    });
  return r.version;
}

function exigerTexte(a: ArticleResolu, v: VersionArticle): string {
  if (v.texte !== null) return v.texte;
  throw new ErreurOpco('ERR_TEXTE_INDISPONIBLE', {
    version: v.idLegiarti,
    article: a.article,
    du: v.du,
    disponibles:
      a.versions
        .filter((x) => x.texte !== null)
        .map((x) => `${x.idLegiarti} (du ${x.du})`)
        .join(', ') || 'aucune',
  });
}

export const routesTextes: ModuleRoutes = (app, { base, racineDroit }) => {
  let index: Promise<IndexCitations> | null = null;
  const indexCitations = () => {
    index ??= lireIndexCitations(racineDroit).catch((e: unknown) => {
      index = null;
      throw e;
    });
    return index;
  };

  app.get(
    '/api/v1/textes',
    {
      config: { acces: 'public' },
      schema: {
        summary: 'Recherche d’articles du Code du travail par numéro et par mots',
        description:
          'Recherche plein texte dans le dernier texte connu de chaque article. Un jeton qui ressemble à un numéro (« L6332 », « d 6332-78 ») filtre par début de numéro ; les autres mots (3 lettres ou plus) doivent tous figurer dans le texte, sans tenir compte des majuscules ni des accents, sous une forme fléchie ou comme début de mot (« apprenti » trouve « apprentissage ») ; les mots vides sont ignorés. Les articles les plus pertinents d’abord, puis dans l’ordre du code.',
        tags: ['textes'],
        querystring: z.object({
          q: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .describe('Numéro et/ou mots, ex. « L6332 prise en charge »'),
          limite: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: resultatRechercheSchema, 400: reponsesErreur[400] },
      },
    },
    async (req) => {
      const critere = analyserRecherche(req.query.q);
      const r = await rechercherArticles(base.db, critere, req.query.limite);
      return { q: req.query.q, ...r };
    },
  );

  app.get(
    '/api/v1/textes/publications',
    {
      config: { acces: 'public' },
      schema: {
        summary:
          'Publications importées du Code du travail (paquets npm et dates de consolidation)',
        tags: ['textes'],
        response: { 200: publicationsSchema, 500: reponsesErreur[500] },
      },
    },
    async () => ({
      publications: (await listerPublications(base.db)).map((p) => ({
        source: p.source,
        paquet: p.paquet,
        version: p.version,
        dateCode: p.dateCode,
        nbArticles: p.nbArticles,
      })),
    }),
  );

  app.get(
    '/api/v1/textes/:article',
    {
      config: { acces: 'public' },
      schema: {
        summary: "La version d'un article en vigueur à une date",
        description:
          "Renvoie la version en vigueur le jour demandé (du inclus, au exclu), son texte s'il est connu, ses dates et sa provenance. 404 (ERR_TEXTE_NON_EN_VIGUEUR) quand l'article n'existait pas ou plus ce jour-là.",
        tags: ['textes'],
        params: articleParam,
        querystring: z.object({ date: dateValide.describe('Date à laquelle lire le texte') }),
        response: { 200: texteEnVigueurSchema, ...reponsesErreur },
      },
    },
    async (req, reply) => {
      const a = await resoudreArticle(base, req.params.article);
      const r = versionEnVigueur(a.versions, req.query.date);
      if (!r.ok)
        throw new ErreurOpco('ERR_TEXTE_NON_EN_VIGUEUR', {
          explication: expliquerAbsence(a.article, r),
        });
      const v = r.version;
      return envoyerJson(
        reply,
        () =>
          `{"article":${JSON.stringify(a.article)},"date":${JSON.stringify(req.query.date)},` +
          `"version":${enJson(v, () => avecTexte(v))},` +
          `"sections":${enJson(a.sections, () => a.sections)},"renvoi":${JSON.stringify(a.renvoi)}}`,
        () => ({
          article: a.article,
          date: req.query.date,
          version: avecTexte(v),
          sections: [...a.sections],
          renvoi: a.renvoi,
        }),
      );
    },
  );

  app.get(
    '/api/v1/textes/:article/versions',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Toutes les versions connues d'un article (frise)",
        tags: ['textes'],
        params: articleParam,
        response: { 200: versionsSchema, ...reponsesErreur },
      },
    },
    async (req) => {
      const a = await resoudreArticle(base, req.params.article);
      return {
        article: a.article,
        sections: [...a.sections],
        renvoi: a.renvoi,
        versions: a.versions.map(resume),
      };
    },
  );

  app.get(
    '/api/v1/textes/:article/diff',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Différences mot à mot entre deux versions d'un article",
        description:
          'Chaque borne est un identifiant LEGIARTI ou une date (la version en vigueur ce jour-là). Les deux versions doivent avoir un texte connu (ERR_TEXTE_INDISPONIBLE sinon).',
        tags: ['textes'],
        params: articleParam,
        querystring: z.object({
          de: refVersion.describe('Version de départ : LEGIARTI… ou AAAA-MM-JJ'),
          a: refVersion.describe("Version d'arrivée : LEGIARTI… ou AAAA-MM-JJ"),
        }),
        response: { 200: diffSchema, ...reponsesErreur },
      },
    },
    async (req) => {
      const a = await resoudreArticle(base, req.params.article);
      const de = versionDesignee(a, req.query.de, 'query.de');
      const vers = versionDesignee(a, req.query.a, 'query.a');
      const d = diffMots(exigerTexte(a, de), exigerTexte(a, vers));
      return { article: a.article, de: resume(de), a: resume(vers), ...d };
    },
  );

  app.get(
    '/api/v1/textes/:article/citations',
    {
      config: { acces: 'public' },
      schema: {
        summary: "Paramètres, règles et cas de test qui citent l'article",
        description: 'Index construit en lisant droit/parametres, droit/regles et tests/droit.',
        tags: ['textes'],
        params: articleParam,
        response: { 200: citationsSchema, ...reponsesErreur },
      },
    },
    async (req) => {
      const article = normaliserNumeroArticle(req.params.article) ?? req.params.article;
      const i = await indexCitations();
      return { article, citants: i.parArticle.get(article) ?? [] };
    },
  );
};
