import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleSiretValeurValide, valeurSiretRapide } from '../../src/domaine/entreprise/index.ts';
import { parserCsvAvecEntete } from '../../src/partage/csv.ts';
import {
  genererEchantillonSiro,
  IndexConventions,
  IndexSiro,
  ListeSirets,
  Rattacheur,
  rattacherLot,
  siretsDepuisCsv,
  type SourceRattachement,
} from '../../src/domaine/rattachement/index.ts';
import { dossierDonnees } from '../aide/base.ts';

const source = (millesime: string, demo = false): SourceRattachement => ({
  nom: 'siro',
  fichier: `siro-${millesime.replace('-', '')}.csv`,
  millesime,
  dateEffet: `${millesime}-01`,
  demo,
});

/** France compétences' codes as the repository's data gives them (never hard-coded here). */
const codesReels = new Map(
  parserCsvAvecEntete(readFileSync(path.join(dossierDonnees, 'opcos.csv'), 'utf8'), [
    'fc_code',
    'fc_label',
  ]).map((l) => [l.valeurs.fc_label ?? '', l.valeurs.fc_code ?? '']),
);
const code = (nom: string): string => {
  const c = codesReels.get(nom);
  if (!c) throw new Error(`OPCO ${nom} absent de donnees/opcos.csv`);
  return c;
};
const ATLAS = code('ATLAS');
const OPCO2I = code('OPCO2I');
const OPCO_EP = code('OPCO EP');
const AKTO = code('AKTO');
const opcos = new Map(
  ['ATLAS', 'OPCO2I', 'OPCO EP', 'AKTO'].map((nom) => [code(nom), { code: code(nom), nom }]),
);
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

function rattacheur(seuilOpcoUnique = 0.999): Rattacheur {
  return new Rattacheur(
    {
      opcos,
      conventions,
      siro: [
        {
          source: source('2025-01'),
          index: IndexSiro.depuisEtablissements([
            { siret: A, idcc: '1486', opcoProprietaire: OPCO2I, opcoGestion: null },
          ]),
        },
        {
          source: source('2026-06'),
          index: IndexSiro.depuisEtablissements([
            { siret: B, idcc: '9999', opcoProprietaire: OPCO_EP, opcoGestion: null },
            { siret: A, idcc: '1486', opcoProprietaire: ATLAS, opcoGestion: AKTO },
            { siret: '73282932000090', idcc: '1486', opcoProprietaire: null, opcoGestion: null },
            { siret: '73282932000116', idcc: '1486', opcoProprietaire: OPCO2I, opcoGestion: null },
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
                { opcoCode: OPCO2I, nbSiret: 2 },
                { opcoCode: ATLAS, nbSiret: 253637 },
              ],
            ],
            ['9999', [{ opcoCode: OPCO_EP, nbSiret: 49433 }]],
          ]),
        },
      ],
    },
    { seuilOpcoUnique },
  );
}

describe('Rattacheur', () => {
  it('donne l’OPCO d’un SIRET au millésime en vigueur à la date demandée', () => {
    const r = rattacheur();
    const avant = r.parSiret(A, '2025-03-15');
    expect(avant.statut).toBe('trouve');
    expect(avant.opco).toEqual({ code: OPCO2I, nom: 'OPCO2I' });
    expect(avant.sources[0]?.millesime).toBe('2025-01');
    const apres = r.parSiret(A, null);
    expect(apres.opco).toEqual({ code: ATLAS, nom: 'ATLAS' });
    expect(apres.opcoGestion).toEqual({ code: AKTO, nom: 'AKTO' });
    expect(apres.explication).toContain('IDCC 1486');
    expect(apres.explication).toContain('géré par AKTO');
    expect(apres.repartition.map((p) => [p.opco.code, p.majoritaire])).toEqual([
      [ATLAS, true],
      [OPCO2I, false],
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

  it('répond par l’OPCO d’un IDCC dont les établissements lui sont rattachés au-delà du seuil, la minorité en cas isolés', () => {
    const r = rattacheur().parIdcc('1486', null);
    expect(r).toMatchObject({
      statut: 'trouve',
      opco: { code: ATLAS, nom: 'ATLAS' },
      minoritaires: [{ opco: { code: OPCO2I, nom: 'OPCO2I' }, nbSiret: 2, part: 0.000008 }],
      aFaire: null,
    });
    expect(r.repartition.map((p) => p.opco.nom)).toEqual(['ATLAS', 'OPCO2I']);
    expect(r.explication).toContain('c’est l’OPCO de cette convention');
    expect(r.explication).toContain('cas isolés');
    expect(r.explication).not.toContain('plusieurs OPCO');
    // The establishment of the minority is told so by its SIRET.
    const isole = rattacheur().parSiret('73282932000116', null);
    expect(isole.opco?.nom).toBe('OPCO2I');
    expect(isole.explication).toContain('fait partie des cas isolés');
    const courant = rattacheur().parSiret(A, null);
    expect(courant.minoritaires.map((p) => p.opco.nom)).toEqual(['OPCO2I']);
    expect(courant.explication).not.toContain('plusieurs OPCO');
  });

  it('donne pour un IDCC vraiment partagé (sous le seuil) chaque part et le majoritaire', () => {
    // 253637 / 253639 = 0.999992 < 0.999995.
    const r = rattacheur(0.999995).parIdcc('1486', null);
    expect(r.statut).toBe('idcc_plusieurs_opco');
    expect(r.minoritaires).toEqual([]);
    expect(r.aFaire).toContain('SIRET');
    expect(r.opco?.code).toBe(ATLAS);
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
    expect(r.etablissements.map((e) => e.opco?.nom ?? null)).toEqual([
      'ATLAS',
      'OPCO EP',
      null,
      'OPCO2I',
    ]);
    expect(r.etablissements.map((e) => e.siret)).toEqual([
      A,
      B,
      '73282932000090',
      '73282932000116',
    ]);
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

  it('comprend les noms usuels et classe les conventions nationales avant les territoriales', () => {
    const idx = new IndexConventions(
      [
        {
          idcc: '1060',
          titre: 'Convention collective départementale de la métallurgie de la Martinique',
          titreCourt: 'Convention collective départementale de la métallurgie de la Martinique',
        },
        {
          idcc: '0650',
          titre: 'Convention collective nationale des ingénieurs et cadres de la métallurgie',
          titreCourt: 'Métallurgie : ingénieurs et cadres',
          etat: 'ABROGE',
        },
        {
          idcc: '3248',
          titre: 'Convention collective nationale de la métallurgie du 7 février 2022',
          titreCourt: 'Métallurgie',
          etat: 'VIGUEUR_ETEN',
        },
        {
          idcc: '1486',
          titre: 'Convention collective nationale des bureaux d’études techniques',
          titreCourt: 'Bureaux d’études techniques',
          etat: 'VIGUEUR_ETEN|ABROGE',
        },
      ],
      [
        { idcc: '1486', nom: 'Syntec' },
        { idcc: '1486', nom: 'BET' },
      ],
    );
    expect(idx.rechercher('syntec')).toMatchObject([
      { idcc: '1486', portee: 'nationale', enVigueur: true, nomsUsuels: ['Syntec', 'BET'] },
    ]);
    expect(idx.rechercher('métallurgie').map((c) => [c.idcc, c.portee, c.enVigueur])).toEqual([
      ['3248', 'nationale', true],
      ['0650', 'nationale', false],
      ['1060', 'territoriale', true],
    ]);
    expect(idx.rechercher('métallurgie martinique').map((c) => c.idcc)).toEqual(['1060']);
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
      `${A},trouve,${ATLAS},ATLAS,${AKTO},1486,2026-06,false,`,
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

  it('rattache une ListeSirets (corps de requête) octet pour octet comme la même liste en texte', () => {
    const texte = (l: Iterable<string> | ListeSirets, d: string | null, f: 'csv' | 'ndjson') =>
      Buffer.concat([...rattacherLot(rattacheur(), l, d, f)]).toString('utf8');
    // Known, unknown, bad key, La Poste, leading zeros, spaces, quotes, non-ASCII, very long.
    const cas = [
      A,
      B,
      '73282932000090',
      '73282932000116',
      '73282932000075',
      '35600000000048',
      '35600000000049',
      '00000000000000',
      '01234567890123',
      '732 829 320 00074',
      'abc"déf',
      'é'.repeat(30_000),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...cas), fc.stringMatching(/^[0-9]{14}$/)), {
          maxLength: 3000,
        }),
        fc.constantFrom(null, '2025-06-01'),
        fc.constantFrom('csv' as const, 'ndjson' as const),
        (sirets, date, format) => {
          const liste = new ListeSirets();
          for (const s of sirets) liste.ajouter(s);
          expect(texte(liste, date, format)).toBe(texte(sirets, date, format));
        },
      ),
      { numRuns: 40 },
    );
    // The numeric key check agrees with the one on text.
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{14}$/), (s) => {
        expect(cleSiretValeurValide(Number(s))).toBe(valeurSiretRapide(s) >= 0);
      }),
      { numRuns: 2000 },
    );
    for (const s of cas.filter((c) => /^[0-9]{14}$/.test(c)))
      expect(cleSiretValeurValide(Number(s)), s).toBe(valeurSiretRapide(s) >= 0);
  });

  it('écrit la réponse par SIRET en JSON comme JSON.stringify de la réponse', () => {
    const r = rattacheur();
    for (const siret of [A, B, '73282932000090', '73282932000116', '73282932000108'])
      for (const date of [null, '2025-03-15', '2026-07-01', '2020-01-01']) {
        // Twice: the first builds the cached text, the second reads it.
        expect(r.parSiretJson(siret, date)).toBe(JSON.stringify(r.parSiret(siret, date)));
        expect(r.parSiretJson(siret, date)).toBe(JSON.stringify(r.parSiret(siret, date)));
      }
  });

  it('génère un échantillon déterministe au format officiel, clés valides', () => {
    const couples = [
      { idcc: '1486', opcoCode: ATLAS, nbSiret: 900 },
      { idcc: '1486', opcoCode: OPCO2I, nbSiret: 2 },
      { idcc: '9999', opcoCode: OPCO_EP, nbSiret: 98 },
    ];
    const libelles = new Map([...opcos.values()].map((o) => [o.code, o.nom]));
    const opts = { cible: 100, partSansOpco: 0.1, graine: 1, opcoGestionOutreMer: AKTO };
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
