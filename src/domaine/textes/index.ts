export {
  comparerNumerosArticles,
  estNumeroArticle,
  normaliserNumeroArticle,
  numeroCite,
  urlLegifrance,
} from './article.ts';
export {
  anomaliesBloquantes,
  citerArticle,
  corpusDepuis,
  extraireReferences,
  lienTexte,
  verifierReferences,
  type AnomalieReference,
  type CitationArticle,
  type CorpusTextes,
  type ReferenceJuridique,
  type TypeAnomalie,
} from './citations.ts';
export {
  diffMots,
  empreinteTexte,
  normaliserTexte,
  type DiffMots,
  type SegmentDiff,
} from './diff.ts';
export {
  fusionnerPublications,
  ordonnerPublications,
  type ArticlePublie,
  type CorpusFusionne,
  type PublicationTextes,
  type VersionPubliee,
} from './fusion.ts';
export {
  comparerPublications,
  croiserImpact,
  type ChangementArticle,
  type ImpactArticle,
  type NatureChangement,
} from './impact.ts';
export {
  estDateCalendaire,
  estEnVigueur,
  expliquerAbsence,
  trierVersions,
  versionEnVigueur,
  type MotifNonEnVigueur,
  type ResultatVersionEnVigueur,
  type VersionArticle,
} from './version.ts';
export {
  indexerCitations,
  type Citant,
  type DocumentDroit,
  type GenreCitant,
  type IndexCitations,
} from './index-citations.ts';
export { analyserRecherche, type CritereRecherche } from './recherche.ts';
