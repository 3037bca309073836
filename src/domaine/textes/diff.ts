import { diffWords } from 'diff';

/** One run of a word-level diff: unchanged, removed (only in the old text) or added. */
export interface SegmentDiff {
  type: 'egal' | 'supprime' | 'ajoute';
  texte: string;
}

export interface DiffMots {
  segments: SegmentDiff[];
  motsSupprimes: number;
  motsAjoutes: number;
}

function compterMots(s: string): number {
  return s.split(/\s+/).filter((m) => m !== '').length;
}

/**
 * Word-level diff between two versions of a text (as Légifrance shows the history of an article):
 * differences of spacing alone are not changes. Concatenating the `egal` and `supprime` segments
 * gives back the old text, `egal` and `ajoute` the new one (up to spacing).
 */
export function diffMots(avant: string, apres: string): DiffMots {
  const segments: SegmentDiff[] = [];
  let motsSupprimes = 0;
  let motsAjoutes = 0;
  for (const p of diffWords(avant, apres)) {
    const type = p.added ? 'ajoute' : p.removed ? 'supprime' : 'egal';
    if (type === 'ajoute') motsAjoutes += compterMots(p.value);
    if (type === 'supprime') motsSupprimes += compterMots(p.value);
    const precedent = segments[segments.length - 1];
    if (precedent && precedent.type === type) precedent.texte += p.value;
    else segments.push({ type, texte: p.value });
  }
  return { segments, motsSupprimes, motsAjoutes };
}

/** Collapses runs of white space: two publications of the same version differ only by spacing. */
export function normaliserTexte(texte: string): string {
  return texte.replace(/\s+/g, ' ').trim();
}

/**
 * What two publications of the same version must share: the text without any white space.
 * LEGI republishes texts with spacing moved around links and punctuation (« L. 6332-14, » then
 * « L. 6332-14 , »); that is not a change of the law.
 */
export function empreinteTexte(texte: string): string {
  return texte.replace(/\s+/g, '');
}
