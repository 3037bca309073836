import donnees from '../../../droit/listes/controles.json' with { type: 'json' };
import type { ArticleCite, ResultatControle, ResultatControleValeur } from './types.ts';

/** Code of a check, as listed in droit/listes/controles.json. */
export type CodeControle = keyof typeof donnees.controles;

const controles: Readonly<Record<CodeControle, { libelle: string; articles: ArticleCite[] }>> =
  donnees.controles;

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
  const d = controles[code];
  return {
    code,
    libelle: d.libelle,
    resultat: valeur,
    message,
    ...(champ ? { champ } : {}),
    articles: d.articles,
  };
}
