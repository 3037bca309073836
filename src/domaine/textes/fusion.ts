import { normaliserTexte } from './diff.ts';
import type { VersionArticle } from './version.ts';

/** Metadata of one version as a publication lists it (no text). */
export interface VersionPubliee {
  idLegiarti: string;
  etat: string;
  numero: string | null;
  du: string;
  au: string | null;
}

/** One article as one publication carries it: the text of its current version and the list of all its versions. */
export interface ArticlePublie {
  article: string;
  cid: string;
  idLegiarti: string;
  etat: string;
  du: string;
  au: string | null;
  texte: string;
  /** Titles of the enclosing parts, books, titles, chapters, sections. */
  sections: string[];
  versions: VersionPubliee[];
}

/**
 * One publication of the corpus: a published version of a package (e.g.
 * '@socialgouv/legi-data@2.513.0') holding the Code du travail consolidated on `dateCode`.
 */
export interface PublicationTextes {
  source: string;
  /** Date of the consolidated code in that publication ('YYYY-MM-DD'). */
  dateCode: string;
  articles: ArticlePublie[];
}

function comparerSemver(a: string, b: string): number {
  const va = (a.split('@').pop() ?? '').split('.').map(Number);
  const vb = (b.split('@').pop() ?? '').split('.').map(Number);
  for (let i = 0; i < Math.max(va.length, vb.length); i++) {
    const d = (va[i] ?? 0) - (vb[i] ?? 0);
    if (d !== 0 && Number.isFinite(d)) return d;
  }
  return a.localeCompare(b);
}

/** Publications from the oldest consolidation to the newest. */
export function ordonnerPublications<P extends Pick<PublicationTextes, 'source' | 'dateCode'>>(
  publications: readonly P[],
): P[] {
  return [...publications].sort(
    (a, b) => a.dateCode.localeCompare(b.dateCode) || comparerSemver(a.source, b.source),
  );
}

interface EnCours {
  article: string;
  numeros: Set<string>;
  versions: Map<string, VersionArticle>;
  derniere: number;
}

export interface CorpusFusionne {
  /** Versions by (current) article number, oldest first. */
  versions: Map<string, VersionArticle[]>;
  /** Former numbers of renumbered articles (e.g. D6324-1 → R6324-1). */
  renvois: Map<string, string>;
}

/**
 * Merges several publications into one history per article. Each publication brings the text of
 * the version in force at its date and the identifiers and dates of every version; so the union
 * holds as many texts as there are distinct versions among the publications.
 * - a version is identified by its LEGIARTI id; its state and dates come from the newest
 *   publication listing it (a later consolidation knows when it ended);
 * - its text comes from the newest publication carrying it (spacing normalised: the same version
 *   republished is one version, not two);
 * - an article missing from a newer publication had ended by that publication's date: when the
 *   older data left its last version open, it is closed at that date, with a remark saying so;
 * - an article is followed by its cid: when it was renumbered (D6324-1 became R6324-1), its whole
 *   history goes under the newest number and the former one is kept as a cross-reference.
 */
export function fusionnerPublications(publications: readonly PublicationTextes[]): CorpusFusionne {
  const ordre = ordonnerPublications(publications);
  const parCid = new Map<string, EnCours>();
  ordre.forEach((pub, rang) => {
    for (const a of pub.articles) {
      let e = parCid.get(a.cid);
      if (!e) {
        e = { article: a.article, numeros: new Set(), versions: new Map(), derniere: rang };
        parCid.set(a.cid, e);
      }
      e.article = a.article;
      e.numeros.add(a.article);
      e.derniere = rang;
      const listees = a.versions.some((v) => v.idLegiarti === a.idLegiarti)
        ? a.versions
        : [
            ...a.versions,
            { idLegiarti: a.idLegiarti, etat: a.etat, numero: null, du: a.du, au: a.au },
          ];
      for (const v of listees) {
        const avant = e.versions.get(v.idLegiarti);
        e.versions.set(v.idLegiarti, {
          article: a.article,
          idLegiarti: v.idLegiarti,
          cid: a.cid,
          etat: v.etat,
          numero: v.numero ?? avant?.numero ?? null,
          du: v.du,
          au: v.au,
          texte: avant?.texte ?? null,
          source: pub.source,
          sourceTexte: avant?.sourceTexte ?? null,
          remarque: null,
        });
      }
      const courante = e.versions.get(a.idLegiarti);
      if (courante) {
        courante.texte = normaliserTexte(a.texte);
        courante.sourceTexte = pub.source;
      }
    }
  });
  const resultat = new Map<string, VersionArticle[]>();
  const renvois = new Map<string, string>();
  for (const e of parCid.values()) {
    for (const n of e.numeros) if (n !== e.article) renvois.set(n, e.article);
    for (const v of e.versions.values()) v.article = e.article;
    const suivante = ordre[e.derniere + 1];
    const versions = [...e.versions.values()];
    if (suivante) {
      for (const v of versions) {
        const ouverte = v.au === null || v.au > suivante.dateCode;
        if (ouverte && v.du < suivante.dateCode) {
          v.au = suivante.dateCode;
          v.remarque = `Article absent de ${suivante.source} (code consolidé au ${suivante.dateCode}) : fin de vigueur au plus tard à cette date.`;
        }
      }
    }
    const deja = resultat.get(e.article) ?? [];
    resultat.set(
      e.article,
      [...deja, ...versions].sort(
        (a, b) => a.du.localeCompare(b.du) || a.idLegiarti.localeCompare(b.idLegiarti),
      ),
    );
  }
  // A former number that is today the number of another article is not a cross-reference.
  for (const ancien of renvois.keys()) if (resultat.has(ancien)) renvois.delete(ancien);
  return { versions: resultat, renvois };
}
