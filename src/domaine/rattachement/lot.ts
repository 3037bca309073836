import { valeurSiretRapide, verifierSiret } from '../entreprise/index.ts';
import { IDCC_ECHAPPEMENT } from './idcc.ts';
import { IDCC_ABSENT } from './index-siro.ts';
import { choisirMillesime, type Rattacheur } from './rattacheur.ts';

export type FormatLot = 'csv' | 'ndjson';

export const ENTETE_LOT_CSV =
  'siret,statut,opco_code,opco_nom,opco_gestion_code,idcc,millesime,demo,probleme';

function csv(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Bulk attachment of a list of SIRET, as text chunks (CSV with header, or NDJSON), one row per
 * input in the same order. Status per row as for a single SIRET (`trouve`, `siret_inconnu`,
 * `idcc_echappement`, `sans_opco`), plus `siret_invalide` (with the problem) for a malformed
 * SIRET: one bad line does not reject the whole list. Allocation-light: no object per row.
 */
export function* rattacherLot(
  r: Rattacheur,
  sirets: readonly string[],
  date: string | null,
  format: FormatLot,
  tailleMorceau = 8192,
): Generator<string> {
  const m = choisirMillesime(r.ref.siro, date);
  const millesime = m ? m.source.millesime : '';
  const demo = m ? String(m.source.demo) : 'false';
  // Everything that depends only on the OPCO or the IDCC is computed once.
  const codes: string[] = [];
  const nomsCsv: string[] = [];
  const jsonOpco: string[] = [];
  for (const o of r.ref.opcos.values()) {
    const n = Number(o.code);
    codes[n] = o.code;
    nomsCsv[n] = csv(o.nom);
    jsonOpco[n] = JSON.stringify({ code: o.code, nom: o.nom });
  }
  const idccs: string[] = [];
  const idcc4 = (n: number) => (idccs[n] ??= String(n).padStart(4, '0'));
  const echappement = new Set([...IDCC_ECHAPPEMENT].map(Number));
  const finCsv = `,${millesime},${demo},\n`;
  const finJson = `,"millesime":${millesime ? `"${millesime}"` : 'null'},"demo":${demo}}\n`;
  let morceau: string[] = format === 'csv' ? [`${ENTETE_LOT_CSV}\n`] : [];
  const index = m?.index ?? null;
  for (let k = 0; k < sirets.length; k++) {
    const brut = sirets[k] ?? '';
    let valeur = valeurSiretRapide(brut);
    let siret = brut;
    if (valeur < 0) {
      const v = verifierSiret(brut);
      if (!v.ok) {
        morceau.push(ligneInvalide(format, brut, v.probleme, millesime, demo));
        if (morceau.length >= tailleMorceau) {
          yield morceau.join('');
          morceau = [];
        }
        continue;
      }
      siret = v.valeur; // e.g. written with spaces
      valeur = Number(siret);
    }
    const i = index ? index.position(valeur) : -1;
    let statut: string;
    let p = 0;
    let g = 0;
    let d = IDCC_ABSENT;
    if (i < 0 || !index) statut = 'siret_inconnu';
    else {
      p = index.opcoA(i);
      d = index.idccA(i);
      g = index.gestionA(i);
      if (g === p) g = 0;
      if (d !== IDCC_ABSENT && echappement.has(d)) statut = 'idcc_echappement';
      else statut = p !== 0 ? 'trouve' : 'sans_opco';
    }
    const idcc = d !== IDCC_ABSENT ? idcc4(d) : '';
    if (format === 'csv') {
      morceau.push(
        `${siret},${statut},${p ? (codes[p] ?? '') : ''},${p ? (nomsCsv[p] ?? '') : ''},${g ? (codes[g] ?? '') : ''},${idcc}${finCsv}`,
      );
    } else {
      morceau.push(
        `{"siret":"${siret}","statut":"${statut}","opco":${p ? (jsonOpco[p] ?? 'null') : 'null'},"opcoGestion":${g ? (jsonOpco[g] ?? 'null') : 'null'},"idcc":${idcc ? `"${idcc}"` : 'null'}${finJson}`,
      );
    }
    if (morceau.length >= tailleMorceau) {
      yield morceau.join('');
      morceau = [];
    }
  }
  if (morceau.length > 0) yield morceau.join('');
}

function ligneInvalide(
  format: FormatLot,
  brut: string,
  probleme: string,
  millesime: string,
  demo: string,
): string {
  if (format === 'csv')
    return `${csv(brut)},siret_invalide,,,,,${millesime},${demo},${csv(probleme)}\n`;
  return `${JSON.stringify({ siret: brut, statut: 'siret_invalide', probleme, millesime: millesime || null, demo: demo === 'true' })}\n`;
}

/** Reads a list of SIRET from CSV text: one per line, first column; a header row is skipped. */
export function siretsDepuisCsv(texte: string): string[] {
  const lignes = texte.split(/\r?\n/);
  const r: string[] = [];
  for (let k = 0; k < lignes.length; k++) {
    let l = lignes[k] ?? '';
    if (k === 0 && l.charCodeAt(0) === 0xfeff) l = l.slice(1);
    const virgule = l.search(/[,;\t]/);
    let v = (virgule >= 0 ? l.slice(0, virgule) : l).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).trim();
    if (v === '') continue;
    if (k === 0 && /[a-z]/i.test(v)) continue; // header ("siret")
    r.push(v);
  }
  return r;
}
