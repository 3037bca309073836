/**
 * The rules engine: the only public entry. Pure — no I/O, no clock: the law files come through
 * a reader, article versions through a port, and the evaluation date is always an input.
 */
import { calculerApprentissage, versementPublic } from './apprentissage/calcul.ts';
import { CacheRegimes, type RegimeApprentissage } from './apprentissage/regime.ts';
import { ErreurOpco } from '../partage/erreurs.ts';
import type {
  NpecReferentiel,
  ResultatApprentissage,
  SituationApprentissage,
} from './apprentissage/types.ts';
import { chargerParametres, type LecteurDroit } from './chargement/parametres.ts';
import { citer, type PortVersionsArticles } from './citations.ts';
import { iso, jour } from './dates.ts';
import { Droit } from './parametres/droit.ts';

export { chargerParametres, lireParametre, type LecteurDroit } from './chargement/parametres.ts';
export { Droit, valeurDateeAu } from './parametres/droit.ts';
export type { Parametre, Reference, ValeurDatee, ValeurParametre } from './parametres/types.ts';
export type { Citation, PortVersionsArticles, VersionArticle } from './citations.ts';
export type { Noeud } from './explication.ts';
export type * from './apprentissage/types.ts';
export {
  evaluerSalaireApprenti,
  salaireMinimumApprenti,
  verifierAgeMinimum,
} from './apprentissage/salaire.ts';
export type * from './salaire/types.ts';
export { estDateIso, jour, iso, ajouterMois, ajouterAnnees } from './dates.ts';

/** Fast result, without explanation or citations (bulk evaluation). Amounts in cents. */
export interface ResultatRapide {
  npecApplique: number | null;
  total: number;
  participation: number | null;
  fraisAnnexes: number;
  verse: number;
}

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

function regimeDefini(regimes: CacheRegimes, dateConclusion: string): RegimeApprentissage {
  const r = regimes.au(jour(dateConclusion));
  const manquant = r.manquants[0];
  if (manquant !== undefined)
    throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', {
      parametre: manquant,
      date: dateConclusion,
      regle: 'apprentissage (date de conclusion hors de la période couverte par le droit)',
    });
  return r;
}

export function creerMoteur(
  source: { droit: Droit } | { lecteur: LecteurDroit },
  versions: PortVersionsArticles,
): Moteur {
  const droit = 'droit' in source ? source.droit : new Droit(chargerParametres(source.lecteur));
  const regimes = new CacheRegimes(droit);
  return {
    droit,
    evaluerApprentissage(situation, date, options = {}) {
      const regime = regimeDefini(regimes, situation.dateConclusion);
      const c = calculerApprentissage(regime, situation, options.npecReferentiel ?? null, true);
      const echeancier = c.echeancier.map(versementPublic);
      const verse = c.echeancier.reduce((x, v) => x + v.montant, 0);
      return {
        dateEvaluation: date,
        valeur: c.npec ? verse / 100 : null,
        unite: '€',
        npec: c.npec
          ? { annuel: c.npec.annuel / 100, applique: c.npec.applique / 100, source: c.npec.source }
          : null,
        priseEnCharge: c.npec
          ? {
              total: c.total / 100,
              parAnnee: c.annees.map((a) => ({
                du: iso(a.du),
                au: iso(a.au),
                jours: a.jours,
                montant: a.montant / 100,
              })),
            }
          : null,
        participationEmployeur:
          c.participation === null ? (c.npec ? 0 : null) : c.participation / 100,
        fraisAnnexes: {
          total: c.frais.total / 100,
          detail: {
            nuitees: c.frais.nuitees / 100,
            repas: c.frais.repas / 100,
            premierEquipement: c.frais.premierEquipement / 100,
            mobiliteInternationale: c.frais.mobiliteInternationale / 100,
          },
        },
        echeancier,
        explication: c.explication,
        citations: citer(c.references, date, versions),
        manquantes: c.manquantes,
      };
    },
    evaluerApprentissageRapide(situation, npecReferentiel = null) {
      const regime = regimeDefini(regimes, situation.dateConclusion);
      const c = calculerApprentissage(regime, situation, npecReferentiel, false);
      return {
        npecApplique: c.npec?.applique ?? null,
        total: c.total,
        participation: c.participation,
        fraisAnnexes: c.frais.total,
        verse: c.verse,
      };
    },
  };
}
export {
  contributionsFormation,
  evaluerContributions,
  type Contributions,
  type ResultatContributions,
  type SituationContributions,
} from './contributions.ts';
