import { describe, expect, test } from 'vitest';
import {
  analyserRecherche,
  citerArticle,
  comparerNumerosArticles,
  comparerPublications,
  corpusDepuis,
  diffMots,
  expliquerAbsence,
  extraireReferences,
  fusionnerPublications,
  indexerCitations,
  normaliserNumeroArticle,
  numeroCite,
  verifierReferences,
  versionEnVigueur,
  type ArticlePublie,
  type PublicationTextes,
  type VersionArticle,
} from './index.ts';

// Real history of article L6332-14 (LEGI, as listed by @socialgouv/legi-data@2.513.0).
const historiqueL6332_14: [string, string, string, string | null][] = [
  ['LEGIARTI000006904356', 'MODIFIE', '2008-05-01', '2009-11-26'],
  ['LEGIARTI000021341002', 'MODIFIE', '2009-11-26', '2009-11-26'],
  ['LEGIARTI000021342218', 'MODIFIE', '2009-11-26', '2015-01-01'],
  ['LEGIARTI000028698293', 'MODIFIE', '2015-01-01', '2016-08-10'],
  ['LEGIARTI000033024369', 'MODIFIE', '2016-08-10', '2019-01-01'],
  ['LEGIARTI000037387472', 'MODIFIE', '2019-01-01', '2019-08-23'],
  ['LEGIARTI000038951599', 'MODIFIE', '2019-08-23', '2023-12-29'],
  ['LEGIARTI000048686256', 'MODIFIE', '2023-12-29', '2025-02-16'],
  ['LEGIARTI000051221005', 'MODIFIE', '2025-02-16', '2026-01-01'],
  ['LEGIARTI000052437380', 'VIGUEUR', '2026-01-01', null],
];

const versions: VersionArticle[] = historiqueL6332_14.map(([id, etat, du, au], i) => ({
  article: 'L6332-14',
  idLegiarti: id,
  cid: 'LEGIARTI000006904356',
  etat,
  numero: `${i + 1}.0`,
  du,
  au,
  texte: null,
  source: '@socialgouv/legi-data@2.513.0',
  sourceTexte: null,
  remarque: null,
}));

describe("numéros d'article", () => {
  test.each([
    ['l6332-14', 'L6332-14'],
    ['L. 6332-14', 'L6332-14'],
    ['article D 6332-78', 'D6332-78'],
    ['R.6123-3-4', 'R6123-3-4'],
    ['L6332-1 a', 'L6332-1 A'],
    [' d6332-78-1 ', 'D6332-78-1'],
  ])('« %s » → %s', (saisie, attendu) => {
    expect(normaliserNumeroArticle(saisie)).toBe(attendu);
  });
  test.each(['6332-14', 'X6332-14', 'L6332-', 'apprentissage', ''])('« %s » est refusé', (s) => {
    expect(normaliserNumeroArticle(s)).toBeNull();
  });
  test.each([
    ['L6332-14, I, 1°', 'L6332-14'],
    ['L. 6332-14 (I, 4°)', 'L6332-14'],
    ['D6332-83 1°', 'D6332-83'],
    ['L6332-14 I', 'L6332-14'],
    ['L6332-1 A', 'L6332-1 A'],
    ['D6332-78', 'D6332-78'],
  ])('citation « %s » → article %s', (saisie, attendu) => {
    expect(numeroCite(saisie)).toBe(attendu);
  });
  test('ordre naturel : L6332-2 avant L6332-14, L puis R puis D', () => {
    const tries = ['D6332-78', 'L6332-14', 'R6332-25', 'L6332-2', 'L6332-1-1', 'L6332-1'].sort(
      comparerNumerosArticles,
    );
    expect(tries).toEqual(['L6332-1', 'L6332-1-1', 'L6332-2', 'L6332-14', 'R6332-25', 'D6332-78']);
  });
});

describe('versionEnVigueur', () => {
  test('la version en vigueur un jour donné, bornes comprises au début, exclues à la fin', () => {
    const a = versionEnVigueur(versions, '2024-06-01');
    expect(a.ok && a.version.idLegiarti).toBe('LEGIARTI000048686256');
    const debut = versionEnVigueur(versions, '2019-08-23');
    expect(debut.ok && debut.version.idLegiarti).toBe('LEGIARTI000038951599');
    const veille = versionEnVigueur(versions, '2019-08-22');
    expect(veille.ok && veille.version.idLegiarti).toBe('LEGIARTI000037387472');
    const actuelle = versionEnVigueur(versions, '2026-11-22');
    expect(actuelle.ok && actuelle.version.idLegiarti).toBe('LEGIARTI000052437380');
  });
  test("la version mort-née du 2009-11-26 (du = au) n'est jamais en vigueur", () => {
    const r = versionEnVigueur(versions, '2009-11-26');
    expect(r.ok && r.version.idLegiarti).toBe('LEGIARTI000021342218');
  });
  test("avant sa création, l'article n'existait pas : un refus qui dit pourquoi", () => {
    const r = versionEnVigueur(versions, '2008-04-30');
    expect(r).toEqual({
      ok: false,
      motif: 'pas_encore_cree',
      date: '2008-04-30',
      premiereDate: '2008-05-01',
      derniereFin: null,
    });
    if (!r.ok)
      expect(expliquerAbsence('L6332-14', r)).toBe(
        "L'article L6332-14 n'existait pas le 2008-04-30 : sa première version est en vigueur à partir du 2008-05-01.",
      );
  });
  test('après abrogation', () => {
    const abroge = versions.slice(0, 7); // history closed on 2023-12-29
    const r = versionEnVigueur(abroge, '2024-01-01');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.motif).toBe('abroge');
      expect(r.derniereFin).toBe('2023-12-29');
    }
    expect(versionEnVigueur([], '2024-01-01')).toMatchObject({ ok: false, motif: 'inconnu' });
  });
});

describe('diffMots', () => {
  // Extracts of the real versions of D6332-78 (LEGIARTI000039103808 → LEGIARTI000053003172).
  const avant =
    'II.-Ce niveau de prise en charge comprend les charges de gestion administrative et les charges de production suivantes :';
  const apres =
    'II.-Ce niveau de prise en charge contribue au financement des charges de gestion administrative et de production suivantes :';
  test('mots supprimés et ajoutés, dans l’ordre du texte', () => {
    const d = diffMots(avant, apres);
    const supprime = d.segments.filter((s) => s.type === 'supprime').map((s) => s.texte.trim());
    const ajoute = d.segments.filter((s) => s.type === 'ajoute').map((s) => s.texte.trim());
    expect(supprime.join(' | ')).toBe('comprend les | les charges');
    expect(ajoute.join(' | ')).toBe('contribue au financement des');
    expect(d.motsSupprimes).toBe(4);
    expect(d.motsAjoutes).toBe(4);
    const reconstitueAvant = d.segments
      .filter((s) => s.type !== 'ajoute')
      .map((s) => s.texte)
      .join('');
    const reconstitueApres = d.segments
      .filter((s) => s.type !== 'supprime')
      .map((s) => s.texte)
      .join('');
    expect(reconstitueAvant.replace(/\s+/g, ' ')).toBe(avant);
    expect(reconstitueApres.replace(/\s+/g, ' ')).toBe(apres);
  });
  test("un espacement différent n'est pas une modification", () => {
    const d = diffMots("à l'article R. 6332-25 . II.", "à l'article R. 6332-25. II.");
    expect(d.motsAjoutes + d.motsSupprimes).toBe(0);
    expect(d.segments).toEqual([{ type: 'egal', texte: "à l'article R. 6332-25. II." }]);
    expect(diffMots('a  b', 'a b').segments.every((s) => s.type === 'egal')).toBe(true);
  });
});

function article(
  num: string,
  cid: string,
  id: string,
  du: string,
  texte: string,
  vs: [string, string, string, string | null][],
): ArticlePublie {
  return {
    article: num,
    cid,
    idLegiarti: id,
    etat: 'VIGUEUR',
    du,
    au: null,
    texte,
    sections: [],
    versions: vs.map(([idLegiarti, etat, d, au]) => ({
      idLegiarti,
      etat,
      numero: null,
      du: d,
      au,
    })),
  };
}

describe('fusionnerPublications', () => {
  // Shapes taken from the two real publications (2.229.0: code at 2023-02-17; 2.513.0: 2026-03-27).
  const ancienne: PublicationTextes = {
    source: '@socialgouv/legi-data@2.229.0',
    dateCode: '2023-02-17',
    articles: [
      article(
        'D6332-78',
        'LEGIARTI000038017112',
        'LEGIARTI000039103808',
        '2019-09-15',
        'comprend  les charges',
        [
          ['LEGIARTI000038017139', 'MODIFIE', '2019-01-01', '2019-09-15'],
          ['LEGIARTI000039103808', 'VIGUEUR', '2019-09-15', null],
        ],
      ),
      article(
        'R6123-3-4',
        'LEGIARTI000029468225',
        'LEGIARTI000029468230',
        '2014-09-24',
        'texte abrogé',
        [['LEGIARTI000029468230', 'VIGUEUR', '2014-09-24', null]],
      ),
      article(
        'D6324-1',
        'LEGIARTI000018498290',
        'LEGIARTI000041729797',
        '2020-03-18',
        'ancien numéro',
        [['LEGIARTI000041729797', 'VIGUEUR', '2020-03-18', null]],
      ),
    ],
  };
  const nouvelle: PublicationTextes = {
    source: '@socialgouv/legi-data@2.513.0',
    dateCode: '2026-03-27',
    articles: [
      article(
        'D6332-78',
        'LEGIARTI000038017112',
        'LEGIARTI000053003172',
        '2025-12-10',
        'contribue au financement',
        [
          ['LEGIARTI000038017139', 'MODIFIE', '2019-01-01', '2019-09-15'],
          ['LEGIARTI000039103808', 'MODIFIE', '2019-09-15', '2025-12-10'],
          ['LEGIARTI000053003172', 'VIGUEUR', '2025-12-10', null],
        ],
      ),
      article(
        'R6324-1',
        'LEGIARTI000018498290',
        'LEGIARTI000041729797',
        '2020-03-18',
        'ancien numéro',
        [['LEGIARTI000041729797', 'VIGUEUR', '2020-03-18', null]],
      ),
    ],
  };

  test("chaque publication apporte le texte de sa version ; l'état et les dates viennent de la plus récente", () => {
    const { versions: v } = fusionnerPublications([nouvelle, ancienne]);
    const d78 = v.get('D6332-78') ?? [];
    expect(d78.map((x) => [x.idLegiarti, x.etat, x.du, x.au, x.texte, x.sourceTexte])).toEqual([
      ['LEGIARTI000038017139', 'MODIFIE', '2019-01-01', '2019-09-15', null, null],
      [
        'LEGIARTI000039103808',
        'MODIFIE',
        '2019-09-15',
        '2025-12-10',
        'comprend les charges',
        '@socialgouv/legi-data@2.229.0',
      ],
      [
        'LEGIARTI000053003172',
        'VIGUEUR',
        '2025-12-10',
        null,
        'contribue au financement',
        '@socialgouv/legi-data@2.513.0',
      ],
    ]);
  });
  test('un article absent de la publication suivante est clos à sa date, avec une remarque', () => {
    const { versions: v } = fusionnerPublications([ancienne, nouvelle]);
    const r = v.get('R6123-3-4')?.[0];
    expect(r?.au).toBe('2026-03-27');
    expect(r?.remarque).toContain('absent de @socialgouv/legi-data@2.513.0');
  });
  test('un article renuméroté (D6324-1 → R6324-1) garde une seule histoire, et un renvoi', () => {
    const f = fusionnerPublications([ancienne, nouvelle]);
    expect(f.versions.has('D6324-1')).toBe(false);
    expect(f.versions.get('R6324-1')?.map((x) => x.idLegiarti)).toEqual(['LEGIARTI000041729797']);
    expect(f.renvois.get('D6324-1')).toBe('R6324-1');
  });
  test('comparerPublications : articles modifiés, supprimés, ajoutés renumérotés', () => {
    const c = comparerPublications(ancienne.articles, nouvelle.articles);
    expect(c.map((x) => [x.article, x.nature])).toEqual([
      ['R6123-3-4', 'supprime'],
      ['R6324-1', 'renumerote'],
      ['D6332-78', 'modifie'],
    ]);
  });
});

describe('citations', () => {
  const corpus = corpusDepuis(new Map([['L6332-14', versions]]));
  test('une référence connue, datée, qui nomme la version en vigueur : aucune anomalie', () => {
    expect(
      verifierReferences(
        [
          {
            article: 'L. 6332-14',
            date: '2024-06-01',
            idLegifrance: 'LEGIARTI000048686256',
            origine: 'f.yaml',
          },
        ],
        corpus,
      ),
    ).toEqual([]);
  });
  test('article inconnu, pas en vigueur, id d’une autre version', () => {
    const a = verifierReferences(
      [
        { article: 'D6332-999', date: null, idLegifrance: null, origine: 'a.yaml:references.0' },
        { article: 'L6332-14', date: '2001-01-01', idLegifrance: null, origine: 'b.yaml' },
        {
          article: 'L6332-14',
          date: '2024-06-01',
          idLegifrance: 'LEGIARTI000038951599',
          origine: 'c.yaml',
        },
        {
          article: 'L6332-14',
          date: null,
          idLegifrance: 'LEGIARTI000099999999',
          origine: 'd.yaml',
        },
        { article: 'apprentissage', date: null, idLegifrance: null, origine: 'e.yaml' },
      ],
      corpus,
    );
    expect(a.map((x) => x.type)).toEqual([
      'article_inconnu',
      'non_en_vigueur',
      'version_non_en_vigueur',
      'id_inconnu',
      'article_illisible',
    ]);
    expect(a[2]?.message).toContain(
      "LEGIARTI000038951599 n'était pas en vigueur pendant la période citée (à partir du 2024-06-01) ; version en vigueur le 2024-06-01 : LEGIARTI000048686256",
    );
  });
  test('citerArticle nomme la version en vigueur à la date d’évaluation et le lien de la page', () => {
    expect(citerArticle('l6332-14', '2024-06-01', versions)).toEqual({
      article: 'L6332-14',
      date: '2024-06-01',
      idLegiarti: 'LEGIARTI000048686256',
      du: '2023-12-29',
      au: '2025-02-16',
      lien: '/textes/L6332-14?date=2024-06-01',
      url: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048686256',
    });
  });
  test('extraireReferences : la période citée va de la clé datée (ou du « depuis ») à la suivante', () => {
    const parametre = {
      description: 'Montant',
      valeurs: {
        '2019-01-01': { valeur: 1, references: [{ article: 'D6332-78', titre: 't', url: 'u' }] },
        '2025-12-10': {
          valeur: 2,
          references: [{ article: 'D6332-78', id_legifrance: 'LEGIARTI000053003172' }],
        },
      },
    };
    const regle = {
      versions: [
        { depuis: '2020-01-01', references: [{ article: 'L6332-14' }] },
        { depuis: '2026-01-01', references: [{ article: 'L6332-14', code: 'Code du travail' }] },
      ],
    };
    expect(extraireReferences(parametre, 'p.yaml')).toEqual([
      {
        article: 'D6332-78',
        date: '2019-01-01',
        jusquAu: '2025-12-10',
        idLegifrance: null,
        origine: 'p.yaml:valeurs.2019-01-01.references.0',
      },
      {
        article: 'D6332-78',
        date: '2025-12-10',
        jusquAu: null,
        idLegifrance: 'LEGIARTI000053003172',
        origine: 'p.yaml:valeurs.2025-12-10.references.0',
      },
    ]);
    expect(extraireReferences(regle, 'r.yaml')).toEqual([
      {
        article: 'L6332-14',
        date: '2020-01-01',
        jusquAu: '2026-01-01',
        idLegifrance: null,
        origine: 'r.yaml:versions.0.references.0',
      },
      {
        article: 'L6332-14',
        date: '2026-01-01',
        jusquAu: null,
        idLegifrance: null,
        origine: 'r.yaml:versions.1.references.0',
        code: 'Code du travail',
      },
    ]);
  });

  test('une valeur de 2019 à 2024 peut citer toute version en vigueur pendant cette période', () => {
    const ref = (id: string) => ({
      article: 'L6332-14',
      date: '2019-01-01',
      jusquAu: '2024-01-01',
      idLegifrance: id,
      origine: 'p.yaml',
    });
    // 2019-08-23 → 2023-12-29: inside the period; 2025-02-16 → 2026-01-01: after it.
    expect(verifierReferences([ref('LEGIARTI000038951599')], corpus)).toEqual([]);
    expect(verifierReferences([ref('LEGIARTI000051221005')], corpus).map((x) => x.type)).toEqual([
      'version_non_en_vigueur',
    ]);
  });
});

describe('analyserRecherche', () => {
  test.each([
    ['L. 6332-14', { prefixeNumero: 'L6332-14', mots: [] }],
    ['d 6332 hébergement', { prefixeNumero: 'D6332', mots: ['hébergement'] }],
    ['article R6332-25 forfait', { prefixeNumero: 'R6332-25', mots: ['forfait'] }],
    [
      "prise en charge de l'apprentissage",
      { prefixeNumero: null, mots: ['prise', 'charge', 'apprentissage'] },
    ],
  ])('« %s »', (q, attendu) => {
    expect(analyserRecherche(q)).toEqual(attendu);
  });
});

describe('indexerCitations', () => {
  test('paramètres et règles par leurs références, cas de test par les identifiants qu’ils nomment', () => {
    const index = indexerCitations([
      {
        genre: 'parametre',
        identifiant: 'apprentissage.frais_annexes.hebergement',
        fichier: 'droit/parametres/apprentissage/frais_annexes/hebergement.yaml',
        contenu: {
          valeurs: { '2020-04-01': { valeur: 6, references: [{ article: 'D6332-83' }] } },
        },
      },
      {
        genre: 'regle',
        identifiant: 'apprentissage.frais_annexes',
        fichier: 'droit/regles/apprentissage/frais_annexes.yaml',
        contenu: {
          nom: 'frais_annexes',
          references: [{ article: 'L6332-14' }, { article: 'D6332-83' }],
        },
      },
      {
        genre: 'cas_de_test',
        identifiant: 'apprentissage.frais_annexes',
        fichier: 'tests/droit/apprentissage/frais_annexes.yaml',
        contenu: {
          cas: [
            {
              nom: 'deux nuitées',
              date: '2024-01-01',
              sorties: { 'apprentissage.frais_annexes.hebergement': 12 },
            },
            { nom: 'sans lien', date: '2024-01-01', sorties: { autre: 1 } },
          ],
        },
      },
    ]);
    expect(
      index.parArticle.get('D6332-83')?.map((c) => [c.genre, c.identifiant, c.dates, c.via]),
    ).toEqual([
      ['parametre', 'apprentissage.frais_annexes.hebergement', ['2020-04-01'], []],
      ['regle', 'apprentissage.frais_annexes', [], []],
      [
        'cas_de_test',
        'apprentissage.frais_annexes › deux nuitées',
        [],
        ['apprentissage.frais_annexes.hebergement'],
      ],
    ]);
    expect(index.parArticle.get('L6332-14')?.map((c) => c.identifiant)).toEqual([
      'apprentissage.frais_annexes',
    ]);
    expect(index.references.map((r) => r.article)).toEqual(['D6332-83', 'L6332-14', 'D6332-83']);
  });
});
