import { describe, expect, it } from 'vitest';
import { genererContrats } from '../../bench/contrats-apprentissage.ts';
import { lecteurDossier } from '../../src/droit/lecteur-dossier.ts';
import { creerMoteur } from '../../src/moteur/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { empreinte, resultatNouveau } from './empreinte-apprentissage.ts';

/**
 * Porting the apprenticeship rule to rules-as-data changed no cent and no date. Before the old
 * procedure (calculerApprentissage) was deleted, both engines ran on 1 000 000 generated contracts
 * with 0 difference (bench/results/differentiel-apprentissage-*.json, script of commit 2fe550c),
 * and the old procedure's results on these 20 000 contracts (seed 2026: every amount, year,
 * schedule line with date and reason, NPEC source, missing input, fast totals) had this SHA-256.
 * A change of the law that moves these results updates the digest in the same commit, saying why.
 */
const EMPREINTE_ANCIENNE_PROCEDURE =
  'c64cfc81f3ff245b368a2f8efa07fe433d7ab2d7dc63513b0d41802f929bdaf2';

/**
 * Changes of the law since the port, each with the parameter that switches it:
 * R6332-25 III (versions from 2020-12-31): the frais annexes are part of the annual amount paid
 * with the advance and instalments (apprentissage.echeancier.frais_annexes_avec_montant_annuel),
 * no longer an undated line of their own. Only the schedules of the contracts concluded from
 * 2021-01-01 with frais annexes and a NPEC change (4 071 of these 20 000); amounts, years, totals
 * and the fast path are the same, and with the parameter off the old digest comes back.
 */
const EMPREINTE_DROIT_ACTUEL = 'b9041a1d8688b34dd9dc216a1440c8defca17eda92a1f433118a8981eaf9f0ed';

const contrats = genererContrats(20_000, 2026);

describe('apprentissage : règles en données ↔ ancienne procédure', () => {
  it('mêmes résultats que l’ancienne procédure, les changements du droit retirés', () => {
    const base = lecteurDossier();
    const moteur = creerMoteur(
      {
        lecteur: {
          fichiers: () => base.fichiers(),
          lire: (c) =>
            c.endsWith('echeancier/frais_annexes_avec_montant_annuel.yaml')
              ? base.lire(c).replaceAll('valeur: true', 'valeur: false')
              : base.lire(c),
        },
      },
      () => null,
    );
    expect(empreinte(contrats.map((c) => resultatNouveau(moteur, c)))).toBe(
      EMPREINTE_ANCIENNE_PROCEDURE,
    );
  }, 300_000);

  it('résultats du droit actuel (frais annexes dans le montant annuel)', () => {
    const moteur = moteurDeTest();
    expect(empreinte(contrats.map((c) => resultatNouveau(moteur, c)))).toBe(EMPREINTE_DROIT_ACTUEL);
  }, 300_000);
});
