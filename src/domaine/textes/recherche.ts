/** What a search of articles asks: a number (or number prefix) and words of the text. */
export interface CritereRecherche {
  prefixeNumero: string | null;
  mots: string[];
}

const MOTS_VIDES = new Set([
  'des',
  'les',
  'aux',
  'une',
  'par',
  'pour',
  'dans',
  'sur',
  'que',
  'qui',
]);

/**
 * Reads a free search: « L. 6332-14 », « d6332 », « prise en charge apprentissage »,
 * « R6332 forfait ». The first token that looks like an article number (or its beginning) is the
 * number prefix, canonical (« L6332-14 »); the other tokens of three letters or more are words.
 */
export function analyserRecherche(q: string): CritereRecherche {
  const colle = q.replace(
    /\b(art(?:icle)?\.?\s*)?([LRD])\s*\.?\s*(?=\d)/gi,
    (_m, _a, l: string) => l,
  );
  let prefixeNumero: string | null = null;
  const mots: string[] = [];
  for (const jeton of colle.split(/[\s,;:!?'’"«»()]+/).filter((j) => j !== '')) {
    if (prefixeNumero === null && /^[LRD]\d[\d-]*$/i.test(jeton)) {
      prefixeNumero = jeton.toUpperCase();
      continue;
    }
    const mot = jeton.toLowerCase();
    if (mot.length >= 3 && !MOTS_VIDES.has(mot)) mots.push(mot);
  }
  return { prefixeNumero, mots };
}
