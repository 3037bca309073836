import ExcelJS from 'exceljs';
import type { EtatStatistiqueFinancier } from '../stockage/finances.depot.ts';

/** A table to export: French column labels and rows of plain values (amounts in euros). */
export interface TableExport {
  nom: string;
  colonnes: readonly { cle: string; libelle: string; euros?: boolean }[];
  lignes: readonly Record<string, string | number | null>[];
}

function celluleCsv(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Euros with two decimals and a dot, from integer cents (exact). */
export function eurosTexte(centimes: number): string {
  const signe = centimes < 0 ? '-' : '';
  const a = Math.abs(centimes);
  return `${signe}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** CSV (RFC 4180, comma, UTF-8 with BOM so that spreadsheet software reads the accents). */
export function versCsv(t: TableExport): string {
  const entete = t.colonnes.map((c) => celluleCsv(c.libelle)).join(',');
  const lignes = t.lignes.map((l) =>
    t.colonnes
      .map((c) => {
        const v = l[c.cle] ?? null;
        return celluleCsv(c.euros && typeof v === 'number' ? eurosTexte(v) : v);
      })
      .join(','),
  );
  return `\ufeff${[entete, ...lignes].join('\r\n')}\r\n`;
}

/** XLSX through exceljs: amounts as numbers in euros with a currency format. */
export async function versXlsx(tables: readonly TableExport[]): Promise<Buffer> {
  const classeur = new ExcelJS.Workbook();
  classeur.creator = 'Plateforme OPCO';
  for (const t of tables) {
    const f = classeur.addWorksheet(t.nom.slice(0, 31));
    f.columns = t.colonnes.map((c) => ({
      header: c.libelle,
      key: c.cle,
      width: Math.max(12, c.libelle.length + 2),
    }));
    for (const l of t.lignes) {
      const ligne: Record<string, string | number | null> = {};
      for (const c of t.colonnes) {
        const v = l[c.cle] ?? null;
        ligne[c.cle] = c.euros && typeof v === 'number' ? v / 100 : v;
      }
      f.addRow(ligne);
    }
    t.colonnes.forEach((c, i) => {
      if (c.euros) f.getColumn(i + 1).numFmt = '#,##0.00 "€"';
    });
    f.getRow(1).font = { bold: true };
  }
  return Buffer.from(await classeur.xlsx.writeBuffer());
}

/** The ESF's tables, for CSV (one) and XLSX (all, with the warning sheet). */
export function tablesEsf(e: EtatStatistiqueFinancier): Record<
  'financier' | 'contrats' | 'beneficiaires',
  TableExport
> & {
  avertissement: TableExport;
} {
  return {
    avertissement: {
      nom: 'Avertissement',
      colonnes: [
        { cle: 'opco', libelle: 'OPCO' },
        { cle: 'annee', libelle: 'Année' },
        { cle: 'texte', libelle: 'Statut de ce document' },
      ],
      lignes: [{ opco: e.opco, annee: e.annee, texte: e.avertissement }],
    },
    financier: {
      nom: 'Produits et charges',
      colonnes: [
        { cle: 'section', libelle: 'Section' },
        { cle: 'origine', libelle: 'Origine des fonds' },
        { cle: 'sens', libelle: 'Produits ou charges' },
        { cle: 'nature', libelle: 'Nature' },
        { cle: 'destination', libelle: 'Destination' },
        { cle: 'montant', libelle: 'Montant (€)', euros: true },
      ],
      lignes: e.financier.map((l) => ({
        section: l.section,
        origine: l.origine,
        sens: l.sens,
        nature: l.nature,
        destination: l.destination,
        montant: l.montantCentimes,
      })),
    },
    contrats: {
      nom: 'Contrats par taille',
      colonnes: [
        { cle: 'dispositif', libelle: 'Dispositif' },
        { cle: 'tranche', libelle: 'Taille de l’entreprise' },
        { cle: 'nombre', libelle: 'Contrats' },
      ],
      lignes: e.contrats.map((l) => ({ ...l })),
    },
    beneficiaires: {
      nom: 'Bénéficiaires',
      colonnes: [
        { cle: 'dispositif', libelle: 'Dispositif' },
        { cle: 'tranche', libelle: 'Âge au début du contrat' },
        { cle: 'sexe', libelle: 'Sexe' },
        { cle: 'nombre', libelle: 'Bénéficiaires' },
      ],
      lignes: e.beneficiaires.map((l) => ({ ...l })),
    },
  };
}
