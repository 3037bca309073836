import { z } from 'zod';
import donnees from '../../droit/listes/cerfa.json' with { type: 'json' };

/**
 * The code lists of the CERFA forms (droit/listes/cerfa.json: each list with its source). The
 * schemas, the web form's selects and the printed CERFA read the codes and labels from here.
 */
export type NomListe = keyof typeof donnees.listes;

export interface ListeCodes {
  libelle: string;
  source: string;
  codes: Readonly<Record<string, string>>;
}

export const listesCerfa: Readonly<Record<NomListe, ListeCodes>> = donnees.listes;

/** Codes of a list, in file order. */
export function codesDe(nom: NomListe): [string, ...string[]] {
  const codes = Object.keys(listesCerfa[nom].codes);
  return codes as [string, ...string[]];
}

/** Label of a code (the code itself if unknown). */
export function libelleCode(nom: NomListe, code: string): string {
  return listesCerfa[nom].codes[code] ?? code;
}

/** A zod enum over a list, whose error names the allowed codes. */
export function codeListe(nom: NomListe) {
  const codes = codesDe(nom);
  return z.enum(codes, {
    error: () => `code de la liste « ${listesCerfa[nom].libelle} » attendu (${codes.join(', ')})`,
  });
}
