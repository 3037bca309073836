export type {
  EcheanceAEngager,
  EngagementAReserver,
  OrigineFonds,
  SectionFinancement,
} from './engagement.ts';
