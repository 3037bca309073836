import { describe, expect, it } from 'vitest';
import { libelleChamp, messageChamp } from '../../src/partage/libelles.ts';
import { date, de, euros, nombre, phrase, pourcent } from '../../src/web/format.ts';
import { structurer } from '../../src/web/pages/textes/structure.ts';

describe('formats français de l’interface', () => {
  it('écrit nombres, montants, parts et dates à la française', () => {
    expect(nombre(253637)).toBe('253\u202f637');
    expect(euros(6610)).toBe('6\u202f610,00\u00a0€');
    expect(pourcent(0.8)).toBe('80\u00a0%');
    expect(date('2025-07-01')).toBe('01/07/2025');
  });

  it('élide « de » devant une voyelle et remet en forme les phrases du serveur', () => {
    expect(de('ATLAS')).toBe("d'ATLAS");
    expect(de('OPCO2I')).toBe("d'OPCO2I");
    expect(de('AKTO')).toBe("d'AKTO");
    expect(de('CONSTRUCTYS')).toBe('de CONSTRUCTYS');
    expect(
      phrase(
        'Ils relèvent de ATLAS. Table en vigueur le 2026-06-01 : les 12345 établissement(s), ATLAS (253637).',
      ),
    ).toBe(
      "Ils relèvent d'ATLAS. Table en vigueur le 01/06/2026 : les 12\u202f345 établissements, ATLAS (253\u202f637).",
    );
    expect(phrase('1 établissement(s) du SIREN 901202002')).toBe(
      '1 établissement du SIREN 901202002',
    );
    // Identifiers are left alone: a SIRET, an IDCC, a vintage.
    expect(phrase('SIRET 73282932000074, IDCC 1486, millésime 2026-06')).toBe(
      'SIRET 73282932000074, IDCC 1486, millésime 2026-06',
    );
  });

  it('nomme un champ par son libellé', () => {
    expect(libelleChamp('body.dateFin')).toBe('Date de fin prévue');
    expect(libelleChamp('body.fraisAnnexes.nuitees')).toBe('Nombre de nuitées');
    expect(libelleChamp('query.siret')).toBe('SIRET');
    expect(messageChamp('body.inconnu', 'invalide')).toBe('body.inconnu : invalide');
  });
});

describe('structure du texte d’un article', () => {
  it('découpe aux marqueurs I., 1°, a) et ignore les renvois « aux 1° à 3° »', () => {
    const blocs = structurer(
      "I.-Pour les actions mentionnées aux 1° à 3° de l'article L. 6313-1 , les parties conviennent : 1° Une avance ; 2° Un solde : a) en fin ; b) sur facture. II. - Le reste.",
    );
    expect(blocs.map((b) => [b.niveau, b.marqueur])).toEqual([
      [0, 'I.'],
      [1, '1°'],
      [1, '2°'],
      [2, 'a)'],
      [2, 'b)'],
      [0, 'II.'],
    ]);
    expect(blocs[0]?.texte).toBe(
      "Pour les actions mentionnées aux 1° à 3° de l'article L. 6313-1, les parties conviennent :",
    );
    expect(blocs[5]?.texte).toBe('Le reste.');
  });

  it('met en retrait les éléments qui suivent une phrase d’introduction', () => {
    const blocs = structurer('Les frais sont pris en charge : 1° Hébergement ; 2° Restauration.');
    expect(blocs.map((b) => [b.niveau, b.marqueur])).toEqual([
      [0, null],
      [1, '1°'],
      [1, '2°'],
    ]);
  });
});
