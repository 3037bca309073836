import { ajouterMois, jour, type Droit } from '../../moteur/index.ts';
import { ageAu } from '../../moteur/mecanismes/calendrier.ts';
import { smicMensuel } from '../../moteur/salaire/smic.ts';
import type { CerfaEj20 } from '../../partage/cerfa-ej20.schema.ts';
import type { ReferentielsDossier } from '../referentiels-formation/index.ts';
import { resultat } from './controles.ts';
import { controleOpco, controleOpposition } from './instruction-apprentissage.ts';
import { nombreAu, P } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/**
 * The instruction of a professionalisation contract (D6325-2: the OPCO checks that the contract
 * is not contrary to the law or the agreements): public, length of the action, minimum pay,
 * tutor, OPCO.
 */

const euros = (c: number) =>
  `${(c / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

export function controlePublic(droit: Droit, c: CerfaEj20): ResultatControle {
  const code = 'professionnalisation.public';
  const champ = 'salarie.dateNaissance';
  const d = c.contrat.dateDebut;
  const min = nombreAu(droit, P.pro.ageMinimum, d);
  const maxJeune = nombreAu(droit, P.pro.ageMaximumJeune, d);
  const demandeur = nombreAu(droit, P.pro.ageDemandeurEmploi, d);
  if (min === undefined || maxJeune === undefined || demandeur === undefined)
    return resultat(code, 'a_verifier', `Conditions d'âge non définies au ${d}.`, champ);
  const age = ageAu(jour(c.salarie.dateNaissance), jour(d));
  if (age < min)
    return resultat(
      code,
      'bloquant',
      `${age} ans au début du contrat : ${min} ans au moins.`,
      champ,
    );
  switch (c.salarie.public) {
    case 'jeune_16_25':
      return age <= maxJeune
        ? resultat(
            code,
            'conforme',
            `${age} ans : jeune de ${min} à ${maxJeune} ans révolus (L6325-1 1°).`,
            champ,
          )
        : resultat(
            code,
            'bloquant',
            `${age} ans : plus de ${maxJeune} ans révolus pour le public « jeune » (L6325-1 1°).`,
            champ,
          );
    case 'demandeur_emploi_26':
      if (age < demandeur)
        return resultat(
          code,
          'bloquant',
          `${age} ans : le public « demandeur d'emploi » vise les ${demandeur} ans et plus (L6325-1 2°).`,
          champ,
        );
      return c.salarie.inscritFranceTravailDepuis
        ? resultat(
            code,
            'conforme',
            `${age} ans, demandeur d'emploi inscrit depuis le ${c.salarie.inscritFranceTravailDepuis}.`,
            champ,
          )
        : resultat(
            code,
            'a_verifier',
            `${age} ans, demandeur d'emploi : date d'inscription à France Travail non renseignée.`,
            'salarie.inscritFranceTravailDepuis',
          );
    default:
      return resultat(
        code,
        'conforme',
        `Bénéficiaire d'un minimum social ou sortant d'un contrat unique d'insertion (L6325-1 3°).`,
        'salarie.public',
      );
  }
}

export function controleDureeAction(droit: Droit, c: CerfaEj20): ResultatControle {
  const code = 'professionnalisation.duree_action';
  const champ = 'contrat.dateFinAction';
  const d = c.contrat.dateConclusion;
  const min = nombreAu(droit, P.pro.dureeMinimumMois, d);
  const max = nombreAu(droit, P.pro.dureeMaximumMois, d);
  const maxPrio = nombreAu(droit, P.pro.dureeMaximumPrioritaireMois, d);
  const maxAccord = nombreAu(droit, P.pro.dureeMaximumAccordMois, d);
  if (min === undefined || max === undefined || maxPrio === undefined || maxAccord === undefined)
    return resultat(code, 'a_verifier', `Durées de l'action non définies au ${d}.`, champ);
  const debut = jour(c.contrat.dateDebut);
  const finPlusUn = jour(c.contrat.dateFinAction) + 1;
  const periode = `du ${c.contrat.dateDebut} au ${c.contrat.dateFinAction}`;
  if (finPlusUn < ajouterMois(debut, min))
    return resultat(
      code,
      'bloquant',
      `Action ${periode} : moins de ${min} mois (L6325-11).`,
      champ,
    );
  const plafond = c.salarie.publicPrioritaire ? maxPrio : max;
  if (finPlusUn <= ajouterMois(debut, plafond))
    return resultat(
      code,
      'conforme',
      `Action ${periode} : entre ${min} et ${plafond} mois.`,
      champ,
    );
  if (!c.salarie.publicPrioritaire && finPlusUn <= ajouterMois(debut, maxAccord))
    return resultat(
      code,
      'a_verifier',
      `Action ${periode} : plus de ${max} mois ; un allongement jusqu'à ${maxAccord} mois suppose un accord de branche (L6325-12), vérifié par un gestionnaire.`,
      champ,
    );
  return resultat(
    code,
    'bloquant',
    `Action ${periode} : plus de ${c.salarie.publicPrioritaire ? maxPrio : maxAccord} mois.`,
    champ,
  );
}

export function controleRemunerationPro(droit: Droit, c: CerfaEj20): ResultatControle {
  const code = 'professionnalisation.remuneration';
  const champ = 'contrat.salaireMensuel';
  const d = c.contrat.dateDebut;
  const age = ageAu(jour(c.salarie.dateNaissance), jour(d));
  const bornes = {
    palier: nombreAu(droit, P.pro.agePalier, d),
    demandeur: nombreAu(droit, P.pro.ageDemandeurEmploi, d),
  };
  if (bornes.palier === undefined || bornes.demandeur === undefined)
    return resultat(code, 'a_verifier', `Barème non défini au ${d}.`, champ);
  const q = c.salarie.qualifieBacPro;
  // D6325-15: under the palier / from the palier to 25; L6325-9: 26 and over.
  const id =
    age >= bornes.demandeur
      ? P.pro.taux26EtPlus
      : age >= bornes.palier
        ? q
          ? P.pro.taux21a25Qualifie
          : P.pro.taux21a25
        : q
          ? P.pro.tauxMoins21Qualifie
          : P.pro.tauxMoins21;
  const taux = nombreAu(droit, id, c.contrat.dateConclusion);
  let smic;
  try {
    smic = smicMensuel(droit, jour(d), c.employeur.adresse.codePostal.startsWith('976')).valeur;
  } catch {
    return resultat(code, 'a_verifier', `SMIC non défini au ${d}.`, champ);
  }
  if (taux === undefined) return resultat(code, 'a_verifier', `Taux non défini au ${d}.`, champ);
  const minimum = Math.ceil((smic.num * taux) / (smic.den * 100));
  const declare = Math.round(c.contrat.salaireMensuel * 100);
  if (declare < minimum)
    return resultat(
      code,
      'bloquant',
      `${euros(declare)} par mois déclarés à ${age} ans, moins que ${taux} % du SMIC (${euros(minimum)}).`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `${euros(declare)} par mois, au moins ${taux} % du SMIC (${euros(minimum)}) à ${age} ans.`,
    champ,
  );
}

export function controleTuteur(droit: Droit, c: CerfaEj20): ResultatControle {
  const code = 'professionnalisation.tuteur';
  const champ = 'tuteur.anneesExperience';
  const exp = nombreAu(droit, P.pro.tuteurExperience, c.contrat.dateConclusion);
  if (exp === undefined)
    return resultat(code, 'a_verifier', 'Expérience exigée non définie.', champ);
  return c.tuteur.anneesExperience >= exp
    ? resultat(
        code,
        'conforme',
        `Tuteur : ${c.tuteur.anneesExperience} an(s) d'expérience (${exp} exigés).`,
        champ,
      )
    : resultat(
        code,
        'a_verifier',
        `Tuteur : ${c.tuteur.anneesExperience} an(s) d'expérience, moins que les ${exp} ans exigés ; un gestionnaire vérifie (employeur tuteur, autre tuteur).`,
        champ,
      );
}

export function instruireProfessionnalisation(
  droit: Droit,
  c: CerfaEj20,
  r: ReferentielsDossier,
): ResultatControle[] {
  return [
    controlePublic(droit, c),
    controleDureeAction(droit, c),
    controleRemunerationPro(droit, c),
    controleTuteur(droit, c),
    controleOpposition(c, r),
    controleOpco(c, r),
  ];
}

export function piecesManquantesProfessionnalisation(c: CerfaEj20): string[] {
  return c.pieces.conventionFormation || c.pieces.annexePedagogique
    ? []
    : ['Document annexé au contrat : programme de formation (D6325-11)'];
}
