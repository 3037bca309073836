import ExcelJS from 'exceljs';
import type { LigneNpecBrute } from './npec.normalisation.ts';

/** A cell as text (numbers kept as numbers), whatever exceljs made of it. */
export function valeurCellule(v: ExcelJS.CellValue): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date)
    return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, '0')}-${String(v.getUTCDate()).padStart(2, '0')}`;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('result' in v)
    return v.result === undefined ? '' : valeurCellule(v.result as ExcelJS.CellValue);
  if ('text' in v) return String(v.text);
  return '';
}

const COLONNES = {
  rncp: ['Code RNCP', 'RNCP'],
  codeDiplome: ['Code diplôme', 'Code la formation'],
  intitule: ['Libellé de la formation', 'Libellé de la certification'],
  cpneCode: ['Code CPNE'],
  cpneLibelle: ['CPNE', 'Libellé CPNE', 'Intitulé CPNE'],
  idcc: ['Code IDCC', 'IDCC', 'Code(s) IDCC'],
  npec: ['NPEC final', 'Valeur finale'],
  statut: ['Statut'],
  dateApplicabilite: ["Date d'applicabilité"],
} as const;
type Colonne = keyof typeof COLONNES;

export interface FeuilleLue {
  nom: string;
  type: 'npec' | 'cpne_idcc';
  /** 1-based Excel row numbers with the values by column. */
  lignes: { numero: number; v: Partial<Record<Colonne, string | number>> }[];
}

function normaliserEntete(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/[’]/g, "'").trim();
}

/**
 * Reads the sheets of a France compétences NPEC referential (2019-10, 2021 and 2024 shapes): in
 * each sheet, the header is the first of the first 10 rows holding « Code CPNE »; a sheet with
 * « NPEC final » or « Valeur finale » is a referential sheet, one with « IDCC » a CPNE ↔ IDCC sheet.
 * Other sheets (read-me, the « global » matrix) are ignored.
 */
export async function lireClasseurNpec(fichier: string): Promise<FeuilleLue[]> {
  const classeur = new ExcelJS.Workbook();
  await classeur.xlsx.readFile(fichier);
  const feuilles: FeuilleLue[] = [];
  classeur.eachSheet((ws) => {
    let entete: Map<string, number> | null = null;
    let ligneEntete = 0;
    for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
      const cellules = new Map<string, number>();
      ws.getRow(r).eachCell((c, col) => {
        const t = valeurCellule(c.value);
        if (typeof t === 'string' && t.trim()) cellules.set(normaliserEntete(t), col);
      });
      if (cellules.has('Code CPNE')) {
        entete = cellules;
        ligneEntete = r;
        break;
      }
    }
    if (!entete) return;
    const e = entete;
    const colonne = (c: Colonne): number | undefined => {
      for (const nom of COLONNES[c]) {
        const exact = e.get(nom);
        if (exact !== undefined) return exact;
      }
      if (c === 'dateApplicabilite')
        for (const [k, v] of e) if (k.startsWith(COLONNES.dateApplicabilite[0])) return v;
      return undefined;
    };
    const type =
      colonne('npec') !== undefined ? 'npec' : colonne('idcc') !== undefined ? 'cpne_idcc' : null;
    if (!type) return;
    const indices = (Object.keys(COLONNES) as Colonne[])
      .map((c) => [c, colonne(c)] as const)
      .filter((x): x is readonly [Colonne, number] => x[1] !== undefined);
    const lignes: FeuilleLue['lignes'] = [];
    for (let r = ligneEntete + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const v: Partial<Record<Colonne, string | number>> = {};
      let vide = true;
      for (const [c, i] of indices) {
        const x = valeurCellule(row.getCell(i).value);
        if (x !== '') vide = false;
        v[c] = x;
      }
      if (!vide) lignes.push({ numero: r, v });
    }
    feuilles.push({ nom: ws.name, type, lignes });
  });
  return feuilles;
}

export function versLignesBrutes(f: FeuilleLue, version: string): LigneNpecBrute[] {
  const s = (x: string | number | undefined) => (x === undefined ? '' : String(x));
  return f.lignes.map(({ numero, v }) => ({
    numero,
    feuille: 'par_couple',
    version,
    rncp: s(v.rncp),
    codeDiplome: s(v.codeDiplome),
    intitule: s(v.intitule),
    cpneCode: s(v.cpneCode),
    cpneLibelle: s(v.cpneLibelle),
    idcc: s(v.idcc),
    npec: v.npec ?? '',
    statut: s(v.statut),
    dateApplicabilite: s(v.dateApplicabilite),
  }));
}
