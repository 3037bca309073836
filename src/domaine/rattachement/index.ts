export {
  IndexConventions,
  normaliserTexte,
  porteeConvention,
  type Convention,
  type NomUsuel,
  type Portee,
  type ResultatConvention,
} from './conventions.ts';
export { genererEchantillonSiro, type CoupleIdccOpco, type OptionsDemo } from './demo.ts';
export { estIdccEchappement, IDCC_ECHAPPEMENT } from './idcc.ts';
export { IDCC_ABSENT, IndexSiro } from './index-siro.ts';
export {
  choisirMillesime,
  Rattacheur,
  type MillesimeIdccOpco,
  type MillesimeSiro,
  type Referentiels,
  type ReponseSiren,
} from './rattacheur.ts';
export {
  statutsRattachement,
  type EtablissementSiro,
  type OpcoRef,
  type PartOpco,
  type ReglagesRattachement,
  type ReponseRattachement,
  type SourceRattachement,
  type StatutRattachement,
} from './types.ts';
export {
  ENTETE_LOT_CSV,
  rattacherLot,
  siretsDepuisCsv,
  siretsDepuisCsvParTranches,
  LecteurSiretsCsv,
  ListeSirets,
  ErreurLigneTropLongue,
  type FormatLot,
} from './lot.ts';
