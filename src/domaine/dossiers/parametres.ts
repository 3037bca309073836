import { jour, type Droit } from '../../moteur/index.ts';

/**
 * Reading the law parameters of the dossiers (droit/parametres/dossiers) at a date. A value the
 * law does not give at that date is `undefined`: the check then says it cannot decide.
 */
export function nombreAu(droit: Droit, id: string, date: string): number | undefined {
  const v = droit.trouver(id, jour(date))?.valeur.valeur;
  return typeof v === 'number' ? v : undefined;
}

export function texteAu(droit: Droit, id: string, date: string): string | undefined {
  const v = droit.trouver(id, jour(date))?.valeur.valeur;
  return typeof v === 'string' ? v : undefined;
}

export const P = {
  ageMajorite: 'dossiers.age_majorite',
  joursCalendaires: 'dossiers.delai_jours_calendaires',
  app: {
    ageMinimum: 'apprentissage.age_minimum.general',
    ageMinimumPremierCycle: 'apprentissage.age_minimum.premier_cycle_secondaire_acheve',
    ageMaximum: 'dossiers.apprentissage.age_maximum',
    ageMaximumDerogation: 'dossiers.apprentissage.age_maximum_derogation',
    delaiContratPrecedentMois: 'dossiers.apprentissage.delai_contrat_precedent_mois',
    dureeMinimumMois: 'dossiers.apprentissage.duree_minimum_mois',
    dureeMaximumMois: 'dossiers.apprentissage.duree_maximum_mois',
    prolongationMaximumMois: 'dossiers.apprentissage.prolongation_maximum_mois',
    delaiDebutFormationMois: 'dossiers.apprentissage.delai_debut_formation_mois',
    partMinimumFormationCfa: 'dossiers.apprentissage.part_minimum_formation_cfa_pourcent',
    maitreExperienceAvecDiplome: 'dossiers.apprentissage.maitre_experience_avec_diplome_annees',
    maitreExperienceSansDiplome: 'dossiers.apprentissage.maitre_experience_sans_diplome_annees',
    delaiDecisionJours: 'dossiers.apprentissage.delai_decision_jours',
    silence: 'dossiers.apprentissage.silence',
    qualiopiDispenseMois: 'dossiers.apprentissage.qualiopi_dispense_nouveau_cfa_mois',
    niveauParticipation: 'apprentissage.participation_employeur.niveau_minimum',
  },
  pro: {
    delaiDecisionJours: 'dossiers.professionnalisation.delai_decision_jours',
    silence: 'dossiers.professionnalisation.silence',
    ageMinimum: 'dossiers.professionnalisation.age_minimum',
    ageMaximumJeune: 'dossiers.professionnalisation.age_maximum_jeune',
    ageDemandeurEmploi: 'dossiers.professionnalisation.age_demandeur_emploi',
    agePalier: 'dossiers.professionnalisation.age_palier',
    dureeMinimumMois: 'dossiers.professionnalisation.duree_action_minimum_mois',
    dureeMaximumMois: 'dossiers.professionnalisation.duree_action_maximum_mois',
    dureeMaximumPrioritaireMois:
      'dossiers.professionnalisation.duree_action_maximum_prioritaire_mois',
    dureeMaximumAccordMois: 'dossiers.professionnalisation.duree_action_maximum_accord_mois',
    tauxMoins21: 'dossiers.professionnalisation.taux_minimum_moins_21_ans',
    taux21a25: 'dossiers.professionnalisation.taux_minimum_21_25_ans',
    tauxMoins21Qualifie: 'dossiers.professionnalisation.taux_minimum_moins_21_ans_qualifie',
    taux21a25Qualifie: 'dossiers.professionnalisation.taux_minimum_21_25_ans_qualifie',
    taux26EtPlus: 'dossiers.professionnalisation.taux_minimum_26_ans_et_plus',
    forfaitHoraire: 'dossiers.professionnalisation.forfait_horaire',
    forfaitHorairePrioritaire: 'dossiers.professionnalisation.forfait_horaire_prioritaire',
    tuteurExperience: 'dossiers.professionnalisation.tuteur_experience_annees',
  },
} as const;
