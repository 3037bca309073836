import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { lignesCerfa, pdfCerfa, titreCerfa } from '../../src/api/dossiers/pdf.ts';
import { texteDuPdf } from '../aide/pdf.ts';
import { ej20 } from './aide.ts';

/** The printed CERFA of a professionalisation contract, read back with pdf-lib. */
describe('CERFA EJ20 imprimé', () => {
  it('titre et numéro du CERFA, rubriques, valeurs codées traduites ; caractère hors WinAnsi remplacé', async () => {
    const cerfa = ej20((s) => {
      s.employeur.denomination = 'Boulangerie Łukasz & fils';
      s.contrat.emploiOccupe = `Vendeur ${'très '.repeat(30)}polyvalent`;
    });
    const octets = await pdfCerfa(lignesCerfa(cerfa, ['Dossier D-1']), {
      titre: titreCerfa('EJ20'),
      sujet: 'Dossier D-1',
      motsCles: ['EJ20', 'D-1'],
      pied: 'Plateforme OPCO — dossier D-1',
    });
    const doc = await PDFDocument.load(octets);
    expect(doc.getTitle()).toBe('CONTRAT DE PROFESSIONNALISATION — CERFA EJ20 (n° 12434)');
    const texte = texteDuPdf(doc);
    expect(texte).toContain('LE SALARIÉ|Nom de naissance|Petit');
    expect(texte).toContain('LE TUTEUR');
    expect(texte).toContain(
      'Contrat à durée déterminée ou indéterminée|CDD — Contrat à durée déterminée',
    );
    expect(texte).toContain('Boulangerie ?ukasz & fils');
    // A long value is cut into several lines, none lost.
    expect(texte.match(/très/g)?.length).toBe(30);
    expect(texte).toContain('Plateforme OPCO — dossier D-1 — page 1 / ');
  });
});
