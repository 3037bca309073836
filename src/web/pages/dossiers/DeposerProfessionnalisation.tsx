import { cerfaEj20Schema } from '../../../partage/cerfa-ej20.schema.ts';
import { c, courriel, d, FormulaireCerfa, l, n, t, type Section } from './FormulaireCerfa.tsx';

/** The sections of the CERFA EJ20 (n° 12434), in the order of the form. */
export const sectionsEj20: readonly Section[] = [
  {
    titre: "L'employeur",
    prefixes: ['employeur', 'opco'],
    champs: [
      t('employeur.siret'),
      t('employeur.denomination'),
      t('employeur.adresse.numero', false),
      t('employeur.adresse.voie'),
      t('employeur.adresse.codePostal'),
      t('employeur.adresse.commune'),
      t('employeur.telephone'),
      courriel('employeur.courriel'),
      l('employeur.typeEmployeur', 'typeEmployeur'),
      t('employeur.naf'),
      n('employeur.nombreDeSalaries'),
      t('employeur.codeIdcc'),
      t('employeur.libelleIdcc', false),
      t('opco'),
    ],
  },
  {
    titre: 'Le salarié',
    prefixes: ['salarie'],
    champs: [
      t('salarie.nom'),
      t('salarie.prenom'),
      l('salarie.sexe', 'sexe'),
      d('salarie.dateNaissance'),
      t('salarie.nir', false),
      t('salarie.adresse.numero', false),
      t('salarie.adresse.voie'),
      t('salarie.adresse.codePostal'),
      t('salarie.adresse.commune'),
      courriel('salarie.courriel'),
      l('salarie.public', 'publicProfessionnalisation'),
      c('salarie.publicPrioritaire'),
      d('salarie.inscritFranceTravailDepuis', false),
      l('salarie.situationAvantContrat', 'situationAvantContrat'),
      l('salarie.dernierDiplome', 'diplome'),
      c('salarie.qualifieBacPro'),
      c('salarie.handicap'),
    ],
  },
  {
    titre: 'Le tuteur',
    prefixes: ['tuteur'],
    champs: [
      t('tuteur.nom'),
      t('tuteur.prenom'),
      d('tuteur.dateNaissance'),
      t('tuteur.emploiOccupe'),
      n('tuteur.anneesExperience'),
      c('tuteur.employeurTuteur'),
    ],
  },
  {
    titre: 'Le contrat',
    prefixes: ['contrat'],
    champs: [
      l('contrat.nature', 'natureContratProfessionnalisation'),
      l('contrat.typeContrat', 'typeContratProfessionnalisation'),
      d('contrat.dateConclusion'),
      d('contrat.dateDebut'),
      d('contrat.dateFin', false),
      d('contrat.dateFinAction'),
      n('contrat.dureeHebdoHeures'),
      t('contrat.emploiOccupe'),
      t('contrat.classification', false),
      n('contrat.salaireMensuel'),
      n('contrat.salaireMinimumConventionnel', false),
    ],
  },
  {
    titre: 'La formation',
    prefixes: ['formation'],
    champs: [
      t('formation.organisme.siret'),
      t('formation.organisme.nda', false),
      t('formation.organisme.denomination'),
      l('formation.typeQualification', 'typeQualification'),
      t('formation.rncp', false),
      t('formation.intitule'),
      d('formation.dateDebut'),
      d('formation.dateFin'),
      n('formation.dureeHeures'),
    ],
  },
  {
    titre: 'Pièces',
    prefixes: ['pieces'],
    champs: [c('pieces.conventionFormation')],
  },
];

export const CLE_BROUILLON_EJ20 = 'opco.dossier.ej20.brouillon';

/** Deposit form of a professionalisation contract (CERFA EJ20), with inline checks and a draft. */
export function DeposerProfessionnalisation() {
  return (
    <FormulaireCerfa
      formulaire="EJ20"
      titre="Déposer un contrat de professionnalisation"
      chapo={
        <>
          CERFA EJ20 (n° 12434). Le brouillon est gardé dans ce navigateur à chaque saisie ; dès que
          le formulaire est complet, les contrôles de l'instruction s'affichent sous chaque section,
          avec l'article qu'ils appliquent. Sans réponse de l'OPCO dans les vingt jours suivant le
          dossier complet, le contrat est accepté et déposé (D6325-2).
        </>
      }
      sections={sectionsEj20}
      schema={cerfaEj20Schema}
      cleBrouillon={CLE_BROUILLON_EJ20}
    />
  );
}
