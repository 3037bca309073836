export * from './types.ts';
export {
  appliquerDemande,
  commandesDemande,
  deriverDemande,
  ETATS_REVISION,
  transitionDemande,
  type CommandeDemande,
  type ResultatDemande,
} from './cycle-de-vie.ts';
export {
  articlesDe,
  codesControlesDemandes,
  controleDemande,
  DISPOSITIF_DEMANDE,
  engagementDemande,
  instruireDemande,
  resumeDemande,
  type CodeControleDemande,
  type ContexteDemande,
  type ResultatInstructionDemande,
} from './instruction.ts';
export { echeanceReponse } from './issue.ts';
export { ecartEngagement } from './modification.ts';
export { controlerFacture, emetteursPermis, type FactureProposee } from './factures.ts';
