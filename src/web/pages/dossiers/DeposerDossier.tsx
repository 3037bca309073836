import { cerfaFa13Schema } from '../../../partage/cerfa-fa13.schema.ts';
import { c, courriel, d, FormulaireCerfa, l, n, t, type Section } from './FormulaireCerfa.tsx';

const PERIODES = 4;

/** The sections of the CERFA FA13 (n° 10103*14), in the order of the form. */
export const sectionsFa13: readonly Section[] = [
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
      l('employeur.employeurSpecifique', 'employeurSpecifique', false),
      t('employeur.naf'),
      n('employeur.nombreDeSalaries'),
      t('employeur.codeIdcc'),
      t('opco'),
    ],
  },
  {
    titre: "L'apprenti(e)",
    prefixes: ['apprenti'],
    champs: [
      t('apprenti.nom'),
      t('apprenti.prenom'),
      l('apprenti.sexe', 'sexe'),
      d('apprenti.dateNaissance'),
      l('apprenti.nationalite', 'nationalite'),
      l('apprenti.regimeSocial', 'regimeSocial'),
      t('apprenti.adresse.voie'),
      t('apprenti.adresse.codePostal'),
      t('apprenti.adresse.commune'),
      courriel('apprenti.courriel'),
      l('apprenti.situationAvantContrat', 'situationAvantContrat'),
      l('apprenti.dernierDiplome', 'diplome'),
      l('apprenti.derniereClasse', 'derniereClasse'),
      c('apprenti.premierCycleSecondaireAcheve'),
      c('apprenti.handicap'),
      c('apprenti.projetCreationRepriseEntreprise'),
      c('apprenti.sportifHautNiveau'),
      t('apprenti.responsableLegal.nom', false),
      t('apprenti.responsableLegal.prenom', false),
    ],
  },
  {
    titre: "Le maître d'apprentissage",
    prefixes: ['maitres', 'attestationEligibiliteMaitre'],
    champs: [
      t('maitres.0.nom'),
      t('maitres.0.prenom'),
      d('maitres.0.dateNaissance'),
      t('maitres.0.emploiOccupe'),
      l('maitres.0.niveauDiplome', 'niveauDiplomeMaitre'),
      c('maitres.0.diplomeDuDomaineEtNiveau'),
      n('maitres.0.anneesExperience'),
      c('attestationEligibiliteMaitre'),
    ],
  },
  {
    titre: 'Le contrat',
    prefixes: [
      'contrat.mode',
      'contrat.type',
      'contrat.date',
      'contrat.duree',
      'contrat.travail',
      'contrat.cause',
      'contrat.contratPrecedent',
    ],
    champs: [
      l('contrat.modeContractuel', 'modeContractuel'),
      l('contrat.typeContrat', 'typeContratApprentissage'),
      l('contrat.typeDerogation', 'typeDerogation', false),
      l('contrat.causeDerogationAge', 'causeDerogationAge', false),
      d('contrat.dateConclusion'),
      d('contrat.dateDebut'),
      d('contrat.dateDebutFormationPratique'),
      d('contrat.dateFin'),
      n('contrat.dureeHebdoHeures'),
      c('contrat.travailRisque'),
    ],
  },
  {
    titre: 'La rémunération',
    prefixes: ['contrat.remunerations', 'contrat.salaire'],
    groupes: { taille: 4, libelle: 'Période' },
    champs: Array.from({ length: PERIODES }, (_, i) => [
      d(`contrat.remunerations.${i}.du`, i === 0),
      d(`contrat.remunerations.${i}.au`, i === 0),
      n(`contrat.remunerations.${i}.tauxPourcent`, i === 0),
      n(`contrat.remunerations.${i}.montantMensuel`, i === 0),
    ]).flat(),
  },
  {
    titre: 'La formation et le CFA',
    prefixes: ['formation', 'mentionParticipationEmployeur'],
    champs: [
      c('formation.cfaEntreprise'),
      t('formation.organisme.siret'),
      t('formation.organisme.uai', false),
      t('formation.organisme.denomination'),
      t('formation.rncp'),
      t('formation.intitule'),
      l('formation.diplomePrepare', 'diplome'),
      n('formation.niveau'),
      d('formation.dateDebut'),
      d('formation.dateFinExamens'),
      n('formation.dureeHeures'),
      n('formation.heuresDistance', false),
      c('mentionParticipationEmployeur'),
    ],
  },
  {
    titre: 'Coûts et pièces',
    prefixes: ['couts', 'pieces'],
    champs: [
      n('couts.npecAnnuel', false),
      n('couts.nuitees', false),
      n('couts.repas', false),
      n('couts.premierEquipement', false),
      c('pieces.conventionFormation'),
      c('pieces.conventionTripartite'),
      c('pieces.annexePedagogique'),
    ],
  },
];

export const CLE_BROUILLON_FA13 = 'opco.dossier.fa13.brouillon';

/**
 * The FA13 body as the schema expects it: pay periods left empty are dropped (the form shows
 * four), and the employer's attestation is false until ticked.
 */
export function ajusterFa13(corps: Record<string, unknown>): Record<string, unknown> {
  const contrat = corps.contrat as { remunerations?: unknown[] } | undefined;
  if (contrat?.remunerations) contrat.remunerations = contrat.remunerations.filter(Boolean);
  if (corps.attestationEligibiliteMaitre !== true) corps.attestationEligibiliteMaitre = false;
  return corps;
}

/** Deposit form of an apprenticeship contract (CERFA FA13), with inline checks and a draft. */
export function DeposerDossier() {
  return (
    <FormulaireCerfa
      formulaire="FA13"
      titre="Déposer un contrat d'apprentissage"
      chapo={
        <>
          CERFA FA13 (n° 10103*14). Le brouillon est gardé dans ce navigateur à chaque saisie ; dès
          que le formulaire est complet, les contrôles de l'instruction s'affichent sous chaque
          section, avec l'article qu'ils appliquent.
        </>
      }
      sections={sectionsFa13}
      schema={cerfaFa13Schema}
      cleBrouillon={CLE_BROUILLON_FA13}
      ajuster={ajusterFa13}
      libellePieces="Pièces attendues (D6224-1)"
    />
  );
}
