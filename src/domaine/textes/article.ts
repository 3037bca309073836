/**
 * Article numbers of the Code du travail: a part letter (L législative, R décret en Conseil
 * d'État, D décret simple), digits, dash-separated sub-numbers and, rarely, a letter suffix
 * (« L6332-1 A »). Users and law data write them loosely: « l6332-14 », « L. 6332-14 »,
 * « article D 6332-78 ». `normaliserNumeroArticle` gives the canonical form or null.
 */
const FORME =
  /^(?:art(?:icle)?\.?\s*)?([LRDA])\s*\.?\s*\*?\s*(\d+(?:\s*-\s*\d+)*)(?:\s+([A-Z]))?$/i;

export function normaliserNumeroArticle(saisie: string): string | null {
  const m = FORME.exec(saisie.trim().replace(/\s+/g, ' '));
  if (!m) return null;
  const [, lettre = '', corps = '', suffixe] = m;
  const numero = `${lettre.toUpperCase()}${corps.replace(/\s+/g, '')}`;
  return suffixe ? `${numero} ${suffixe.toUpperCase()}` : numero;
}

const DEBUT = /^(?:art(?:icle)?\.?\s*)?([LRD])\s*\.?\s*(\d+(?:\s*-\s*\d+)*)(?=$|[\s,;(])/i;

/**
 * The article a citation names, tolerating what follows the number: « L6332-14, I, 1° »,
 * « L. 6332-14 (I, 4°) », « D6332-83 1° » → the article number. A trailing capital letter is kept
 * as part of the number (« L6332-1 A ») unless it is a roman numeral (I, V, X: a paragraph).
 */
export function numeroCite(saisie: string): string | null {
  const entier = normaliserNumeroArticle(saisie);
  if (entier && !/ [IVX]$/.test(entier)) return entier;
  const m = DEBUT.exec(saisie.trim());
  if (!m) return null;
  const [, lettre = '', corps = ''] = m;
  return `${lettre.toUpperCase()}${corps.replace(/\s+/g, '')}`;
}

/** True when the article number is canonical (what normalisation returns unchanged). */
export function estNumeroArticle(saisie: string): boolean {
  return normaliserNumeroArticle(saisie) === saisie;
}

/**
 * Natural order of article numbers: L6332-2 before L6332-14, L6332-1 before L6332-1-1.
 * Part letters in the order of the code: L, R, D, then anything else.
 */
export function comparerNumerosArticles(a: string, b: string): number {
  const rang = (x: string) => 'LRD'.indexOf(x.charAt(0)) + 1 || 4;
  if (rang(a) !== rang(b)) return rang(a) - rang(b);
  const pa = a.slice(1).split(/[- ]/);
  const pb = b.slice(1).split(/[- ]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isFinite(nx) && Number.isFinite(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The Légifrance address of one version of an article (LEGIARTI id). */
export function urlLegifrance(idLegiarti: string): string {
  return `https://www.legifrance.gouv.fr/codes/article_lc/${idLegiarti}`;
}
