import { z } from 'zod';
import {
  creerMoteur,
  salaireMinimumApprenti,
  type Droit,
  type PortVersionsArticles,
} from '../moteur/index.ts';
import { estErreurOpco } from '../partage/erreurs.ts';
import { situationApprentissageSchema } from '../partage/simulation-apprentissage.schema.ts';
import { situationContributionsSchema } from '../partage/simulation-contributions.schema.ts';
import { situationSalaireApprentiSchema } from '../partage/simulation-salaire.schema.ts';
import { simulerContributions, simulerSalaireApprenti } from './simulation-salaire.ts';
import { simulerDispositif } from './simulation-dispositifs.ts';
import type { SlugDispositif } from '../partage/simulation-dispositifs.schema.ts';

/** Schemes served by the generic rules engine: rule folder → API slug. */
export const DISPOSITIFS_CAS = {
  contrat_professionnalisation: 'contrat-professionnalisation',
  aide_tutorale: 'aide-tutorale',
  pro_a: 'pro-a',
  periode_reconversion: 'periode-reconversion',
  plan_moins_50: 'plan-moins-50',
  formation_ssct_cse: 'formation-ssct-cse',
  action_collective: 'action-collective',
  abondement_cpf: 'abondement-cpf',
} as const satisfies Record<string, SlugDispositif>;
export const REGLES_CAS = [
  'apprentissage',
  'salaire_minimum_apprenti',
  'salaire_apprenti',
  'contributions',
  ...(Object.keys(DISPOSITIFS_CAS) as (keyof typeof DISPOSITIFS_CAS)[]),
] as const;
export const estDispositifCas = (r: string): r is keyof typeof DISPOSITIFS_CAS =>
  r in DISPOSITIFS_CAS;

/**
 * The law test cases of tests/droit/**.yaml — {nom, regle?, date?, calcul?, entrees, sorties} —
 * evaluated against a given law (the tests, and `opco droit diff` with each version's law).
 * Paths: `a.b.0.c`; `[R6332-25]` picks the citation of that article.
 */
export const casDroitSchema = z.object({
  nom: z.string(),
  regle: z.enum(REGLES_CAS).default('apprentissage'),
  date: z.string().optional(),
  calcul: z.string().optional(),
  entrees: z.record(z.string(), z.unknown()),
  sorties: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});
export type CasDroit = z.infer<typeof casDroitSchema>;

/** A refusal (ErreurOpco, or an input the schema refuses) is a result too: `{ erreur, message }`. */
export function evaluerCas(droit: Droit, versions: PortVersionsArticles, c: CasDroit): unknown {
  try {
    if (estDispositifCas(c.regle))
      return simulerDispositif(droit, versions, DISPOSITIFS_CAS[c.regle], {
        ...c.entrees,
        ...(c.date ? { dateEvaluation: c.date } : {}),
      });
    switch (c.regle) {
      case 'salaire_minimum_apprenti': {
        const e = z
          .object({ age: z.number(), anneeExecution: z.number(), date: z.string() })
          .parse(c.entrees);
        const r = salaireMinimumApprenti(droit, e);
        return { taux: r.taux, smicMensuel: r.smicMensuel / 100, montant: r.montant / 100 };
      }
      case 'salaire_apprenti':
        return simulerSalaireApprenti(
          droit,
          versions,
          situationSalaireApprentiSchema.parse(c.entrees),
        );
      case 'contributions':
        return simulerContributions(droit, versions, situationContributionsSchema.parse(c.entrees));
      case 'apprentissage': {
        const { dateEvaluation, ...s } = situationApprentissageSchema.parse(c.entrees);
        return creerMoteur({ droit }, versions).evaluerApprentissage(
          { ...s, niveau: s.niveau as 3 | 4 | 5 | 6 | 7 | 8 },
          c.date ?? dateEvaluation ?? s.dateConclusion,
        );
      }
    }
  } catch (e) {
    if (estErreurOpco(e)) return { erreur: e.code, message: e.message };
    if (e instanceof z.ZodError)
      return {
        erreur: 'ERR_VALIDATION',
        message: e.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; '),
      };
    throw e;
  }
}

export function lireChemin(valeur: unknown, chemin: string): unknown {
  let v = valeur;
  for (const seg of chemin.split('.')) {
    const m = /^\[(.+)\]$/.exec(seg);
    if (m) {
      v = Array.isArray(v) ? v.find((c: { article?: string }) => c.article === m[1]) : undefined;
    } else if (v !== null && typeof v === 'object') {
      v = (v as Record<string, unknown>)[seg];
    } else return undefined;
  }
  return v;
}

/** The outputs of a case as evaluated (numbers to the cent, as the tests compare them). */
export function sortiesObtenues(resultat: unknown, c: CasDroit): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const chemin of Object.keys(c.sorties)) {
    const v = lireChemin(resultat, chemin);
    r[chemin] = typeof v === 'number' ? Math.round(v * 100) / 100 : v;
  }
  return r;
}
