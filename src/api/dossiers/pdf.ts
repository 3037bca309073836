import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Cerfa } from '../../domaine/dossiers/index.ts';
import { libelleChamp } from '../../partage/libelles.ts';
import { listesCerfa, type NomListe } from '../../partage/listes-cerfa.ts';

/**
 * « Imprimer le CERFA » : the contract as deposited, as an A4 PDF written with pdf-lib — a clean
 * document laid out by CERFA sections (the form's number in the title, every field under its
 * section with its CERFA label and, for coded fields, the code's label). It is not the official
 * Cerfa form filled in: the platform does not ship the official PDF (docs/dossiers.md).
 */

/** One line of the printed document: a title, a section heading, or a field and its value. */
export type LignePdf =
  | { genre: 'titre'; texte: string }
  | { genre: 'note'; texte: string }
  | { genre: 'section'; texte: string }
  | { genre: 'champ'; libelle: string; valeur: string };

const [L, H, MARGE] = [595.28, 841.89, 42];
const GRIS = rgb(0.35, 0.35, 0.35);
const BANDEAU = rgb(0.9, 0.92, 0.96);

/** The text with the characters the standard font cannot encode (WinAnsi) replaced by « ? ». */
function encodable(police: PDFFont, texte: string): string {
  const jeu = new Set(police.getCharacterSet());
  return [...texte.replace(/\s+/g, ' ')]
    .map((ch) => (jeu.has(ch.codePointAt(0) ?? 0) ? ch : '?'))
    .join('');
}

/** Cuts a text into lines no wider than `largeur` at `taille` (words kept whole when possible). */
function couper(police: PDFFont, texte: string, taille: number, largeur: number): string[] {
  const r: string[] = [];
  let ligne = '';
  for (const mot of texte.split(' ')) {
    const essai = ligne ? `${ligne} ${mot}` : mot;
    if (police.widthOfTextAtSize(essai, taille) <= largeur) ligne = essai;
    else {
      if (ligne) r.push(ligne);
      let m = mot;
      while (police.widthOfTextAtSize(m, taille) > largeur && m.length > 1) {
        let i = m.length - 1;
        while (i > 1 && police.widthOfTextAtSize(m.slice(0, i), taille) > largeur) i--;
        r.push(m.slice(0, i));
        m = m.slice(i);
      }
      ligne = m;
    }
  }
  r.push(ligne);
  return r;
}

/** The PDF of the printed CERFA (pdf-lib, Helvetica, A4), with its title in the metadata. */
export async function pdfCerfa(
  lignes: readonly LignePdf[],
  meta: { titre: string; sujet: string; motsCles: string[]; pied: string },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const normale = await doc.embedFont(StandardFonts.Helvetica);
  const grasse = await doc.embedFont(StandardFonts.HelveticaBold);
  doc.setTitle(encodable(normale, meta.titre));
  doc.setSubject(encodable(normale, meta.sujet));
  doc.setKeywords(meta.motsCles.map((k) => encodable(normale, k)));
  doc.setProducer('Plateforme OPCO (pdf-lib)');
  doc.setCreator('Plateforme OPCO');
  doc.setLanguage('fr-FR');

  const pages: PDFPage[] = [];
  let page = doc.addPage([L, H]);
  pages.push(page);
  let y = H - MARGE;
  const place = (h: number) => {
    if (y - h < MARGE + 14) {
      page = doc.addPage([L, H]);
      pages.push(page);
      y = H - MARGE;
    }
  };
  const largeur = L - 2 * MARGE;
  const colLibelle = largeur * 0.46;
  const colValeur = largeur - colLibelle - 8;

  for (const l of lignes) {
    if (l.genre === 'titre' || l.genre === 'note') {
      const [police, taille] = l.genre === 'titre' ? [grasse, 14] : [normale, 8];
      for (const t of couper(police, encodable(police, l.texte), taille, largeur)) {
        place(taille + 4);
        y -= taille + 4;
        page.drawText(t, {
          x: MARGE,
          y,
          size: taille,
          font: police,
          color: l.genre === 'note' ? GRIS : rgb(0, 0, 0),
        });
      }
      if (l.genre === 'titre') y -= 4;
    } else if (l.genre === 'section') {
      place(40);
      y -= 10;
      page.drawRectangle({ x: MARGE, y: y - 16, width: largeur, height: 16, color: BANDEAU });
      page.drawText(encodable(grasse, l.texte), {
        x: MARGE + 4,
        y: y - 12,
        size: 10,
        font: grasse,
      });
      y -= 20;
    } else {
      const libs = couper(normale, encodable(normale, l.libelle), 8, colLibelle);
      const vals = couper(grasse, encodable(grasse, l.valeur), 9, colValeur);
      const h = Math.max(libs.length * 10, vals.length * 11) + 3;
      place(h);
      libs.forEach((t, i) =>
        page.drawText(t, { x: MARGE + 4, y: y - 9 - i * 10, size: 8, font: normale, color: GRIS }),
      );
      vals.forEach((t, i) =>
        page.drawText(t, { x: MARGE + colLibelle + 8, y: y - 9 - i * 11, size: 9, font: grasse }),
      );
      y -= h;
      page.drawLine({
        start: { x: MARGE, y: y + 1 },
        end: { x: L - MARGE, y: y + 1 },
        thickness: 0.3,
        color: rgb(0.8, 0.8, 0.8),
      });
    }
  }
  pages.forEach((p, i) => {
    const pied = encodable(normale, `${meta.pied} — page ${i + 1} / ${pages.length}`);
    p.drawText(pied, { x: MARGE, y: 24, size: 7, font: normale, color: GRIS });
  });
  return doc.save({ useObjectStreams: false });
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

/** The title of the printed CERFA of a form. */
export function titreCerfa(formulaire: Cerfa['formulaire']): string {
  return formulaire === 'FA13'
    ? "CONTRAT D'APPRENTISSAGE — CERFA FA13 (n° 10103*14)"
    : 'CONTRAT DE PROFESSIONNALISATION — CERFA EJ20 (n° 12434)';
}

/** The lines of the printed CERFA: sections in form order, labelled fields. */
export function lignesCerfa(cerfa: Cerfa, entete: readonly string[]): LignePdf[] {
  const l: LignePdf[] = [{ genre: 'titre', texte: titreCerfa(cerfa.formulaire) }];
  for (const e of entete) l.push({ genre: 'note', texte: e });
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
      l.push({ genre: 'section', texte: s });
    }
    l.push({
      genre: 'champ',
      libelle: `${nom}${rang ? ` (${Number(rang[1]) + 1})` : ''}`,
      valeur: valeurLisible(chemin, v, cerfa.formulaire),
    });
  }
  return l;
}
