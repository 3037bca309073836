import { ajouterMois, iso, jour, type Droit } from '../../moteur/index.ts';
import { ageAu } from '../../moteur/mecanismes/calendrier.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import { resultat } from './controles.ts';
import { nombreAu, P } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/** Checks of an apprenticeship contract on the apprentice's age (L6222-1, L6222-2, D6222-1). */

/** Causes of rupture « indépendantes de la volonté de l'apprenti » (D6222-1 3°). */
const CAUSES_INDEPENDANTES: ReadonlySet<string> = new Set([
  'cessation_activite',
  'faute_employeur',
  'suspension',
  'liquidation_judiciaire',
]);

export function controleAgeMinimum(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'apprenti.age_minimum';
  const champ = 'apprenti.dateNaissance';
  const debut = c.contrat.dateDebut;
  // The engine's parameters of L6222-1 (the same verifierAgeMinimum reads), without its
  // explanation tree: this check runs on every dossier of a bulk instruction.
  const cycle = c.apprenti.premierCycleSecondaireAcheve;
  const minimum = nombreAu(droit, cycle ? P.app.ageMinimumPremierCycle : P.app.ageMinimum, debut);
  if (minimum === undefined)
    return resultat(code, 'a_verifier', `Âge minimum non fixé au ${debut}.`, champ);
  const age = ageAu(jour(c.apprenti.dateNaissance), jour(debut));
  if (age < minimum)
    return resultat(
      code,
      'bloquant',
      `L'apprenti a ${age} ans au début de l'apprentissage (${debut}) : ${minimum} ans au moins sont exigés${cycle ? '' : " (moins s'il justifie avoir accompli le premier cycle de l'enseignement secondaire)"}.`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `${age} ans au ${debut} : âge minimum de ${minimum} ans atteint.`,
    champ,
  );
}

export function controleAgeMaximum(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'apprenti.age_maximum';
  const champ = 'apprenti.dateNaissance';
  const debut = c.contrat.dateDebut;
  const max = nombreAu(droit, P.app.ageMaximum, debut);
  if (max === undefined)
    return resultat(
      code,
      'a_verifier',
      `Âge maximum non fixé au ${debut} dans le droit chargé.`,
      champ,
    );
  const naissance = jour(c.apprenti.dateNaissance);
  const age = ageAu(naissance, jour(debut));
  if (age <= max)
    return resultat(
      code,
      'conforme',
      `${age} ans au début de l'apprentissage (${max} ans révolus au plus).`,
      champ,
    );
  if (c.contrat.typeContrat === '33')
    return resultat(
      code,
      'conforme',
      `${age} ans : prolongation après un échec à l'examen, la limite d'âge ne s'y oppose pas (L6222-11).`,
      champ,
    );
  const a = c.apprenti;
  const cause = c.contrat.causeDerogationAge;
  if (a.handicap || cause === 'travailleur_handicape')
    return resultat(
      code,
      'conforme',
      `${age} ans : travailleur handicapé, pas de limite d'âge (L6222-2 3°).`,
      champ,
    );
  if (a.projetCreationRepriseEntreprise || cause === 'creation_reprise')
    return resultat(
      code,
      'conforme',
      `${age} ans : projet de création ou de reprise d'entreprise (L6222-2 4°).`,
      champ,
    );
  if (a.sportifHautNiveau || cause === 'sportif_haut_niveau')
    return resultat(code, 'conforme', `${age} ans : sportif de haut niveau (L6222-2 5°).`, champ);
  if (cause !== 'diplome_superieur' && cause !== 'rupture_independante')
    return resultat(
      code,
      'bloquant',
      `L'apprenti a ${age} ans au début de l'apprentissage (${debut}) : plus de ${max} ans révolus, sans aucun des cas de L6222-2.`,
      champ,
    );
  return derogationTrenteCinqAns(droit, c, cause);
}

/** L6222-2 1° and 2° with D6222-1: at most 35 at conclusion, within a year of the previous contract. */
function derogationTrenteCinqAns(
  droit: Droit,
  c: CerfaFa13,
  cause: 'diplome_superieur' | 'rupture_independante',
): ResultatControle {
  const code = 'apprenti.age_maximum';
  const conclusion = c.contrat.dateConclusion;
  const max = nombreAu(droit, P.app.ageMaximumDerogation, conclusion);
  const delai = nombreAu(droit, P.app.delaiContratPrecedentMois, conclusion);
  if (max === undefined || delai === undefined)
    return resultat(
      code,
      'a_verifier',
      `Dérogation d'âge non définie pour un contrat conclu le ${conclusion}.`,
    );
  const age = ageAu(jour(c.apprenti.dateNaissance), jour(conclusion));
  if (age > max)
    return resultat(
      code,
      'bloquant',
      `L'apprenti a ${age} ans à la conclusion (${conclusion}) : la dérogation de L6222-2 ${cause === 'diplome_superieur' ? '1°' : '2°'} exige ${max} ans au plus (D6222-1 1°).`,
      'apprenti.dateNaissance',
    );
  const prec = c.contrat.contratPrecedent;
  if (!prec)
    return resultat(
      code,
      'bloquant',
      'Dérogation à la limite d’âge demandée sans le précédent contrat (date de fin) : D6222-1 2° exige un contrat souscrit dans l’année.',
      'contrat.contratPrecedent',
    );
  const limite = iso(ajouterMois(jour(prec.dateFin), delai));
  if (conclusion > limite)
    return resultat(
      code,
      'bloquant',
      `Contrat conclu le ${conclusion}, plus de ${delai} mois après la fin du précédent (${prec.dateFin}) : D6222-1 2°.`,
      'contrat.dateConclusion',
    );
  if (cause === 'diplome_superieur') {
    if (prec.niveauDiplome === undefined)
      return resultat(
        code,
        'a_verifier',
        'Niveau du diplôme du précédent contrat non renseigné : un gestionnaire vérifie que le nouveau diplôme est de niveau supérieur.',
        'contrat.contratPrecedent.niveauDiplome',
      );
    if (c.formation.niveau <= prec.niveauDiplome)
      return resultat(
        code,
        'bloquant',
        `Le diplôme préparé (niveau ${c.formation.niveau}) n'est pas de niveau supérieur à celui du précédent contrat (niveau ${prec.niveauDiplome}) : L6222-2 1°.`,
        'formation.niveau',
      );
    return resultat(
      code,
      'conforme',
      `${age} ans à la conclusion : contrat vers un diplôme de niveau supérieur, dans l'année du précédent (L6222-2 1°, D6222-1).`,
    );
  }
  if (!prec.motifRupture)
    return resultat(
      code,
      'a_verifier',
      'Motif de rupture du précédent contrat non renseigné : un gestionnaire vérifie qu’il est indépendant de la volonté de l’apprenti (D6222-1 3°).',
      'contrat.contratPrecedent.motifRupture',
    );
  if (!CAUSES_INDEPENDANTES.has(prec.motifRupture))
    return resultat(
      code,
      'bloquant',
      `Le motif de rupture du précédent contrat n'est pas une cause indépendante de la volonté de l'apprenti (D6222-1 3°).`,
      'contrat.contratPrecedent.motifRupture',
    );
  return resultat(
    code,
    'conforme',
    `${age} ans à la conclusion : rupture du précédent contrat pour une cause indépendante de la volonté de l'apprenti, dans l'année (L6222-2 2°, D6222-1).`,
  );
}

export function controleRepresentantLegal(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'apprenti.representant_legal';
  const majorite = nombreAu(droit, P.ageMajorite, c.contrat.dateConclusion);
  if (majorite === undefined) return resultat(code, 'a_verifier', 'Âge de la majorité non défini.');
  const age = ageAu(jour(c.apprenti.dateNaissance), jour(c.contrat.dateConclusion));
  if (age >= majorite)
    return resultat(code, 'conforme', `Apprenti majeur à la signature (${age} ans).`);
  if (!c.apprenti.responsableLegal)
    return resultat(
      code,
      'bloquant',
      `Apprenti mineur à la signature (${age} ans) sans représentant légal : le contrat doit aussi être signé par lui.`,
      'apprenti.responsableLegal',
    );
  return resultat(code, 'conforme', `Apprenti mineur (${age} ans) : représentant légal renseigné.`);
}
