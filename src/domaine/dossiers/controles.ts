import donnees from '../../../droit/listes/controles.json' with { type: 'json' };
import type { ArticleCite, ResultatControle, ResultatControleValeur } from './types.ts';

/** Code of a check, as listed in droit/listes/controles.json. */
export type CodeControle = keyof typeof donnees.controles;

const controles: Readonly<Record<CodeControle, { libelle: string; articles: ArticleCite[] }>> =
  donnees.controles;

/** The same definitions by code in a Map (the JSON object is large: keyed lookups are slow). */
const parCode = new Map<string, { libelle: string; articles: ArticleCite[] }>(
  Object.entries(controles),
);

export function definitionControle(code: CodeControle): {
  libelle: string;
  articles: readonly ArticleCite[];
} {
  return controles[code];
}

export const codesControles = Object.keys(controles) as CodeControle[];

/** A result of a check, with its label and citations from the data file. */
export function resultat(
  code: CodeControle,
  valeur: ResultatControleValeur,
  message: string,
  champ?: string,
): ResultatControle {
  // Two literal shapes (with or without `champ`), same keys in the same order as always: the
  // bulk instruction builds a dozen of these per dossier.
  const d = parCode.get(code) ?? controles[code];
  return champ
    ? { code, libelle: d.libelle, resultat: valeur, message, champ, articles: d.articles }
    : { code, libelle: d.libelle, resultat: valeur, message, articles: d.articles };
}
