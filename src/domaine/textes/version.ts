/**
 * One version of one article, as the law stood between two dates. `du` is inclusive, `au`
 * exclusive, `null` means no known end. Dates are calendar dates 'YYYY-MM-DD'. `texte` is null
 * when no imported publication carried the text of that version (only its identifiers and
 * dates are known then). Repealed and superseded versions are kept, never overwritten.
 */
export interface VersionArticle {
  /** Canonical article number, e.g. 'L6332-14'. */
  article: string;
  /** Identifier of this version on Légifrance (LEGIARTI + 12 digits). */
  idLegiarti: string;
  /** Identifier shared by every version of the article (the LEGIARTI of its first version). */
  cid: string;
  /** State in LEGI: VIGUEUR, MODIFIE, ABROGE, ABROGE_DIFF, MODIFIE_MORT_NE, TRANSFERE… */
  etat: string;
  /** Version number in LEGI ('10.0'), when known. */
  numero: string | null;
  du: string;
  au: string | null;
  texte: string | null;
  /** Publication (package@version) whose metadata (state, dates) is kept for this version. */
  source: string;
  /** Publication whose text is kept, or null when no text is known. */
  sourceTexte: string | null;
  /** Anything the data does not say plainly (e.g. an end date inferred from an absence). */
  remarque: string | null;
}

export type MotifNonEnVigueur = 'inconnu' | 'pas_encore_cree' | 'abroge' | 'lacune';

export type ResultatVersionEnVigueur =
  | { ok: true; version: VersionArticle }
  | {
      ok: false;
      motif: MotifNonEnVigueur;
      date: string;
      /** First date the article was in force, if any version is known. */
      premiereDate: string | null;
      /** End of the last known version (null when still in force or unknown). */
      derniereFin: string | null;
    };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function estDateCalendaire(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [a, m, j] = s.split('-').map(Number) as [number, number, number];
  const jours = [
    31,
    a % 4 === 0 && (a % 100 !== 0 || a % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return m >= 1 && m <= 12 && j >= 1 && j <= (jours[m - 1] ?? 0);
}

/** True when the version is in force on `date`: du ≤ date < au. A version with du = au never was. */
export function estEnVigueur(v: Pick<VersionArticle, 'du' | 'au'>, date: string): boolean {
  return v.du <= date && (v.au === null || date < v.au);
}

/** Versions in chronological order (by start, then end, then id), the stillborn ones included. */
export function trierVersions<V extends Pick<VersionArticle, 'du' | 'au' | 'idLegiarti'>>(
  versions: readonly V[],
): V[] {
  return [...versions].sort(
    (a, b) =>
      a.du.localeCompare(b.du) ||
      (a.au ?? '9999-12-31').localeCompare(b.au ?? '9999-12-31') ||
      a.idLegiarti.localeCompare(b.idLegiarti),
  );
}

/**
 * The version of an article in force on `date`, or why there is none. If the data ever had two
 * overlapping versions, the one that started last wins (the later consolidation).
 */
export function versionEnVigueur(
  versions: readonly VersionArticle[],
  date: string,
): ResultatVersionEnVigueur {
  const enVigueur = trierVersions(versions.filter((v) => estEnVigueur(v, date)));
  const trouvee = enVigueur[enVigueur.length - 1];
  if (trouvee) return { ok: true, version: trouvee };
  const reelles = trierVersions(versions.filter((v) => v.au === null || v.du < v.au));
  const premiere = reelles[0];
  const derniere = reelles[reelles.length - 1];
  if (!premiere || !derniere)
    return { ok: false, motif: 'inconnu', date, premiereDate: null, derniereFin: null };
  const fin = reelles.some((v) => v.au === null)
    ? null
    : reelles.reduce((m, v) => ((v.au ?? '') > m ? (v.au ?? '') : m), '');
  const motif: MotifNonEnVigueur =
    date < premiere.du ? 'pas_encore_cree' : fin !== null && date >= fin ? 'abroge' : 'lacune';
  return { ok: false, motif, date, premiereDate: premiere.du, derniereFin: fin };
}

/** A French sentence explaining why no version is in force (for 404 messages and the UI). */
export function expliquerAbsence(
  article: string,
  r: Extract<ResultatVersionEnVigueur, { ok: false }>,
): string {
  switch (r.motif) {
    case 'inconnu':
      return `L'article ${article} n'est pas dans le corpus importé.`;
    case 'pas_encore_cree':
      return `L'article ${article} n'existait pas le ${r.date} : sa première version est en vigueur à partir du ${r.premiereDate ?? '?'}.`;
    case 'abroge':
      return `L'article ${article} n'était plus en vigueur le ${r.date} : sa dernière version a pris fin le ${r.derniereFin ?? '?'}.`;
    case 'lacune':
      return `Aucune version connue de l'article ${article} n'était en vigueur le ${r.date}.`;
  }
}
