import type { ResultatControle } from '../../domaine/dossiers/index.ts';

/**
 * What the routes of the dossiers (contracts) and of the requests for funding show alike: the
 * checks of an instruction with their articles, and a history of events.
 */

/** The checks as the API shows them, fields mapped one by one (no zod re-validation). */
export function vueResultats(resultats: readonly ResultatControle[]) {
  return resultats.map((x) => ({
    code: x.code,
    libelle: x.libelle,
    resultat: x.resultat,
    message: x.message,
    ...(x.champ ? { champ: x.champ } : {}),
    articles: x.articles.map((a) => ({ ...a })),
  }));
}

/** The history of a dossier or a request: its events in order, each summarised in French. */
export function historiqueDe<E extends { type: string; date: string }>(
  evenements: readonly E[],
  resume: (e: E) => string,
) {
  return {
    evenements: evenements.map((e, i) => ({
      rang: i + 1,
      type: e.type,
      date: e.date,
      resume: resume(e),
    })),
  };
}
