/**
 * The apprenticeship engine as it was before rules became data (calculerApprentissage, one
 * TypeScript procedure), kept only as the oracle of the differential run. Reproduces what
 * creerMoteur returned then; deleted with the old code once the differential finds 0 difference.
 */
import { calculerApprentissage, versementPublic } from '../../src/moteur/apprentissage/calcul.ts';
import { CacheRegimes } from '../../src/moteur/apprentissage/regime.ts';
import {
  iso,
  jour,
  type Droit,
  type NpecReferentiel,
  type SituationApprentissage,
} from '../../src/moteur/index.ts';

export function ancienMoteur(droit: Droit) {
  const regimes = new CacheRegimes(droit);
  const regime = (d: string) => {
    const r = regimes.au(jour(d));
    if (r.manquants.length > 0) throw new Error(`paramètre manquant ${r.manquants[0]}`);
    return r;
  };
  return {
    complet(s: SituationApprentissage, ref: NpecReferentiel | null) {
      const c = calculerApprentissage(regime(s.dateConclusion), s, ref, true);
      const verse = c.echeancier.reduce((x, v) => x + v.montant, 0);
      return {
        valeur: c.npec ? verse / 100 : null,
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
        echeancier: c.echeancier.map(versementPublic),
        manquantes: c.manquantes,
      };
    },
    rapide(s: SituationApprentissage, ref: NpecReferentiel | null) {
      const c = calculerApprentissage(regime(s.dateConclusion), s, ref, false);
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
