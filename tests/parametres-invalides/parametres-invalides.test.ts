import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chargerParametres, lireParametre } from '../../src/moteur/index.ts';
import { ErreurOpco } from '../../src/partage/erreurs.ts';

/**
 * One fixture per refusal of the parameter loader. The first line of each fixture says
 * `# attendu: <chemin> | <fragment of the problem>`; the refusal must name the file and path.
 */
const dossier = path.join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(dossier)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('le chargeur de paramètres refuse les fichiers invalides', () => {
  it.each(fixtures)('%s', (f) => {
    const source = readFileSync(path.join(dossier, f), 'utf8');
    const m = /^# attendu: (.+?) \| (.+)$/m.exec(source);
    expect(m, 'ligne « # attendu: » absente').not.toBeNull();
    const [, chemin, probleme] = m as unknown as [string, string, string];
    const fichier = `apprentissage/${f}`;
    let erreur: unknown;
    try {
      lireParametre(fichier, source);
    } catch (e) {
      erreur = e;
    }
    expect(erreur).toBeInstanceOf(ErreurOpco);
    const e = erreur as ErreurOpco;
    expect(e.code).toBe('ERR_PARAMETRE_INVALIDE');
    expect(e.info.fichier).toBe(fichier);
    expect(e.info.chemin).toBe(chemin);
    expect(String(e.info.probleme)).toContain(probleme);
    expect(e.message).toContain(fichier);
    expect(e.message).toContain(chemin);
  });

  it('un fichier valide est lu avec ses valeurs triées par date', () => {
    const p = lireParametre(
      'apprentissage/distanciel/plancher.yaml',
      `description: "Plancher"
unite: EUR
valeurs:
  2026-01-01:
    valeur: 4200
    references:
      - { article: "D6332-82-1", titre: "t", url: "https://legifrance.gouv.fr/x" }
  2025-07-01:
    valeur: 4000
    references:
      - { article: "D6332-82-1", titre: "t", url: "https://legifrance.gouv.fr/x", id_legifrance: LEGIARTI000051818287 }
derniere_verification: 2026-03-27
`,
    );
    expect(p.id).toBe('apprentissage.distanciel.plancher');
    expect(p.valeurs.map((v) => [v.depuis, v.valeur])).toEqual([
      ['2025-07-01', 4000],
      ['2026-01-01', 4200],
    ]);
    expect(p.valeurs[0]?.references[0]?.idLegifrance).toBe('LEGIARTI000051818287');
  });

  it('le chargement complet s’arrête au premier fichier invalide et le nomme', () => {
    const lecteur = {
      fichiers: () => ['a/bon.yaml', 'b/mauvais.yaml'],
      lire: (c: string) =>
        c === 'a/bon.yaml'
          ? 'description: d\nunite: EUR\nvaleurs:\n  2025-01-01:\n    valeur: 1\n    references:\n      - { article: A, titre: t, url: "https://x.fr" }\nderniere_verification: 2026-03-27\n'
          : 'description: d\nunite: EUR\nvaleurs: {}\nderniere_verification: 2026-03-27\n',
    };
    expect(() => chargerParametres(lecteur)).toThrow(/b\/mauvais\.yaml, valeurs/);
  });
});
