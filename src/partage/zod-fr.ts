import { z } from 'zod';
import { fr } from 'zod/locales';

const nombreFr = (n: number | bigint) => new Intl.NumberFormat('fr-FR').format(n);

type Probleme = Parameters<ReturnType<typeof fr>['localeError']>[0];

const localeFr = fr().localeError;

/**
 * zod's French locale, with plainer words for the errors a form meets most (a missing value, a
 * number out of range, a pattern): the sentence follows the field's label.
 */
export function messageZodFr(issue: Probleme): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'valeur obligatoire';
      if (issue.expected === 'number')
        return typeof issue.input === 'number' ? 'nombre fini attendu' : 'nombre attendu';
      if (issue.expected === 'int') return 'nombre entier attendu';
      if (issue.expected === 'string') return 'texte attendu';
      if (issue.expected === 'boolean') return 'oui ou non attendu';
      break;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'number')
        return issue.inclusive
          ? `doit être supérieur ou égal à ${nombreFr(min)}`
          : min === 0
            ? 'doit être strictement positif'
            : `doit être strictement supérieur à ${nombreFr(min)}`;
      if (issue.origin === 'string')
        return min <= 1 ? 'valeur obligatoire' : `au moins ${nombreFr(min)} caractères`;
      if (issue.origin === 'array') return `au moins ${nombreFr(min)} élément(s)`;
      break;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'number')
        return issue.inclusive
          ? `doit être inférieur ou égal à ${nombreFr(max)}`
          : `doit être strictement inférieur à ${nombreFr(max)}`;
      if (issue.origin === 'string') return `au plus ${nombreFr(max)} caractères`;
      if (issue.origin === 'array') return `au plus ${nombreFr(max)} éléments`;
      break;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return 'format invalide';
      break;
    case 'invalid_union':
    case 'custom':
      return 'valeur invalide';
    default:
      break;
  }
  const m = localeFr(issue);
  return typeof m === 'string' ? m : (m?.message ?? undefined);
}

/** zod speaks French wherever this module is loaded (the API, the simulator page). */
z.config({ localeError: messageZodFr });
