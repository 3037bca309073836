import { describe, expect, it } from 'vitest';
import {
  genererEchantillonSiro,
  IndexConventions,
  IndexSiro,
  Rattacheur,
  rattacherLot,
  siretsDepuisCsv,
  type SourceRattachement,
} from '../../src/domaine/rattachement/index.ts';

const source = (millesime: string, demo = false): SourceRattachement => ({
  nom: 'siro',
  fichier: `siro-${millesime.replace('-', '')}.csv`,
  millesime,
  dateEffet: `${millesime}-01`,
  demo,
});

const opcos = new Map([
  ['03', { code: '03', nom: 'ATLAS' }],
  ['09', { code: '09', nom: 'OPCO2I' }],
  ['06', { code: '06', nom: 'OPCO EP' }],
  ['02', { code: '02', nom: 'AKTO' }],
]);
const conventions = new IndexConventions([
  {
    idcc: '1486',
    titre: "Bureaux d'études techniques (Syntec)",
    titreCourt: 'Bureaux d’études techniques',
  },
  {
    idcc: '1979',
    titre: 'Convention collective nationale des hôtels, cafés restaurants (HCR)',
    titreCourt: 'Hôtels, cafés, restaurants',
  },
  {
    idcc: '1140',
    titre:
      'Convention collective départementale des hôtels cafés restaurants de Saint-Pierre-et-Miquelon',
    titreCourt: null,
  },
]);
const A = '73282932000074';
const B = '73282932000082';

function rattacheur(): Rattacheur {
  return new Rattacheur({
    opcos,
    conventions,
    siro: [
      {
        source: source('2025-01'),
        index: IndexSiro.depuisEtablissements([
          { siret: A, idcc: '1486', opcoProprietaire: '09', opcoGestion: null },
        ]),
      },
      {
        source: source('2026-06'),
        index: IndexSiro.depuisEtablissements([
          { siret: B, idcc: '9999', opcoProprietaire: '06', opcoGestion: null },
          { siret: A, idcc: '1486', opcoProprietaire: '03', opcoGestion: '02' },
          { siret: '73282932000090', idcc: '1486', opcoProprietaire: null, opcoGestion: null },
        ]),
      },
    ],
    idccOpco: [
      {
        source: { ...source('2026-06'), nom: 'idcc-opco' },
        parts: new Map([
          [
            '1486',
            [
              { opcoCode: '09', nbSiret: 2 },
              { opcoCode: '03', nbSiret: 253637 },
            ],
          ],
          ['9999', [{ opcoCode: '06', nbSiret: 49433 }]],
        ]),
      },
    ],
  });
}

describe('Rattacheur', () => {
  it('donne l’OPCO d’un SIRET au millésime en vigueur à la date demandée', () => {
    const r = rattacheur();
    const avant = r.parSiret(A, '2025-03-15');
    expect(avant.statut).toBe('trouve');
    expect(avant.opco).toEqual({ code: '09', nom: 'OPCO2I' });
    expect(avant.sources[0]?.millesime).toBe('2025-01');
    const apres = r.parSiret(A, null);
    expect(apres.opco).toEqual({ code: '03', nom: 'ATLAS' });
    expect(apres.opcoGestion).toEqual({ code: '02', nom: 'AKTO' });
    expect(apres.explication).toContain('IDCC 1486');
    expect(apres.explication).toContain('géré par AKTO');
    expect(apres.repartition.map((p) => [p.opco.code, p.majoritaire])).toEqual([
      ['03', true],
      ['09', false],
    ]);
    expect(r.parSiret(A, '2024-12-31')).toMatchObject({ statut: 'siret_inconnu', sources: [] });
  });

  it('distingue SIRET inconnu, IDCC d’échappement et établissement sans OPCO, avec quoi faire', () => {
    const r = rattacheur();
    const inconnu = r.parSiret('73282932000108', null);
    expect(inconnu.statut).toBe('siret_inconnu');
    expect(inconnu.aFaire).toContain('IDCC');
    const echap = r.parSiret(B, null);
    expect(echap.statut).toBe('idcc_echappement');
    expect(echap.opco?.nom).toBe('OPCO EP');
    const sans = r.parSiret('73282932000090', null);
    expect(sans.statut).toBe('sans_opco');
    expect(sans.opco).toBeNull();
    expect(sans.explication).toContain('majoritairement de ATLAS');
  });

  it('donne pour un IDCC à plusieurs OPCO chaque part et le majoritaire', () => {
    const r = rattacheur().parIdcc('1486', null);
    expect(r.statut).toBe('idcc_plusieurs_opco');
    expect(r.opco?.code).toBe('03');
    expect(r.repartition[0]).toMatchObject({ nbSiret: 253637, part: 0.999992, majoritaire: true });
    expect(r.repartition[1]).toMatchObject({ nbSiret: 2, part: 0.000008, majoritaire: false });
    expect(rattacheur().parIdcc('0804', null).statut).toBe('sans_opco');
    expect(rattacheur().parIdcc('9999', null)).toMatchObject({
      statut: 'idcc_echappement',
      opco: null,
    });
  });

  it('retrouve tous les établissements d’un SIREN', () => {
    const r = rattacheur().parSiren('732829320', null);
    expect(r.etablissements.map((e) => e.siret)).toEqual([A, B, '73282932000090']);
    expect(r.explication).toContain('plusieurs OPCO');
  });

  it('cherche les conventions sans tenir compte des accents ni de la casse, classées', () => {
    const a = conventions.rechercher('HOTELS cafes');
    const b = conventions.rechercher('hôtels cafés');
    expect(a.map((c) => c.idcc)).toEqual(['1979', '1140']);
    expect(b.map((c) => c.idcc)).toEqual(['1979', '1140']);
    expect(conventions.rechercher('1486')[0]).toMatchObject({ idcc: '1486', score: 1000 });
    expect(conventions.rechercher('plomberie')).toEqual([]);
  });

  it('rattache en masse, dans l’ordre, avec une ligne par SIRET', () => {
    const lignes = Buffer.concat([
      ...rattacherLot(rattacheur(), [A, 'abc', '73282932000108'], null, 'csv'),
    ])
      .toString('utf8')
      .trim()
      .split('\n');
    expect(lignes).toEqual([
      'siret,statut,opco_code,opco_nom,opco_gestion_code,idcc,millesime,demo,probleme',
      `${A},trouve,03,ATLAS,02,1486,2026-06,false,`,
      'abc,siret_invalide,,,,,2026-06,false,un SIRET ne contient que des chiffres',
      '73282932000108,siret_inconnu,,,,,2026-06,false,',
    ]);
    const nd = Buffer.concat([...rattacherLot(rattacheur(), [B], '2025-06-01', 'ndjson')]).toString(
      'utf8',
    );
    expect(JSON.parse(nd)).toEqual({
      siret: B,
      statut: 'siret_inconnu',
      opco: null,
      opcoGestion: null,
      idcc: null,
      millesime: '2025-01',
      demo: false,
    });
    expect(siretsDepuisCsv('siret;nom\n"73282932000074";X\n\n73282932000082\n')).toEqual([A, B]);
  });

  it('génère un échantillon déterministe au format officiel, clés valides', () => {
    const couples = [
      { idcc: '1486', opcoCode: '03', nbSiret: 900 },
      { idcc: '1486', opcoCode: '09', nbSiret: 2 },
      { idcc: '9999', opcoCode: '06', nbSiret: 98 },
    ];
    const libelles = new Map([...opcos.values()].map((o) => [o.code, o.nom]));
    const opts = { cible: 100, partSansOpco: 0.1, graine: 1, opcoGestionOutreMer: '02' };
    const l1 = genererEchantillonSiro(couples, libelles, opts);
    expect(genererEchantillonSiro(couples, libelles, opts)).toEqual(l1);
    expect(l1[0]).toBe('SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION');
    const corps = l1.slice(1).map((l) => l.split('|'));
    // 90 + max(1, round(0.2)) + 10 rows with an OPCO, then 10 % without.
    expect(corps.filter((c) => c[1] === '1486' && c[2] === 'ATLAS')).toHaveLength(90);
    expect(corps.filter((c) => c[1] === '1486' && c[2] === 'OPCO2I')).toHaveLength(1);
    expect(corps.filter((c) => c[2] === '')).toHaveLength(10);
    const sirets = corps.map((c) => c[0] ?? '');
    expect(new Set(sirets).size).toBe(sirets.length);
    expect([...sirets].sort()).toEqual(sirets);
  });
});
