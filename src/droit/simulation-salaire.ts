import { citer } from '../moteur/citations.ts';
import {
  evaluerContributions,
  evaluerSalaireApprenti,
  verifierAgeMinimum,
  type Droit,
  type PortVersionsArticles,
} from '../moteur/index.ts';
import { ErreurOpco } from '../partage/erreurs.ts';
import { portVersionsDepuisJson } from './versions-articles.ts';
import {
  situationContributionsSchema,
  type EntreeContributions,
  type ResultatContributionsJson,
} from '../partage/simulation-contributions.schema.ts';
import type {
  EntreeSalaireApprenti,
  ResultatSalaireApprentiJson,
} from '../partage/simulation-salaire.schema.ts';

const versionsParDossier = new Map<string, PortVersionsArticles>();

/** The article-version port of the reference data, read once per data folder. */
export function versionsParDefaut(dossierDonnees: string | undefined): PortVersionsArticles {
  const cle = dossierDonnees ?? '';
  let v = versionsParDossier.get(cle);
  if (!v) {
    v = portVersionsDepuisJson(dossierDonnees);
    versionsParDossier.set(cle, v);
  }
  return v;
}

/**
 * The apprentice minimum wage and the training contributions, shared by the API, the CLI and
 * the law tests: evaluates with the engine, cites the texts at the evaluation date.
 */
export function simulerSalaireApprenti(
  droit: Droit,
  versions: PortVersionsArticles,
  e: EntreeSalaireApprenti,
): ResultatSalaireApprentiJson {
  const { dateEvaluation, ...reste } = e;
  const situation = { ...reste, dateConclusion: e.dateConclusion ?? e.dateDebut };
  const age = verifierAgeMinimum(droit, situation);
  if (age.refus)
    throw new ErreurOpco('ERR_APPRENTI_TROP_JEUNE', {
      age: age.refus.age,
      ageMinimum: age.refus.ageMinimum,
      condition: e.premierCycleSecondaireAcheve
        ? 'premier cycle de l’enseignement secondaire accompli'
        : 'quinze ans seulement avec le premier cycle de l’enseignement secondaire accompli',
      champ: 'body.dateNaissance',
    });
  const r = evaluerSalaireApprenti(droit, {
    ...situation,
    ...(e.salaireMinimumConventionnel !== undefined
      ? { salaireMinimumConventionnel: Math.round(e.salaireMinimumConventionnel * 100) }
      : {}),
  });
  const date = dateEvaluation ?? situation.dateConclusion;
  const explication = {
    ...r.explication,
    enfants: [age.explication.noeud, ...(r.explication.enfants ?? [])],
  };
  return {
    dateEvaluation: date,
    unite: 'centimes/mois',
    ageDebut: r.ageDebut,
    periodes: r.periodes.map(({ explication: _x, ...p }) => p),
    avertissements: r.avertissements,
    explication,
    citations: citer(
      [
        ...(age.explication.noeud.enfants ?? []).flatMap((n) => n.references ?? []),
        ...r.references,
      ],
      date,
      versions,
    ),
  };
}

export function simulerContributions(
  droit: Droit,
  versions: PortVersionsArticles,
  entree: EntreeContributions,
): ResultatContributionsJson {
  const e = situationContributionsSchema.parse(entree);
  const r = evaluerContributions(droit, e);
  const date = e.dateEvaluation ?? e.date;
  return {
    dateEvaluation: date,
    unite: 'centimes',
    cfp: r.cfp,
    taBase: r.taBase,
    taSolde: r.taSolde,
    csa: r.csa,
    taTotal: r.taTotal,
    cpfCdd: r.cpfCdd,
    total: r.cfp + r.taTotal + (r.cpfCdd ?? 0),
    explication: r.explication,
    citations: citer(r.references, date, versions),
  };
}
