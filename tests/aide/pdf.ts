import { decodePDFRawStream, PDFArray, PDFRawStream, type PDFDocument, type PDFRef } from 'pdf-lib';

/**
 * The text drawn in a PDF written by pdf-lib (hex strings shown with Tj), pages in order, one
 * string per line separated by « | » (a label and its value read « Label|Value »).
 */
export function texteDuPdf(doc: PDFDocument): string {
  const morceaux: string[] = [];
  for (const page of doc.getPages()) {
    const contenus = page.node.Contents();
    const flux =
      contenus instanceof PDFArray
        ? contenus.asArray().map((x) => doc.context.lookup(x as PDFRef))
        : [contenus];
    for (const f of flux) {
      if (!(f instanceof PDFRawStream)) continue;
      const brut = Buffer.from(decodePDFRawStream(f).decode()).toString('latin1');
      for (const m of brut.matchAll(/<([0-9A-Fa-f]*)> Tj/g))
        morceaux.push(decoderWinAnsi(Buffer.from(m[1] ?? '', 'hex')));
    }
  }
  return morceaux.join('|');
}
const WIN_ANSI: Record<number, string> = { 0x80: '€', 0x92: '’', 0x96: '–', 0x97: '—', 0x85: '…' };
const decoderWinAnsi = (b: Buffer) =>
  [...b].map((o) => WIN_ANSI[o] ?? String.fromCharCode(o)).join('');
