import type { Cerfa } from '../../domaine/dossiers/index.ts';
import { libelleChamp } from '../../partage/libelles.ts';
import { listesCerfa, type NomListe } from '../../partage/listes-cerfa.ts';

/**
 * « Imprimer le CERFA » : the contract as deposited, as a PDF (A4, Helvetica, WinAnsi), every
 * field under its CERFA section with its label and, for coded fields, the code's label. A small
 * hand-written PDF 1.4 writer: text only, ASCII output (accents escaped), no dependency.
 */

export interface LignePdf {
  texte: string;
  gras?: boolean;
  taille?: number;
}

const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  Œ: 0x8c,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
  œ: 0x9c,
  Ÿ: 0x9f,
};

/** A PDF string literal in WinAnsi (characters outside it become « ? »). */
function chaine(s: string): string {
  let r = '';
  for (const ch of s) {
    const code = WIN_ANSI[ch] ?? ch.codePointAt(0) ?? 63;
    const b = code <= 0xff ? code : 63;
    if (b === 0x28 || b === 0x29 || b === 0x5c) r += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) r += `\\${b.toString(8).padStart(3, '0')}`;
    else r += String.fromCharCode(b);
  }
  return `(${r})`;
}

/** Cuts a line to the page width (approximate Helvetica width: 0.5 em per character). */
function couper(l: LignePdf, largeur: number): LignePdf[] {
  const taille = l.taille ?? 9;
  const max = Math.max(20, Math.floor(largeur / (taille * 0.5)));
  const r: LignePdf[] = [];
  let reste = l.texte;
  while (reste.length > max) {
    let i = reste.lastIndexOf(' ', max);
    if (i <= 0) i = max;
    r.push({ ...l, texte: reste.slice(0, i) });
    reste = reste.slice(i).trimStart();
  }
  r.push({ ...l, texte: reste });
  return r;
}

/** The PDF as a string of ASCII characters only (non-ASCII text is escaped in octal). */
export function pdfTexte(lignes: readonly LignePdf[]): string {
  const [L, H, marge] = [595, 842, 50];
  const toutes = lignes.flatMap((l) => couper(l, L - 2 * marge));
  const pages: LignePdf[][] = [[]];
  let y = H - marge;
  for (const l of toutes) {
    const pas = (l.taille ?? 9) + 4;
    if (y - pas < marge) {
      pages.push([]);
      y = H - marge;
    }
    y -= pas;
    pages[pages.length - 1]?.push(l);
  }
  const objets: string[] = [];
  const n = pages.length;
  // 1 catalog, 2 pages, 3 regular font, 4 bold font, then (page, content) per page.
  objets.push('<< /Type /Catalog /Pages 2 0 R >>');
  objets.push(
    `<< /Type /Pages /Count ${n} /Kids [${pages.map((_, i) => `${5 + 2 * i} 0 R`).join(' ')}] >>`,
  );
  objets.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objets.push(
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
  );
  pages.forEach((p, i) => {
    let flux = 'BT\n';
    let yy = H - marge;
    for (const l of p) {
      const taille = l.taille ?? 9;
      yy -= taille + 4;
      flux += `/${l.gras ? 'F2' : 'F1'} ${taille} Tf 1 0 0 1 ${marge} ${yy} Tm ${chaine(l.texte)} Tj\n`;
    }
    flux += `ET\n1 0 0 1 0 0 cm BT /F1 7 Tf 1 0 0 1 ${L - marge - 40} 30 Tm ${chaine(`${i + 1} / ${n}`)} Tj ET\n`;
    objets.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${L} ${H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + 2 * i} 0 R >>`,
    );
    objets.push(`<< /Length ${flux.length} >>\nstream\n${flux}endstream`);
  });
  let sortie = '%PDF-1.4\n';
  const positions: number[] = [];
  objets.forEach((o, i) => {
    positions.push(sortie.length);
    sortie += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = sortie.length;
  sortie += `xref\n0 ${objets.length + 1}\n0000000000 65535 f \n`;
  for (const p of positions) sortie += `${String(p).padStart(10, '0')} 00000 n \n`;
  sortie += `trailer\n<< /Size ${objets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return sortie;
}

/** Which code list a field's value belongs to (by the last part of its path). */
const listeDuChamp: Record<string, NomListe> = {
  typeEmployeur: 'typeEmployeur',
  employeurSpecifique: 'employeurSpecifique',
  nationalite: 'nationalite',
  regimeSocial: 'regimeSocial',
  situationAvantContrat: 'situationAvantContrat',
  dernierDiplome: 'diplome',
  diplomePrepare: 'diplome',
  derniereClasse: 'derniereClasse',
  niveauDiplome: 'niveauDiplomeMaitre',
  modeContractuel: 'modeContractuel',
  typeDerogation: 'typeDerogation',
  causeDerogationAge: 'causeDerogationAge',
  motifRupture: 'motifRupture',
  sexe: 'sexe',
  typeQualification: 'typeQualification',
  public: 'publicProfessionnalisation',
  nature: 'natureContratProfessionnalisation',
};

function valeurLisible(chemin: string, v: unknown, formulaire: string): string {
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  const s = String(v);
  const cle = chemin.split('.').at(-1) ?? '';
  const liste =
    cle === 'typeContrat'
      ? formulaire === 'FA13'
        ? 'typeContratApprentissage'
        : 'typeContratProfessionnalisation'
      : listeDuChamp[cle];
  const libelle = liste ? listesCerfa[liste].codes[s] : undefined;
  return libelle ? `${s} — ${libelle}` : s;
}

function aplatir(o: unknown, chemin: string, r: [string, unknown][]): void {
  if (Array.isArray(o)) o.forEach((x, i) => aplatir(x, `${chemin}.${i}`, r));
  else if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) aplatir(v, chemin ? `${chemin}.${k}` : k, r);
  else if (o !== undefined && o !== null) r.push([chemin, o]);
}

/** The lines of the printed CERFA: sections in form order, labelled fields. */
export function lignesCerfa(cerfa: Cerfa, entete: readonly string[]): LignePdf[] {
  const titre =
    cerfa.formulaire === 'FA13'
      ? "CONTRAT D'APPRENTISSAGE — CERFA FA13 (n° 10103*14)"
      : 'CONTRAT DE PROFESSIONNALISATION — CERFA EJ20 (n° 12434)';
  const l: LignePdf[] = [{ texte: titre, gras: true, taille: 13 }];
  for (const e of entete) l.push({ texte: e, taille: 8 });
  const champs: [string, unknown][] = [];
  aplatir(cerfa, '', champs);
  let section = '';
  for (const [chemin, v] of champs) {
    if (chemin === 'formulaire') continue;
    const libelle = libelleChamp(chemin) ?? chemin;
    const i = libelle.indexOf(' — ');
    const s = i >= 0 ? libelle.slice(0, i) : 'DOSSIER';
    const nom = i >= 0 ? libelle.slice(i + 3) : libelle;
    const rang = /\.(\d+)\./.exec(chemin);
    if (s !== section) {
      section = s;
      l.push({ texte: '', taille: 6 }, { texte: s, gras: true, taille: 11 });
    }
    l.push({
      texte: `${nom}${rang ? ` (${Number(rang[1]) + 1})` : ''} : ${valeurLisible(chemin, v, cerfa.formulaire)}`,
    });
  }
  return l;
}
