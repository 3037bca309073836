import ExcelJS from 'exceljs';
import type { EtatStatistiqueFinancier } from '../stockage/finances.depot.ts';

/** A table to export: French column labels and rows of plain values (amounts in euros). */
export interface TableExport {
  nom: string;
  colonnes: readonly { cle: string; libelle: string; euros?: boolean }[];
  lignes: readonly Record<string, string | number | null>[];
}

/** A column of an export that says how to read its value from a row of `T`. */
export interface ColonneDe<T> {
  cle: string;
  libelle: string;
  euros?: boolean;
  valeur: (x: T) => string | number | null;
}

/** A table declared column by column (label and value together): each key is written once. */
export function tableDe<T>(
  nom: string,
  colonnes: readonly ColonneDe<T>[],
  lignes: readonly T[],
): TableExport {
  return {
    nom,
    colonnes: colonnes.map(({ cle, libelle, euros }) =>
      euros ? { cle, libelle, euros } : { cle, libelle },
    ),
    lignes: lignes.map((x) => Object.fromEntries(colonnes.map((c) => [c.cle, c.valeur(x)]))),
  };
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
    avertissement: tableDe(
      'Avertissement',
      [
        { cle: 'opco', libelle: 'OPCO', valeur: (x) => x.opco },
        { cle: 'annee', libelle: 'Année', valeur: (x) => x.annee },
        { cle: 'texte', libelle: 'Statut de ce document', valeur: (x) => x.avertissement },
      ],
      [e],
    ),
    financier: tableDe(
      'Produits et charges',
      [
        { cle: 'section', libelle: 'Section', valeur: (l) => l.section },
        { cle: 'origine', libelle: 'Origine des fonds', valeur: (l) => l.origine },
        { cle: 'sens', libelle: 'Produits ou charges', valeur: (l) => l.sens },
        { cle: 'nature', libelle: 'Nature', valeur: (l) => l.nature },
        { cle: 'destination', libelle: 'Destination', valeur: (l) => l.destination },
        { cle: 'montant', libelle: 'Montant (€)', euros: true, valeur: (l) => l.montantCentimes },
      ],
      e.financier,
    ),
    contrats: tableDe(
      'Contrats par taille',
      [
        { cle: 'dispositif', libelle: 'Dispositif', valeur: (l) => l.dispositif },
        { cle: 'tranche', libelle: 'Taille de l’entreprise', valeur: (l) => l.tranche },
        { cle: 'nombre', libelle: 'Contrats', valeur: (l) => l.nombre },
      ],
      e.contrats,
    ),
    beneficiaires: tableDe(
      'Bénéficiaires',
      [
        { cle: 'dispositif', libelle: 'Dispositif', valeur: (l) => l.dispositif },
        { cle: 'tranche', libelle: 'Âge au début du contrat', valeur: (l) => l.tranche },
        { cle: 'sexe', libelle: 'Sexe', valeur: (l) => l.sexe },
        { cle: 'nombre', libelle: 'Bénéficiaires', valeur: (l) => l.nombre },
      ],
      e.beneficiaires,
    ),
  };
}
