import { describe, expect, it } from 'vitest';
import { lecteurDossier } from '../../src/droit/lecteur-dossier.ts';
import {
  creerMoteur,
  type LecteurDroit,
  type SituationApprentissage,
} from '../../src/moteur/index.ts';

/** A convention is data: changing the value of its parameter changes the result, no code. */
function avecRemplacement(fichier: string, remplacer: (texte: string) => string): LecteurDroit {
  const base = lecteurDossier();
  return {
    fichiers: () => base.fichiers(),
    lire: (c) => (c === fichier ? remplacer(base.lire(c)) : base.lire(c)),
  };
}

const situation: SituationApprentissage = {
  dateConclusion: '2025-09-01',
  dateDebut: '2025-09-01',
  dateFin: '2026-02-28',
  niveau: 4,
  npecAnnuel: 9000,
  partDistanciel: 1,
  rqth: { montantMajoration: 2000 },
};

describe('les conventions sont des paramètres', () => {
  it('ordre des modulations : RQTH puis distanciel minore aussi la majoration', () => {
    const m = creerMoteur(
      {
        lecteur: avecRemplacement('apprentissage/modulations/ordre.yaml', (t) =>
          t.replaceAll('valeur: "distanciel_puis_rqth"', 'valeur: "rqth_puis_distanciel"'),
        ),
      },
      () => null,
    );
    expect(m.evaluerApprentissage(situation, '2025-09-01').npec?.applique).toBe(8800);
  });

  it('dénominateur de 366 jours au lieu de 365', () => {
    const m = creerMoteur(
      {
        lecteur: avecRemplacement('apprentissage/prorata/denominateur_jours.yaml', (t) =>
          t.replace('valeur: 365', 'valeur: 366'),
        ),
      },
      () => null,
    );
    // 181 days × (7 200 + 2 000) / 366 = 4 549,73 (instead of 4 562,19 with 365).
    expect(m.evaluerApprentissage(situation, '2025-09-01').priseEnCharge?.total).toBe(4549.73);
  });
});
