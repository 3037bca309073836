import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ErreurLigneTropLongue,
  LecteurSiretsCsv,
  ListeSirets,
  siretsDepuisCsv,
} from '../../src/domaine/rattachement/index.ts';

/** Reads a text cut at the given positions, as a request body arriving in pieces. */
function lireEnMorceaux(texte: string, coupures: number[]): string[] {
  const lecteur = new LecteurSiretsCsv();
  const r: string[] = [];
  let debut = 0;
  for (const c of [...new Set(coupures)].sort((a, b) => a - b)) {
    r.push(...lecteur.ajouter(texte.slice(debut, c)));
    debut = c;
  }
  r.push(...lecteur.ajouter(texte.slice(debut)));
  r.push(...lecteur.finir());
  return r;
}

describe('lecture en flux d’une liste de SIRET en CSV (POST /api/v1/rattachement/lot)', () => {
  const A = '73282932000074';
  const B = '73282932000082';

  it('lit comme la lecture d’un seul tenant : en-tête, BOM, CRLF, guillemets, colonnes, lignes vides', () => {
    const texte = `\uFEFFsiret;nom\r\n"${A}";X\r\n\r\n ${B} ,Y\n1234\nabc`;
    expect(siretsDepuisCsv(texte)).toEqual([A, B, '1234', 'abc']);
    expect(lireEnMorceaux(texte, [])).toEqual([A, B, '1234', 'abc']);
    // Cut inside the BOM's line, inside CRLF, inside a SIRET, at each character.
    for (let i = 0; i <= texte.length; i++)
      expect(lireEnMorceaux(texte, [i])).toEqual([A, B, '1234', 'abc']);
  });

  it('donne la même liste quel que soit le découpage (propriété)', () => {
    const ligne = fc.oneof(
      fc.constantFrom(A, B, `"${A}"`, `${B};x`, 'siret', '', ' 1234 ', 'abc,def', '\r'),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.array(ligne, { maxLength: 30 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (lignes, finale, coupures) => {
          const texte = lignes.join('\n') + (finale ? '\n' : '');
          const positions = coupures.map((c) => (texte.length === 0 ? 0 : c % (texte.length + 1)));
          expect(lireEnMorceaux(texte, positions)).toEqual(siretsDepuisCsv(texte));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuse une ligne démesurée, même reçue en petits morceaux', () => {
    const lecteur = new LecteurSiretsCsv();
    expect(() => {
      for (let i = 0; i < 100; i++) lecteur.ajouter('x'.repeat(1000));
    }).toThrow(ErreurLigneTropLongue);
  });

  it('garde une longue liste sans une chaîne par SIRET et la rend telle quelle, dans l’ordre', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.stringMatching(/^[0-9]{14}$/),
            fc.constantFrom('00000000000000', '1234', ' 73282932000074', 'abc'),
            fc.string({ maxLength: 16 }),
          ),
          { maxLength: 3000 },
        ),
        (sirets) => {
          const l = new ListeSirets();
          for (const s of sirets) l.ajouter(s);
          expect(l.taille).toBe(sirets.length);
          expect([...l]).toEqual(sirets);
        },
      ),
      { numRuns: 50 },
    );
  });
});
