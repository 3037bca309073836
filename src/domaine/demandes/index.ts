export * from './types.ts';
export {
  appliquerDemande,
  commandesDemande,
  deriverDemande,
  echeanceReponse,
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
