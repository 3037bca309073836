/** Collective agreements (conventions collectives) and their accent/case-insensitive search. */

export interface Convention {
  idcc: string;
  titre: string;
  titreCourt: string | null;
}

export interface ResultatConvention extends Convention {
  score: number;
}

const MOTS_VIDES = new Set([
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'l',
  'd',
  'et',
  'en',
  'a',
  'au',
  'aux',
]);

/** Lower-case, without accents, words separated by single spaces. */
export function normaliserTexte(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface Preparee {
  c: Convention;
  motsCourt: string[];
  motsTitre: string[];
}

/** A search index over the conventions (prepared once, queried many times). */
export class IndexConventions {
  private readonly prep: Preparee[];
  private readonly parIdcc = new Map<string, Convention>();

  constructor(conventions: readonly Convention[]) {
    this.prep = conventions.map((c) => ({
      c,
      motsCourt: c.titreCourt ? normaliserTexte(c.titreCourt).split(' ') : [],
      motsTitre: normaliserTexte(c.titre).split(' '),
    }));
    for (const c of conventions) this.parIdcc.set(c.idcc, c);
  }

  get taille(): number {
    return this.prep.length;
  }

  titre(idcc: string): string | null {
    const c = this.parIdcc.get(idcc);
    return c ? (c.titreCourt ?? c.titre) : null;
  }

  convention(idcc: string): Convention | null {
    return this.parIdcc.get(idcc) ?? null;
  }

  /**
   * Ranked search: an IDCC number matches exactly first (then IDCCs starting with it); words
   * must each match the start of a word of the title (accents and case ignored). Whole-word
   * matches and matches in the short title rank higher, then shorter titles.
   */
  rechercher(q: string, limite = 20): ResultatConvention[] {
    const n = normaliserTexte(q);
    if (n === '') return [];
    const resultats: ResultatConvention[] = [];
    if (/^[0-9]{1,4}$/.test(n)) {
      const exact = n.padStart(4, '0');
      for (const p of this.prep) {
        if (p.c.idcc === exact) resultats.push({ ...p.c, score: 1000 });
        else if (p.c.idcc.replace(/^0+/, '').startsWith(n)) resultats.push({ ...p.c, score: 500 });
      }
    } else {
      const tous = n.split(' ');
      const utiles = tous.filter((m) => !MOTS_VIDES.has(m));
      const mots = utiles.length > 0 ? utiles : tous;
      for (const p of this.prep) {
        let score = 0;
        let ok = true;
        for (const m of mots) {
          const s = Math.max(
            noter(m, p.motsCourt) + (noter(m, p.motsCourt) > 0 ? 2 : 0),
            noter(m, p.motsTitre),
          );
          if (s === 0) {
            ok = false;
            break;
          }
          score += s;
        }
        if (!ok) continue;
        // Shorter titles are closer to what was asked.
        score += 1 / (1 + p.motsTitre.length);
        resultats.push({ ...p.c, score: Math.round(score * 1000) / 1000 });
      }
    }
    resultats.sort((a, b) => b.score - a.score || a.idcc.localeCompare(b.idcc));
    return resultats.slice(0, limite);
  }
}

function noter(mot: string, mots: readonly string[]): number {
  let best = 0;
  for (const w of mots) {
    if (w === mot) return 3;
    if (w.startsWith(mot)) best = 2;
  }
  return best;
}
