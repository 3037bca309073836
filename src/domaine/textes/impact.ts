import { empreinteTexte } from './diff.ts';
import type { ArticlePublie } from './fusion.ts';
import { comparerNumerosArticles } from './article.ts';
import type { Citant } from './index-citations.ts';

export type NatureChangement = 'ajoute' | 'supprime' | 'modifie' | 'renumerote';

/** An article that differs between two publications of the corpus. */
export interface ChangementArticle {
  article: string;
  nature: NatureChangement;
  /** Version (LEGIARTI) in the old and in the new publication, null when absent. */
  avant: { article: string; idLegiarti: string; etat: string; du: string } | null;
  apres: { article: string; idLegiarti: string; etat: string; du: string } | null;
}

/**
 * The articles that changed between two publications: added, removed, or whose current version
 * (LEGIARTI id) or text differs, renumbered. A republication of the same version with different spacing is
 * not a change.
 */
export function comparerPublications(
  anciens: readonly ArticlePublie[],
  nouveaux: readonly ArticlePublie[],
): ChangementArticle[] {
  const resume = (a: ArticlePublie) => ({
    article: a.article,
    idLegiarti: a.idLegiarti,
    etat: a.etat,
    du: a.du,
  });
  // Keyed by cid (the article's stable identifier): a number can be shared for a while by a
  // repealed article and its successor.
  const avant = new Map(anciens.map((a) => [a.cid, a]));
  const apres = new Map(nouveaux.map((a) => [a.cid, a]));
  const changements: ChangementArticle[] = [];
  for (const [cid, a] of avant) {
    const n = apres.get(cid);
    if (!n)
      changements.push({ article: a.article, nature: 'supprime', avant: resume(a), apres: null });
    else if (a.idLegiarti !== n.idLegiarti || empreinteTexte(a.texte) !== empreinteTexte(n.texte))
      changements.push({
        article: n.article,
        nature: 'modifie',
        avant: resume(a),
        apres: resume(n),
      });
    else if (a.article !== n.article)
      changements.push({
        article: n.article,
        nature: 'renumerote',
        avant: resume(a),
        apres: resume(n),
      });
  }
  for (const [cid, n] of apres)
    if (!avant.has(cid))
      changements.push({ article: n.article, nature: 'ajoute', avant: null, apres: resume(n) });
  return changements.sort((x, y) => comparerNumerosArticles(x.article, y.article));
}

/** A changed article with what cites it: what a maintainer reviews when the law moves. */
export interface ImpactArticle extends ChangementArticle {
  citants: Citant[];
}

/**
 * Crosses the changed articles with the citation index. A renumbered or repealed article is
 * looked up under its old number too (the law data may still cite it so).
 */
export function croiserImpact(
  changements: readonly ChangementArticle[],
  parArticle: ReadonlyMap<string, readonly Citant[]>,
): ImpactArticle[] {
  return changements.map((c) => {
    const numeros = new Set(
      [c.article, c.avant?.article, c.apres?.article].filter((x): x is string => !!x),
    );
    const citants = [...numeros].flatMap((n) => parArticle.get(n) ?? []);
    return { ...c, citants };
  });
}
