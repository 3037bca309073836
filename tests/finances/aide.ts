import type { EngagementAReserver } from '../../src/domaine/finances/index.ts';

/** A valid French IBAN / BIC pair (test bank) and another CFA account. */
export const ibanOpco = 'FR7630006000011234567890189';
export const bicOpco = 'AGRIFRPPXXX';
export const ibanCfa = 'FR1420041010050500013M02606';
export const bicCfa = 'PSSTFRPPPAR';

export const siretCfa = '13002526500013';

/**
 * An engagement as the dossiers side builds it: `total` split 40/30/20/10 % (R6332-25 from
 * 2025-07-01: 40 % advance, 30 % at the 7th month, 20 % at the 10th, balance), the balance
 * requiring the completion certificate.
 */
export function engagement(
  dossierId: string,
  total: number,
  options: Partial<EngagementAReserver> = {},
): EngagementAReserver {
  const avance = Math.round(total * 0.4);
  const e2 = Math.round(total * 0.3);
  const e3 = Math.round(total * 0.2);
  const solde = total - avance - e2 - e3;
  return {
    dossierId,
    versionDossier: 1,
    opco: 'OPCO_T',
    section: 'alternance',
    origine: 'mutualises',
    idcc: null,
    siretBeneficiaire: siretCfa,
    dateEngagement: '2026-01-15',
    montantTotalCentimes: total,
    dateFinContrat: '2026-12-31',
    echeances: [
      {
        numero: 1,
        nature: 'avance',
        dateExigibilite: '2026-02-01',
        montantCentimes: avance,
        exigeCertificatRealisation: false,
      },
      {
        numero: 2,
        nature: 'echeance',
        dateExigibilite: '2026-08-01',
        montantCentimes: e2,
        exigeCertificatRealisation: false,
      },
      {
        numero: 3,
        nature: 'echeance',
        dateExigibilite: '2026-11-01',
        montantCentimes: e3,
        exigeCertificatRealisation: false,
      },
      {
        numero: 4,
        nature: 'solde',
        dateExigibilite: '2026-12-31',
        montantCentimes: solde,
        exigeCertificatRealisation: true,
      },
    ],
    trace: { versionDroit: 'test', jeuDonnees: null },
    ...options,
  };
}

export const provenanceTest = {
  fichier: 'tests/finances/dotations-exemple.csv',
  empreinte: '0'.repeat(64),
};
