export {
  cleLuhnValide,
  completerCles,
  SIREN_LA_POSTE,
  valeurSiretRapide,
  verifierIdcc,
  verifierSiren,
  verifierSiret,
  type Verification,
} from './siret.ts';
