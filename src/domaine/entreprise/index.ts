export {
  cleLuhnValide,
  completerCles,
  SIREN_LA_POSTE,
  verifierIdcc,
  verifierSiren,
  verifierSiret,
  type Verification,
} from './siret.ts';
