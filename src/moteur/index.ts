/**
 * The rules engine: the only public entry. Pure — no I/O, no clock: the law files come through
 * a reader, article versions through a port, and the evaluation date is always an input.
 */
import { MoteurApprentissage, type ResultatRapide } from './apprentissage/moteur.ts';
import { ErreurOpco } from '../partage/erreurs.ts';
import type {
  NpecReferentiel,
  ResultatApprentissage,
  SituationApprentissage,
} from './apprentissage/types.ts';
import { chargerParametres, type LecteurDroit } from './chargement/parametres.ts';
import type { PortVersionsArticles } from './citations.ts';
import { Droit } from './parametres/droit.ts';
import { chargerRegles } from './regles/chargement.ts';

export { chargerParametres, lireParametre, type LecteurDroit } from './chargement/parametres.ts';
export { chargerRegles, type LecteurRegles } from './regles/chargement.ts';
export type { Dispositif, Regle } from './regles/ast.ts';
export { Droit, valeurDateeAu } from './parametres/droit.ts';
export type { Parametre, Reference, ValeurDatee, ValeurParametre } from './parametres/types.ts';
export type { Citation, PortVersionsArticles, VersionArticle } from './citations.ts';
export type { Noeud } from './explication.ts';
export type * from './apprentissage/types.ts';
export type { ResultatRapide } from './apprentissage/moteur.ts';
export {
  evaluerSalaireApprenti,
  salaireApprentiRapide,
  salaireMinimumApprenti,
  verifierAgeMinimum,
} from './salaire/index.ts';
export type * from './salaire/types.ts';
export { estDateIso, jour, iso, ajouterMois, ajouterAnnees } from './dates.ts';

export interface Moteur {
  droit: Droit;
  /** Full evaluation: value, unit, explanation tree, citations at `date`, missing inputs. */
  evaluerApprentissage(
    situation: SituationApprentissage,
    date: string,
    options?: { npecReferentiel?: NpecReferentiel | null },
  ): ResultatApprentissage;
  evaluerApprentissageRapide(
    situation: SituationApprentissage,
    npecReferentiel?: NpecReferentiel | null,
  ): ResultatRapide;
}

/** Prefix under which a law reader lists the rule files (relative to droit/parametres). */
export const PREFIXE_REGLES = '../regles/';

/** Loads the parameters and the rules a reader lists (rules as `../regles/<dispositif>/…`). */
export function chargerDroit(lecteur: LecteurDroit): Droit {
  const parametres = chargerParametres(lecteur);
  const fichiers = lecteur
    .fichiers()
    .filter((f) => f.startsWith(PREFIXE_REGLES))
    .map((f) => f.slice(PREFIXE_REGLES.length));
  const dispositifs = chargerRegles(
    { fichiers: () => fichiers, lire: (c) => lecteur.lire(PREFIXE_REGLES + c) },
    parametres,
  );
  return new Droit(parametres, dispositifs);
}

export function creerMoteur(
  source: { droit: Droit } | { lecteur: LecteurDroit },
  versions: PortVersionsArticles,
): Moteur {
  const droit = 'droit' in source ? source.droit : chargerDroit(source.lecteur);
  const dispositif = droit.dispositifs.get('apprentissage');
  if (!dispositif)
    throw new ErreurOpco('ERR_REGLE_INVALIDE', {
      fichier: 'apprentissage/dispositif.yaml',
      regle: '(dispositif)',
      probleme: 'règles du dispositif apprentissage absentes (droit/regles/apprentissage)',
    });
  const apprentissage = new MoteurApprentissage(droit, dispositif);
  return {
    droit,
    evaluerApprentissage: (situation, date, options = {}) =>
      apprentissage.complet(situation, date, options.npecReferentiel ?? null, versions),
    evaluerApprentissageRapide: (situation, npecReferentiel = null) =>
      apprentissage.rapide(situation, npecReferentiel),
  };
}
export {
  contributionsFormation,
  contributionsRapides,
  evaluerContributions,
  type Contributions,
  type ResultatContributions,
  type SituationContributions,
} from './contributions.ts';
