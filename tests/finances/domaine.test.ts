import { describe, expect, it } from 'vitest';
import {
  ajouterMois,
  anomaliesCoordonnees,
  anomaliesEcriture,
  centimesDe,
  deciderReservation,
  diffEngagement,
  lireDotationsCsv,
  lireFacturesCsv,
} from '../../src/domaine/finances/index.ts';
import { engagement } from './aide.ts';

describe('domaine des finances (pur)', () => {
  it('une écriture déséquilibrée, non entière ou mêlant deux origines a ses anomalies', () => {
    const base = {
      opco: 'O',
      section: 'alternance' as const,
      origine: 'mutualises' as const,
      dateComptable: '2026-01-01',
      libelle: 'x',
      cause: { type: 'dotation' as const, reference: 'x' },
      contrepasse: null,
    };
    expect(
      anomaliesEcriture({
        ...base,
        lignes: [
          { compte: 'O|alternance|mutualises|-|disponible|2026', sens: 'D', montantCentimes: 100 },
          { compte: 'O|alternance|mutualises|-|dotation|2026', sens: 'C', montantCentimes: 100 },
        ],
      }),
    ).toEqual([]);
    expect(
      anomaliesEcriture({
        ...base,
        lignes: [
          {
            compte: 'O|alternance|mutualises|-|disponible|2026',
            sens: 'D',
            montantCentimes: 100.5,
          },
          {
            compte: 'O|alternance|conventionnels|-|dotation|2026',
            sens: 'C',
            montantCentimes: 100,
          },
        ],
      }),
    ).toEqual([
      'montant non entier ou non positif sur O|alternance|mutualises|-|disponible|2026 : 100.5',
      "le compte O|alternance|conventionnels|-|dotation|2026 n'est pas de O/alternance/mutualises : fonds jamais mêlés",
      'écriture déséquilibrée : débit 100.5, crédit 100',
    ]);
  });

  it('une réservation au-delà du disponible est refusée avec les chiffres', () => {
    expect(deciderReservation(6_000, 7_000, 'l’enveloppe E')).toEqual({
      acceptee: false,
      motif:
        'fonds insuffisants sur l’enveloppe E : disponible 60,00 €, demandé 70,00 €, manque 10,00 €',
      disponibleCentimes: 6_000,
      demandeCentimes: 7_000,
      manqueCentimes: 1_000,
    });
    expect(deciderReservation(7_000, 7_000, 'x')).toMatchObject({
      acceptee: true,
      disponibleApresCentimes: 0,
    });
  });

  it('avenant : baisses, hausses, échéance nouvelle ; jamais sous le facturé', () => {
    // 10 000 € → 4 000 / 3 000 / 2 000 / 1 000 ; avenant à 5 000 € → 2 000 / 1 500 / 1 000 / 500.
    const booke = [
      { numero: 1, montantCentimes: 400_000, factureCentimes: 400_000 },
      { numero: 2, montantCentimes: 300_000, factureCentimes: 0 },
      { numero: 3, montantCentimes: 200_000, factureCentimes: 0 },
      { numero: 4, montantCentimes: 100_000, factureCentimes: 0 },
    ];
    const refuse = diffEngagement(booke, engagement('D', 500_000));
    expect(refuse).toEqual({
      possible: false,
      motifs: [
        "échéance 1 : déjà facturée 400000 centimes, le nouvel engagement n'en prévoit que 200000",
      ],
    });
    // Rupture after the advance: only the advance stays (4 000 €), the rest is released.
    const rupture = engagement('D', 400_000);
    const r = diffEngagement(booke, {
      ...rupture,
      echeances: [{ ...rupture.echeances[0]!, montantCentimes: 400_000 }],
    });
    expect(r).toMatchObject({ possible: true, deltaTotalCentimes: -600_000 });
  });

  it('le solde : 4 mois après la fin, au dernier jour du mois quand il manque', () => {
    expect(ajouterMois('2026-12-31', 4)).toBe('2027-04-30');
    expect(ajouterMois('2026-10-31', 4)).toBe('2027-02-28');
    expect(ajouterMois('2027-10-31', 4)).toBe('2028-02-29');
  });

  it('montants en euros lus exactement en centimes', () => {
    expect(centimesDe('1250000.00')).toBe(125_000_000);
    expect(centimesDe('180 000,5')).toBe(18_000_050);
    expect(centimesDe('0.1')).toBe(10);
    expect(centimesDe('12.345')).toBeNull();
    expect(centimesDe('-3')).toBeNull();
  });

  it('fichiers CSV : lignes fautives nommées, fichier mal formé sans exception', () => {
    const d = lireDotationsCsv(
      'opco,section,origine,annee,montant_euros,reference,date_reference\n99,alternance,mutualises,2026,10.00,d,2025-11-27\n99,autre,mutualises,2026,10,d,2025-11-27\n',
    );
    expect(d.dotations).toHaveLength(1);
    expect(d.erreurs).toEqual([{ ligne: 3, probleme: 'section inconnue : autre' }]);
    const f = lireFacturesCsv(
      'siret_cfa;reference_cfa;date_facture;dossier;numero_echeance;montant_euros\n"12',
      '99',
    );
    expect(f.factures).toEqual([]);
    expect(f.erreurs).toHaveLength(1);
  });

  it('IBAN et BIC vérifiés', () => {
    expect(
      anomaliesCoordonnees({
        nom: 'CFA',
        iban: 'FR76 3000 6000 0112 3456 7890 189',
        bic: 'AGRIFRPP',
      }),
    ).toEqual([]);
    expect(
      anomaliesCoordonnees({ nom: 'CFA', iban: 'FR7630006000011234567890188', bic: 'AGRI' }),
    ).toEqual(['IBAN invalide : FR7630006000011234567890188', 'BIC invalide : AGRI']);
  });
});

describe('délai du solde lu dans le droit', () => {
  it('4 mois pour un engagement à partir du 2025-07-01, aucun avant', async () => {
    const { moteurParDefaut } = await import('../../src/droit/moteur-par-defaut.ts');
    const { delaiSoldeMois } = await import('../../src/domaine/finances/index.ts');
    const droit = moteurParDefaut(undefined).droit;
    expect(delaiSoldeMois(droit, '2026-01-15')).toBe(4);
    expect(delaiSoldeMois(droit, '2025-06-30')).toBeNull();
  });
});
