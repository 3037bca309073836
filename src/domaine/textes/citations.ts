import { numeroCite, urlLegifrance } from './article.ts';
import { estDateCalendaire, versionEnVigueur, type VersionArticle } from './version.ts';

/** A legal reference found in the law data: an article, the date it is cited for, maybe an id. */
export interface ReferenceJuridique {
  /** The article as written in the law data ('D6332-78', maybe loosely). */
  article: string;
  /** The date from which the cited value or rule version applies, when the data gives one. */
  date: string | null;
  /** When that value or rule version stops applying (the next dated value or version), if known. */
  jusquAu?: string | null;
  /** `id_legifrance` of the reference, when given (LEGIARTI of a version, or of the article). */
  idLegifrance: string | null;
  /** Where it was found: file and path inside the file. */
  origine: string;
  /** The code named by the reference (`code:`), when it says; null = Code du travail. */
  code?: string | null;
}

export type TypeAnomalie =
  | 'hors_corpus'
  | 'article_illisible'
  | 'article_inconnu'
  | 'non_en_vigueur'
  | 'id_inconnu'
  | 'id_autre_article'
  | 'version_non_en_vigueur';

export interface AnomalieReference {
  type: TypeAnomalie;
  reference: ReferenceJuridique;
  message: string;
}

/** What the check needs to know of the corpus: every version of an article, and who owns an id. */
export interface CorpusTextes {
  versionsDe(article: string): readonly VersionArticle[] | undefined;
  articleDeLegiarti(idLegiarti: string): string | undefined;
}

export function corpusDepuis(
  versionsParArticle: ReadonlyMap<string, readonly VersionArticle[]>,
  /** Former numbers of renumbered articles → current number: a citation by the old number resolves. */
  renvois: ReadonlyMap<string, string> = new Map(),
): CorpusTextes {
  const proprietaires = new Map<string, string>();
  for (const [article, versions] of versionsParArticle)
    for (const v of versions) {
      proprietaires.set(v.idLegiarti, article);
      proprietaires.set(v.cid, article);
    }
  return {
    versionsDe: (article) =>
      versionsParArticle.get(article) ?? versionsParArticle.get(renvois.get(article) ?? ''),
    articleDeLegiarti: (id) => proprietaires.get(id),
  };
}

/**
 * True when `id` names a version of the article in force at some time in the cited period
 * [date, jusquAu): a value applying from 2019 to 2024 may cite any wording of that time.
 */
function nommeUneVersionDeLaPeriode(
  versions: readonly VersionArticle[],
  id: string,
  r: ReferenceJuridique,
): boolean {
  const v = versions.find((x) => x.idLegiarti === id);
  if (!v || r.date === null) return false;
  const finPeriode = r.jusquAu ?? '9999-12-31';
  const finVersion = v.au ?? '9999-12-31';
  return v.du < finVersion && v.du < finPeriode && finVersion > r.date;
}

/**
 * Checks references against the article corpus: the article must be readable and known; when
 * the reference is dated, a version must have been in force on that date; a LEGIARTI id, when
 * given, must belong to that article and, for a dated reference, name either the article
 * itself (its cid) or a version in force during the cited period (from its date to the next
 * dated value or rule version).
 */
export function verifierReferences(
  references: readonly ReferenceJuridique[],
  corpus: CorpusTextes,
  options: {
    /** Articles the imported corpus is meant to hold; others are reported `hors_corpus`. */
    perimetre?: (article: string) => boolean;
  } = {},
): AnomalieReference[] {
  const anomalies: AnomalieReference[] = [];
  for (const r of references) {
    if (r.code && !/travail/i.test(r.code)) {
      anomalies.push({
        type: 'hors_corpus',
        reference: r,
        message: `${r.article} (${r.code}) n'est pas un article du Code du travail : non vérifié (${r.origine}).`,
      });
      continue;
    }
    const article = numeroCite(r.article);
    if (!article) {
      anomalies.push({
        type: 'article_illisible',
        reference: r,
        message: `« ${r.article} » n'est pas un numéro d'article (${r.origine}).`,
      });
      continue;
    }
    const versions = corpus.versionsDe(article);
    if ((!versions || versions.length === 0) && options.perimetre && !options.perimetre(article)) {
      anomalies.push({
        type: 'hors_corpus',
        reference: r,
        message: `L'article ${article} est hors du périmètre des textes importés : non vérifié (${r.origine}).`,
      });
      continue;
    }
    if (!versions || versions.length === 0) {
      anomalies.push({
        type: 'article_inconnu',
        reference: r,
        message: `L'article ${article} est inconnu du corpus (${r.origine}).`,
      });
      continue;
    }
    let enVigueur: VersionArticle | null = null;
    if (r.date && estDateCalendaire(r.date)) {
      const v = versionEnVigueur(versions, r.date);
      if (v.ok) enVigueur = v.version;
      else {
        anomalies.push({
          type: 'non_en_vigueur',
          reference: r,
          message: `L'article ${article} n'était pas en vigueur le ${r.date} (${r.origine}).`,
        });
        continue;
      }
    }
    const id = r.idLegifrance;
    if (id && /^LEGIARTI\d{12}$/.test(id)) {
      const proprietaire = corpus.articleDeLegiarti(id);
      if (!proprietaire)
        anomalies.push({
          type: 'id_inconnu',
          reference: r,
          message: `${id} n'est aucune version connue de l'article ${article} (${r.origine}).`,
        });
      else if (proprietaire !== article && proprietaire !== versions[0]?.article)
        anomalies.push({
          type: 'id_autre_article',
          reference: r,
          message: `${id} est une version de l'article ${proprietaire}, pas de ${article} (${r.origine}).`,
        });
      else if (
        enVigueur &&
        id !== enVigueur.cid &&
        !nommeUneVersionDeLaPeriode(versions ?? [], id, r)
      )
        anomalies.push({
          type: 'version_non_en_vigueur',
          reference: r,
          message: `${id} n'était pas en vigueur pendant la période citée (${r.jusquAu ? `du ${r.date ?? '?'} au ${r.jusquAu}` : `à partir du ${r.date ?? '?'}`}) ; version en vigueur le ${r.date ?? '?'} : ${enVigueur.idLegiarti} (${r.origine}).`,
        });
    }
  }
  return anomalies;
}

/** A citation as the engine gives it: the article, the version in force on the evaluation date, and its links. */
export interface CitationArticle {
  article: string;
  date: string;
  idLegiarti: string | null;
  du: string | null;
  au: string | null;
  /** Page of the platform showing that version: /textes/<article>?date=<date>. */
  lien: string;
  /** Légifrance page of that version, when known. */
  url: string | null;
}

/** The link to the platform page of an article as it stood on a date. */
export function lienTexte(article: string, date: string): string {
  return `/textes/${encodeURIComponent(article)}?date=${date}`;
}

/** Cites an article as in force on the evaluation date, naming that version. */
export function citerArticle(
  article: string,
  date: string,
  versions: readonly VersionArticle[],
): CitationArticle {
  const canon = numeroCite(article) ?? article;
  const r = versionEnVigueur(versions, date);
  const v = r.ok ? r.version : null;
  return {
    article: canon,
    date,
    idLegiarti: v?.idLegiarti ?? null,
    du: v?.du ?? null,
    au: v?.au ?? null,
    lien: lienTexte(canon, date),
    url: v ? urlLegifrance(v.idLegiarti) : null,
  };
}

const CLE_DATE = /^\d{4}-\d{2}-\d{2}$/;

function estObjet(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function dateDe(x: unknown): string | null {
  if (typeof x === 'string' && CLE_DATE.test(x)) return x;
  if (x instanceof Date) return x.toISOString().slice(0, 10);
  return null;
}

/** The first date of `dates` after `d`, or null. */
function suivante(dates: readonly string[], d: string): string | null {
  return dates.filter((x) => x > d).sort()[0] ?? null;
}

interface Periode {
  du: string;
  au: string | null;
}

/**
 * Every `{article: …}` reference of a parsed law-data document (parameters or rules), with the
 * period it is cited for: from the nearest enclosing key that is a date (`valeurs: {2024-01-01: …}`)
 * to the next such key, or from the nearest `depuis:` of an enclosing object (versioned rules) to
 * the `depuis:` of the next sibling version (or its own `jusqu_au:`).
 */
export function extraireReferences(document: unknown, fichier: string): ReferenceJuridique[] {
  const trouvees: ReferenceJuridique[] = [];
  const visiter = (x: unknown, chemin: string[], periode: Periode | null): void => {
    if (Array.isArray(x)) {
      const debuts = x
        .map((e) => (estObjet(e) ? dateDe(e.depuis) : null))
        .filter((d): d is string => d !== null);
      x.forEach((e, i) => {
        const du = estObjet(e) ? dateDe(e.depuis) : null;
        const fin = estObjet(e) ? dateDe(e.jusqu_au) : null;
        visiter(e, [...chemin, String(i)], du ? { du, au: fin ?? suivante(debuts, du) } : periode);
      });
      return;
    }
    if (!estObjet(x)) return;
    const du = dateDe(x.depuis);
    const ici: Periode | null = du && periode?.du !== du ? { du, au: dateDe(x.jusqu_au) } : periode;
    if (typeof x.article === 'string' && chemin.includes('references')) {
      const id = x.id_legifrance;
      trouvees.push({
        article: x.article,
        date: ici?.du ?? null,
        jusquAu: ici?.au ?? null,
        idLegifrance: typeof id === 'string' ? id : null,
        origine: `${fichier}:${chemin.join('.')}`,
        ...(typeof x.code === 'string' ? { code: x.code } : {}),
      });
    }
    const clesDatees = Object.keys(x).filter((k) => CLE_DATE.test(k));
    for (const [cle, valeur] of Object.entries(x))
      visiter(
        valeur,
        [...chemin, cle],
        CLE_DATE.test(cle) ? { du: cle, au: suivante(clesDatees, cle) } : ici,
      );
  };
  visiter(document, [], null);
  return trouvees;
}

/** The anomalies that make the law data wrong (everything but `hors_corpus`, which is a notice). */
export function anomaliesBloquantes(anomalies: readonly AnomalieReference[]): AnomalieReference[] {
  return anomalies.filter((a) => a.type !== 'hors_corpus');
}
