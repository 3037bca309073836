export {
  cleLuhnValide,
  completerCles,
  SIREN_LA_POSTE,
  valeurSiretRapide,
  cleSiretValeurValide,
  verifierIdcc,
  verifierSiren,
  verifierSiret,
  type Verification,
} from './siret.ts';
