import { describe, expect, it } from 'vitest';
import {
  categoriesCertifieesAu,
  certificationActiveAu,
  certificationOuverteApprentissageAu,
  etatQualiopiAu,
  normaliserCodeRncp,
  oppositionEnVigueur,
  qualiopiApprentissageAu,
  referentielsDuDossier,
  sourceReferentielsEnMemoire,
  type Certification,
  type OppositionEmployeur,
  type OrganismeFormation,
} from '../../src/domaine/referentiels-formation/index.ts';

const provenance = { source: 'test', millesime: '2026-11-30', importId: null };

const cfa: OrganismeFormation = {
  siret: '90000001900019',
  nda: '11755000175',
  uai: '0756000P',
  raisonSociale: 'CFA',
  dateDeclaration: null,
  certificats: [
    { categories: ['action_formation', 'apprentissage'], du: '2024-01-10', au: '2026-01-09' },
    { categories: ['action_formation'], du: '2026-01-10', au: null },
  ],
  provenance,
};

const cert = (actifDu: string | null, actifAu: string | null, ouverte = true): Certification => ({
  codeRncp: 'RNCP36989',
  intitule: 'Coordonnateur en prévention des risques',
  niveau: 6,
  actifDu,
  actifAu,
  ouverteApprentissage: ouverte,
  provenance,
});

const opp = (nature: OppositionEmployeur['nature'], du: string, au: string | null) => ({
  siret: '90000007600019',
  nature,
  du,
  au,
  reference: `${nature} ${du}`,
  provenance,
});

describe('recherches pures par date sur les référentiels de formation', () => {
  it('Qualiopi apprentissage : bornes incluses, catégorie par catégorie', () => {
    expect(qualiopiApprentissageAu(cfa, '2024-01-09')).toBeNull();
    expect(qualiopiApprentissageAu(cfa, '2024-01-10')?.du).toBe('2024-01-10');
    expect(qualiopiApprentissageAu(cfa, '2026-01-09')?.au).toBe('2026-01-09');
    // Renewed without the apprenticeship category.
    expect(qualiopiApprentissageAu(cfa, '2026-01-10')).toBeNull();
    expect(categoriesCertifieesAu(cfa, '2025-06-01')).toEqual([
      'action_formation',
      'apprentissage',
    ]);
    expect(categoriesCertifieesAu(cfa, '2030-01-01')).toEqual(['action_formation']);
  });

  it('état Qualiopi : inconnu avant la première extraction importée', () => {
    expect(etatQualiopiAu(cfa, 'apprentissage', '2025-06-01', '2024-03-01')).toBe('certifie');
    expect(etatQualiopiAu(cfa, 'apprentissage', '2026-06-01', '2024-03-01')).toBe('non_certifie');
    expect(etatQualiopiAu(null, 'apprentissage', '2026-06-01', '2024-03-01')).toBe('non_certifie');
    expect(etatQualiopiAu(null, 'apprentissage', '2024-02-29', '2024-03-01')).toBe('inconnu');
    expect(etatQualiopiAu(null, 'apprentissage', '2026-06-01', null)).toBe('inconnu');
    // A certificate known by other means still counts before the first extraction.
    expect(etatQualiopiAu(cfa, 'apprentissage', '2024-01-10', '2024-03-01')).toBe('certifie');
  });

  it('certification active et ouverte à l’apprentissage à une date', () => {
    expect(certificationActiveAu(cert('2022-10-27', '2027-10-27'), '2022-10-27')).toBe(true);
    expect(certificationActiveAu(cert('2022-10-27', '2027-10-27'), '2027-10-28')).toBe(false);
    expect(certificationActiveAu(cert(null, null), '1990-01-01')).toBe(true);
    expect(certificationOuverteApprentissageAu(cert(null, null, false), '2026-01-01')).toBe(false);
  });

  it('opposition en vigueur : la plus ancienne qui couvre la date', () => {
    const l = [
      opp('interdiction', '2026-05-01', null),
      opp('opposition', '2026-01-01', '2026-06-30'),
    ];
    expect(oppositionEnVigueur(l, '2025-12-31')).toBeNull();
    expect(oppositionEnVigueur(l, '2026-05-15')?.nature).toBe('opposition');
    expect(oppositionEnVigueur(l, '2026-07-01')?.nature).toBe('interdiction');
    expect(oppositionEnVigueur([], '2026-07-01')).toBeNull();
  });

  it('code RNCP normalisé', () => {
    expect(normaliserCodeRncp('rncp 36989')).toBe('RNCP36989');
    expect(normaliserCodeRncp('36989')).toBe('RNCP36989');
    expect(normaliserCodeRncp('RS5000')).toBeNull();
    expect(normaliserCodeRncp('RNCP1234567')).toBeNull();
  });

  it('port en mémoire : SIRET, UAI principal et secondaires, RNCP sans préfixe, oppositions', () => {
    const s = sourceReferentielsEnMemoire({
      organismes: [cfa],
      certifications: [cert(null, null)],
      oppositions: [opp('opposition', '2026-01-01', null)],
      uais: [
        ['0756001R', cfa.siret],
        ['0336000T', '00000000000000'],
      ],
    });
    expect(s.organismeParSiret(cfa.siret)).toBe(cfa);
    expect(s.organismeParUai('0756000p')).toBe(cfa);
    expect(s.organismeParUai('0756001R')).toBe(cfa);
    // A UAI whose SIRET is not a known body: nothing.
    expect(s.organismeParUai('0336000T')).toBeNull();
    expect(s.certification('36989')?.codeRncp).toBe('RNCP36989');
    expect(s.oppositions('90000007600019')).toHaveLength(1);
    expect(s.oppositions(cfa.siret)).toEqual([]);
    // One dossier: CFA by SIRET, else by UAI; certification; employer's oppositions.
    expect(
      referentielsDuDossier(
        s,
        {
          siretCfa: '00000000000000',
          uaiCfa: '0756001R',
          codeRncp: 'RNCP36989',
          siretEmployeur: '90000007600019',
        },
        '03',
      ),
    ).toEqual({
      organisme: cfa,
      certification: s.certification('RNCP36989'),
      oppositions: s.oppositions('90000007600019'),
      opcoAttendu: '03',
    });
    expect(referentielsDuDossier(s, { siretEmployeur: cfa.siret })).toEqual({
      organisme: null,
      certification: null,
      oppositions: [],
      opcoAttendu: null,
    });
    expect(s.tailles).toEqual({
      organismes: 1,
      uai: 2,
      certifications: 1,
      employeursSousOpposition: 1,
    });
  });
});
