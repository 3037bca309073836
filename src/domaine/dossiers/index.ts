export * from './types.ts';
export {
  appliquer,
  deriver,
  echeanceDecision,
  transition,
  transitions,
  type Commande,
  type ContexteDossier,
  type Resultat,
  type TypeCommande,
} from './cycle-de-vie.ts';
export { codesControles, definitionControle, type CodeControle } from './controles.ts';
export {
  difference,
  engagementApprentissage,
  engagementProfessionnalisation,
  situationDepuisFa13,
  versionDroit,
} from './engagement.ts';
export {
  instruireApprentissage,
  piecesManquantesApprentissage,
} from './instruction-apprentissage.ts';
export {
  instruireProfessionnalisation,
  piecesManquantesProfessionnalisation,
} from './instruction-professionnalisation.ts';
export { ReferentielsEnMemoire, referentielsDuDossier } from './referentiels.ts';
export { instruireEnMasse, type ResultatMasse } from './masse.ts';
