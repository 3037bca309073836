/**
 * The text of an article comes as one line of plain text (the LEGI publications flatten it). Its
 * structure is still in the markers that open each division: « I.- », « A.- », « 1° », « a) ».
 * This cuts the text into blocks at those markers, each with its depth, so the page can show
 * the divisions as the Journal officiel does.
 */

export type GenreMarqueur = 'romain' | 'lettre-capitale' | 'numero' | 'lettre';

export interface Bloc {
  /** Depth of the division: 0 for the text before the first marker and for « I. ». */
  niveau: number;
  /** The marker as printed (« I. », « 1° », « a) »), null for a plain paragraph. */
  marqueur: string | null;
  genre: GenreMarqueur | null;
  texte: string;
}

const RANG: Record<GenreMarqueur, number> = {
  romain: 0,
  'lettre-capitale': 1,
  numero: 2,
  lettre: 3,
};

/** Between « A. » and « 1° »: see `structurer`. */
const RANG_INTRODUCTION = 1.5;

/**
 * A marker opens a division only at the start of the text or right after the end of a sentence
 * or of an item (« . », « ; », « : »): « aux 1° à 3° de l'article » is a reference, not a list.
 */
const MARQUEUR =
  /(?:^|(?<=[.;:»]\s{0,3}))\s*(?:([IVX]{1,6})\s?\.\s?[-–—]\s?|([A-H])\s?\.\s?[-–—]\s?|(\d{1,2}\s?°(?:\s?(?:bis|ter|quater))?)\s+|([a-z])\)\s+)/gu;

function nettoyer(t: string): string {
  return t
    .replace(/\s+([.,])(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function decouper(
  paragraphe: string,
): { marqueur: string | null; genre: GenreMarqueur | null; texte: string }[] {
  const morceaux: { marqueur: string | null; genre: GenreMarqueur | null; texte: string }[] = [];
  let debutTexte = 0;
  let courant: { marqueur: string | null; genre: GenreMarqueur | null } = {
    marqueur: null,
    genre: null,
  };
  for (const m of paragraphe.matchAll(MARQUEUR)) {
    const avant = paragraphe.slice(debutTexte, m.index);
    if (courant.marqueur !== null || avant.trim() !== '')
      morceaux.push({ ...courant, texte: avant });
    const [, romain, capitale, numero, lettre] = m;
    courant = romain
      ? { marqueur: `${romain}.`, genre: 'romain' }
      : capitale
        ? { marqueur: `${capitale}.`, genre: 'lettre-capitale' }
        : numero
          ? { marqueur: numero.replace(/\s/g, '').replace(/°(?=\S)/, '° '), genre: 'numero' }
          : { marqueur: `${lettre ?? ''})`, genre: 'lettre' };
    debutTexte = m.index + m[0].length;
  }
  const reste = paragraphe.slice(debutTexte);
  if (courant.marqueur !== null || reste.trim() !== '') morceaux.push({ ...courant, texte: reste });
  return morceaux;
}

/** Cuts an article's text into its divisions and paragraphs, with their depth. */
export function structurer(texte: string): Bloc[] {
  const blocs: Bloc[] = [];
  const pile: number[] = [];
  for (const paragraphe of texte.split(/\n\s*\n|\n/)) {
    if (paragraphe.trim() === '') continue;
    for (const m of decouper(paragraphe)) {
      let niveau = 0;
      if (m.genre) {
        const rang = RANG[m.genre];
        while (pile.length > 0 && (pile[pile.length - 1] ?? 0) >= rang) pile.pop();
        niveau = pile.length;
        pile.push(rang);
      } else {
        niveau = pile.length;
        // An introduction (« … selon les modalités suivantes : ») holds the items that follow it,
        // but not a « I. » or « A. » division.
        if (pile.length === 0) pile.push(RANG_INTRODUCTION);
      }
      blocs.push({ niveau, marqueur: m.marqueur, genre: m.genre, texte: nettoyer(m.texte) });
    }
  }
  return blocs;
}
