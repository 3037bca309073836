export type {
  EcheanceAEngager,
  EngagementAReserver,
  OrigineFonds,
  SectionFinancement,
} from './engagement.ts';
export * from './grand-livre.ts';
export * from './budget.ts';
export * from './engagements.ts';
export * from './factures.ts';
export * from './sepa.ts';
export * from './import.ts';
export * from './droit.ts';
export * from './appels-fonds.ts';
export * from './perequation.ts';
export * from './esf.ts';
