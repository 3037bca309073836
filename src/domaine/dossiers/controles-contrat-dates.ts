import { ajouterMois, iso, jour, type Droit } from '../../moteur/index.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import { resultat } from './controles.ts';
import { nombreAu, P } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/** Checks of an apprenticeship contract on its duration and dates (L6222-7-1). */

const estAvenant = (c: CerfaFa13) => c.contrat.typeContrat.startsWith('3');

export function controleDuree(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'contrat.duree';
  const champ = 'contrat.dateFin';
  const conclusion = c.contrat.dateConclusion;
  const min = nombreAu(droit, P.app.dureeMinimumMois, conclusion);
  const max = nombreAu(droit, P.app.dureeMaximumMois, conclusion);
  const prolongation = nombreAu(droit, P.app.prolongationMaximumMois, conclusion) ?? 0;
  if (min === undefined || max === undefined)
    return resultat(code, 'a_verifier', `Durées légales non définies au ${conclusion}.`);
  const debut = jour(c.contrat.dateDebut);
  const finPlusUn = jour(c.contrat.dateFin) + 1;
  if (finPlusUn <= debut)
    return resultat(code, 'bloquant', 'La date de fin précède la date de début du contrat.', champ);
  const maxRetenu = ['33', '34'].includes(c.contrat.typeContrat) ? max + prolongation : max;
  const tropCourt = finPlusUn < ajouterMois(debut, min);
  const tropLong = finPlusUn > ajouterMois(debut, maxRetenu);
  const periode = `du ${c.contrat.dateDebut} au ${c.contrat.dateFin}`;
  if (!tropCourt && !tropLong)
    return resultat(
      code,
      'conforme',
      `Contrat ${periode} : entre ${min} mois et ${maxRetenu} mois.`,
      champ,
    );
  const derogation = c.contrat.typeDerogation;
  const sens = tropCourt ? `moins de ${min} mois` : `plus de ${maxRetenu} mois`;
  if (derogation === '21' || derogation === '22' || derogation === '50') {
    if (!c.pieces.conventionTripartite)
      return resultat(
        code,
        'bloquant',
        `Contrat ${periode} : ${sens}, dérogation de durée sans la convention tripartite (L6222-7-1 al. 3).`,
        'pieces.conventionTripartite',
      );
    return resultat(
      code,
      'a_verifier',
      `Contrat ${periode} : ${sens}, sous convention tripartite ; un gestionnaire vérifie le motif de la dérogation (L6222-7-1 al. 3).`,
      champ,
    );
  }
  return resultat(code, 'bloquant', `Contrat ${periode} : ${sens} (L6222-7-1).`, champ);
}

export function controleConclusion(c: CerfaFa13): ResultatControle {
  const code = 'contrat.conclusion_avant_debut';
  const champ = 'contrat.dateConclusion';
  if (estAvenant(c))
    return resultat(
      code,
      'conforme',
      'Avenant : la date de conclusion est celle du contrat initial.',
      champ,
    );
  if (c.contrat.dateConclusion > c.contrat.dateDebut)
    return resultat(
      code,
      'bloquant',
      `Contrat signé le ${c.contrat.dateConclusion}, après le début de son exécution le ${c.contrat.dateDebut} : il doit être signé préalablement à l'emploi.`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `Signé le ${c.contrat.dateConclusion}, avant le début le ${c.contrat.dateDebut}.`,
    champ,
  );
}

export function controleFormationPratique(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'contrat.debut_formation_pratique';
  const champ = 'contrat.dateDebutFormationPratique';
  const delai = nombreAu(droit, P.app.delaiDebutFormationMois, c.contrat.dateConclusion);
  if (delai === undefined)
    return resultat(code, 'a_verifier', 'Délai non défini à cette date.', champ);
  const limite = iso(ajouterMois(jour(c.contrat.dateDebut), delai));
  const d = c.contrat.dateDebutFormationPratique;
  if (d < c.contrat.dateDebut)
    return resultat(
      code,
      'bloquant',
      `Formation pratique le ${d}, avant le début du contrat (${c.contrat.dateDebut}).`,
      champ,
    );
  if (d > limite)
    return resultat(
      code,
      'bloquant',
      `Formation pratique le ${d}, plus de ${delai} mois après le début du contrat (au plus tard le ${limite}).`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `Formation pratique le ${d} (au plus tard le ${limite}).`,
    champ,
  );
}
