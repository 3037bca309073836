import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { construireCli } from '../../src/cli/main.ts';
import { anomaliesBloquantes } from '../../src/domaine/textes/index.ts';
import { RACINE_DEPOT } from '../../src/import/textes/droit.lecture.ts';
import { importerTextesParDefaut } from '../../src/import/textes/textes.importer.ts';
import {
  avertissementsCitations,
  calculerImpact,
  exigerCitationsValides,
  formaterImpact,
  verifierCitationsDroit,
} from '../../src/import/textes/verification.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import type { Base } from '../../src/stockage/db.ts';
import { baseDeTest } from '../aide/base.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
let base: Base;

beforeAll(async () => {
  base = await baseDeTest();
  await importerTextesParDefaut(base, progressionMuette);
});
afterAll(async () => {
  await base.fermer();
});

describe('intégrité des citations du droit', () => {
  test('les références du droit de démonstration désignent toutes un article connu, en vigueur à leur date', async () => {
    const v = await verifierCitationsDroit(base, path.join(fixtures, 'depot'));
    expect(v.references.map((r) => [r.article, r.date])).toEqual([
      ['D6332-92', '2019-01-01'],
      ['L. 6332-14', '2019-01-01'],
      ['D6332-82', '2021-01-01'],
      ['D6332-82', '2021-01-01'],
      ['L6332-14', '2021-01-01'],
    ]);
    expect(v.anomalies).toEqual([]);
    expect(exigerCitationsValides(v.anomalies)).toEqual([]);
  });

  test('chaque faute est trouvée et expliquée', async () => {
    const v = await verifierCitationsDroit(base, path.join(fixtures, 'depot-references-fautives'));
    expect(v.anomalies.map((a) => [a.type, a.reference.article, a.reference.date])).toEqual([
      ['article_inconnu', 'D6332-999', '2020-01-01'],
      ['non_en_vigueur', 'D6332-82-1', '2020-01-01'],
      ['id_autre_article', 'D6332-82', '2024-01-01'],
      ['version_non_en_vigueur', 'D6332-83', '2024-01-01'],
    ]);
    expect(v.anomalies[1]?.message).toContain(
      "L'article D6332-82-1 n'était pas en vigueur le 2020-01-01",
    );
    expect(v.anomalies[2]?.message).toContain(
      "LEGIARTI000038033331 est une version de l'article D6332-92, pas de D6332-82",
    );
    expect(v.anomalies[3]?.message).toContain(
      "LEGIARTI000039103792 n'était pas en vigueur pendant la période citée (à partir du 2024-01-01) ; version en vigueur le 2024-01-01 : LEGIARTI000041770389",
    );
    expect(() => exigerCitationsValides(v.anomalies)).toThrow(
      expect.objectContaining({ code: 'ERR_TEXTE_CITATIONS_INVALIDES', statut: 422 }),
    );
    // At start-up they become warnings reported by /health.
    const avertissements = await avertissementsCitations(
      base,
      path.join(fixtures, 'depot-references-fautives'),
    );
    expect(avertissements).toHaveLength(4);
    expect(avertissements[0]).toBe(
      "Citation invalide : L'article D6332-999 est inconnu du corpus (droit/parametres/apprentissage/exemples_fautifs.yaml:valeurs.2020-01-01.references.0).",
    );
  });

  test('le droit réel du dépôt (droit/**/*.yaml, tests/droit/**/*.yaml) ne cite que des articles connus', async () => {
    const v = await verifierCitationsDroit(base, RACINE_DEPOT);
    if (existsSync(path.join(RACINE_DEPOT, 'droit', 'parametres')))
      expect(v.references.length).toBeGreaterThan(0);
    expect(anomaliesBloquantes(v.anomalies).map((a) => a.message)).toEqual([]);
  });
});

describe('opco textes impact 2.229.0 2.513.0', () => {
  test('les articles changés entre les deux publications, et ce qui les cite', async () => {
    const r = await calculerImpact(base, '2.229.0', '2.513.0', path.join(fixtures, 'depot'));
    expect([r.ancienne, r.nouvelle]).toEqual([
      '@socialgouv/legi-data@2.229.0',
      '@socialgouv/legi-data@2.513.0',
    ]);
    const natures = { modifie: 0, ajoute: 0, supprime: 0, renumerote: 0 };
    for (const a of r.articles) natures[a.nature]++;
    expect(natures).toEqual({ modifie: 231, ajoute: 128, supprime: 20, renumerote: 0 });
    const l6332_14 = r.articles.find((a) => a.article === 'L6332-14');
    expect(l6332_14?.avant?.idLegiarti).toBe('LEGIARTI000038951599');
    expect(l6332_14?.apres?.idLegiarti).toBe('LEGIARTI000052437380');
    expect(l6332_14?.citants.map((c) => `${c.genre} ${c.identifiant}`)).toEqual([
      'parametre apprentissage.maitre_apprentissage.plafond_horaire_formation',
      'regle apprentissage.majoration_rqth',
      'cas_de_test apprentissage.majoration_rqth › apprenti non RQTH',
      'cas_de_test apprentissage.majoration_rqth › apprenti RQTH, majoration plafonnée à 4 000 €',
    ]);
    // Same version republished with different spacing: not a change.
    expect(r.articles.find((a) => a.article === 'D6332-82')).toBeUndefined();
    // Renumbered and amended: D6324-1 became R6324-1.
    expect(r.articles.find((a) => a.article === 'R6324-1')).toMatchObject({
      nature: 'modifie',
      avant: { article: 'D6324-1', idLegiarti: 'LEGIARTI000041729797' },
      apres: { article: 'R6324-1', idLegiarti: 'LEGIARTI000053428032' },
    });
    expect(r.articles.find((a) => a.article === 'R6123-3-4')?.nature).toBe('supprime');
    const texte = formaterImpact(r, { citesSeulement: true });
    expect(texte.split('\n').slice(0, 4)).toEqual([
      'Articles changés entre @socialgouv/legi-data@2.229.0 et @socialgouv/legi-data@2.513.0 : 379, dont 1 cité(s) par le droit de la plateforme.',
      '',
      'À revoir (cités) :',
      '  L6332-14     modifié     LEGIARTI000038951599 (du 2019-08-23) → LEGIARTI000052437380 (du 2026-01-01)',
    ]);
    expect(texte).not.toContain('Autres articles changés');
  });

  test('une publication non importée est refusée en listant les publications connues', async () => {
    await expect(
      calculerImpact(base, '2.100.0', '2.513.0', path.join(fixtures, 'depot')),
    ).rejects.toMatchObject({
      code: 'ERR_TEXTE_PUBLICATION_INCONNUE',
      message:
        "La publication 2.100.0 des textes n'est pas importée. Publications importées : 2.229.0, 2.513.0.",
    });
  });

  test('la commande est enregistrée dans la CLI', async () => {
    const textes = (await construireCli()).commands.find((c) => c.name() === 'textes');
    expect(textes?.commands.map((c) => c.name())).toEqual(['impact', 'verifier']);
  });
});
