import { cleSiretValeurValide, valeurSiretRapide, verifierSiret } from '../entreprise/index.ts';
import { IDCC_ECHAPPEMENT } from './idcc.ts';
import { IDCC_ABSENT } from './index-siro.ts';
import { choisirMillesime, type Rattacheur } from './rattacheur.ts';

export type FormatLot = 'csv' | 'ndjson';

export const ENTETE_LOT_CSV =
  'siret,statut,opco_code,opco_nom,opco_gestion_code,idcc,millesime,demo,probleme';

function csv(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const encodeur = new TextEncoder();
const octets = (s: string) => encodeur.encode(s);

/** Size of the chunks yielded (bytes). */
const TAILLE_MORCEAU = 1 << 16;
/** Longest row written by the fast path (bytes), to know when to start a new chunk. */
const MARGE = 1024;

/**
 * Bulk attachment of a list of SIRET, as UTF-8 chunks (CSV with header, or NDJSON), one row per
 * input in the same order. Status per row as for a single SIRET (`trouve`, `siret_inconnu`,
 * `idcc_echappement`, `sans_opco`), plus `siret_invalide` (with the problem) for a malformed
 * SIRET: one bad line does not reject the whole list. Rows are assembled from pre-encoded
 * fragments straight into byte buffers (no string per row): the goal is > 1 million SIRET/s.
 */
export function* rattacherLot(
  r: Rattacheur,
  sirets: Iterable<string> | ListeSirets,
  date: string | null,
  format: FormatLot,
): Generator<Uint8Array> {
  const m = choisirMillesime(r.ref.siro, date);
  const millesime = m ? m.source.millesime : '';
  const demo = m ? String(m.source.demo) : 'false';
  const enCsv = format === 'csv';
  // Fragments that depend only on the status, the OPCO or the IDCC are encoded once.
  const statuts = new Map<string, Uint8Array>();
  const fragStatut = (s: string) => {
    let f = statuts.get(s);
    if (!f) {
      f = octets(enCsv ? `,${s},` : `","statut":"${s}","opco":`);
      statuts.set(s, f);
    }
    return f;
  };
  const TROUVE = fragStatut('trouve');
  const INCONNU = fragStatut('siret_inconnu');
  const ECHAPPEMENT = fragStatut('idcc_echappement');
  const SANS = fragStatut('sans_opco');
  const opcoFrag: Uint8Array[] = [];
  const gestionFrag: Uint8Array[] = [];
  opcoFrag[0] = octets(enCsv ? ',,' : 'null,"opcoGestion":');
  gestionFrag[0] = octets(enCsv ? ',' : 'null,"idcc":');
  for (const o of r.ref.opcos.values()) {
    const n = Number(o.code);
    const json = JSON.stringify({ code: o.code, nom: o.nom });
    opcoFrag[n] = octets(enCsv ? `${o.code},${csv(o.nom)},` : `${json},"opcoGestion":`);
    gestionFrag[n] = octets(enCsv ? `${o.code},` : `${json},"idcc":`);
  }
  const idccFrag: Uint8Array[] = [];
  const fragIdcc = (d: number) =>
    (idccFrag[d] ??= octets(
      d === IDCC_ABSENT
        ? enCsv
          ? ''
          : 'null'
        : enCsv
          ? String(d).padStart(4, '0')
          : `"${String(d).padStart(4, '0')}"`,
    ));
  const echappement = new Set([...IDCC_ECHAPPEMENT].map(Number));
  const fin = octets(
    enCsv
      ? `,${millesime},${demo},\n`
      : `,"millesime":${millesime ? `"${millesime}"` : 'null'},"demo":${demo}}\n`,
  );
  const debutJson = octets('{"siret":"');
  const index = m?.index ?? null;

  let buf = new Uint8Array(TAILLE_MORCEAU);
  let pos = 0;
  const copier = (f: Uint8Array) => {
    for (let i = 0; i < f.length; i++) buf[pos++] = f[i] ?? 0;
  };
  if (enCsv) copier(octets(`${ENTETE_LOT_CSV}\n`));

  // A ListeSirets (a request body) is read by position: its 14-digit SIRET are numbers, written
  // digit by digit without a string per row; any other list is read as text.
  const liste = sirets instanceof ListeSirets ? sirets : null;
  const iterateur = liste ? null : sirets[Symbol.iterator]();
  for (let k = 0; ; k++) {
    let valeur: number;
    let brut: string;
    if (liste) {
      if (k >= liste.taille) break;
      valeur = liste.valeurA(k);
      if (valeur >= 0 && cleSiretValeurValide(valeur)) brut = '';
      else {
        brut = liste.texteA(k);
        valeur = -1;
      }
    } else {
      const suivant = iterateur?.next();
      if (!suivant || suivant.done) break;
      brut = suivant.value;
      valeur = valeurSiretRapide(brut);
    }
    if (pos > TAILLE_MORCEAU - MARGE) {
      yield buf.subarray(0, pos);
      buf = new Uint8Array(TAILLE_MORCEAU);
      pos = 0;
    }
    if (valeur < 0) {
      const v = verifierSiret(brut);
      if (!v.ok) {
        // Written straight into the chunk (UTF-8: at most 3 bytes per UTF-16 unit).
        const ligne = ligneInvalide(enCsv, brut, v.probleme, millesime, demo);
        if (pos + ligne.length * 3 > buf.length) {
          if (pos > 0) yield buf.subarray(0, pos);
          buf = new Uint8Array(Math.max(TAILLE_MORCEAU, ligne.length * 3));
          pos = 0;
        }
        pos += encodeur.encodeInto(ligne, buf.subarray(pos)).written;
        continue;
      }
      valeur = Number(v.valeur); // e.g. written with spaces
    }
    const i = index ? index.position(valeur) : -1;
    let statut = INCONNU;
    let p = 0;
    let g = 0;
    let d = IDCC_ABSENT;
    if (i >= 0 && index) {
      const a = index.attributsA(i);
      d = a >>> 16;
      p = (a >>> 8) & 0xff;
      g = a & 0xff;
      if (g === p) g = 0;
      statut = d !== IDCC_ABSENT && echappement.has(d) ? ECHAPPEMENT : p !== 0 ? TROUVE : SANS;
    }
    if (!enCsv) copier(debutJson);
    // The 14 digits of the value, leading zeros included.
    let reste = valeur;
    for (let c = 13; c >= 0; c--) {
      const chiffre = reste % 10;
      buf[pos + c] = 48 + chiffre;
      reste = (reste - chiffre) / 10;
    }
    pos += 14;
    copier(statut);
    copier(opcoFrag[p] ?? (opcoFrag[0] as Uint8Array));
    copier(gestionFrag[g] ?? (gestionFrag[0] as Uint8Array));
    copier(fragIdcc(d));
    copier(fin);
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

function ligneInvalide(
  enCsv: boolean,
  brut: string,
  probleme: string,
  millesime: string,
  demo: string,
): string {
  if (enCsv) return `${csv(brut)},siret_invalide,,,,,${millesime},${demo},${csv(probleme)}\n`;
  return `${JSON.stringify({ siret: brut, statut: 'siret_invalide', probleme, millesime: millesime || null, demo: demo === 'true' })}\n`;
}

/** Reads a list of SIRET from CSV text: one per line, first column; a header row is skipped. */
export function siretsDepuisCsv(texte: string): string[] {
  const r: string[] = [];
  for (const tranche of siretsDepuisCsvParTranches(texte)) for (const s of tranche) r.push(s);
  return r;
}

/**
 * The SIRET of one CSV line `texte[debut, fin)` (without its \n): the first column (up to the
 * first , ; or tab), trimmed and unquoted; null for an empty line or, on the first line, a header
 * ("siret").
 */
function siretDeLigne(texte: string, debut: number, fin: number, premiere: boolean): string | null {
  let finLigne = fin > debut && texte.charCodeAt(fin - 1) === 13 ? fin - 1 : fin;
  for (let c = debut; c < finLigne; c++) {
    const code = texte.charCodeAt(c);
    if (code === 44 || code === 59 || code === 9) {
      finLigne = c;
      break;
    }
  }
  let v = texte.slice(debut, finLigne).trim();
  if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).trim();
  return v !== '' && !(premiere && /[a-z]/i.test(v)) ? v : null;
}

/**
 * The same reading, `tailleTranche` lines at a time, without splitting the whole text first:
 * the server hands the event loop back between slices (src/api/flux.ts), so that a
 * million-line list never blocks other requests for long.
 */
export function* siretsDepuisCsvParTranches(
  texte: string,
  tailleTranche = 5_000,
): Generator<string[]> {
  let debut = texte.charCodeAt(0) === 0xfeff ? 1 : 0;
  let k = 0;
  let tranche: string[] = [];
  while (debut <= texte.length) {
    let fin = texte.indexOf('\n', debut);
    if (fin < 0) fin = texte.length;
    const v = siretDeLigne(texte, debut, fin, k === 0);
    if (v !== null) tranche.push(v);
    k++;
    debut = fin + 1;
    if (tranche.length >= tailleTranche) {
      yield tranche;
      tranche = [];
    }
  }
  if (tranche.length > 0) yield tranche;
}

/** Longest CSV line read (characters): a SIRET list has short lines; this bounds the memory. */
export const LIGNE_CSV_MAX = 64 * 1024;

/**
 * The same reading over text arriving in pieces (a request body read as it comes): `ajouter`
 * returns the SIRET of the lines each piece completes, `finir` the last line's. Only the new piece
 * is scanned, so a long body costs linear time whatever its cutting.
 */
export class LecteurSiretsCsv {
  private reste = '';
  private ligne = 0;
  private debutFlux = true;

  ajouter(morceau: string): string[] {
    let m = morceau;
    if (this.debutFlux && m.length > 0) {
      if (m.charCodeAt(0) === 0xfeff) m = m.slice(1);
      this.debutFlux = false;
    }
    const r: string[] = [];
    let fin = m.indexOf('\n');
    if (fin < 0) {
      this.reste += m;
      this.verifierLongueur();
      return r;
    }
    // The line begun in an earlier piece.
    const premiere = this.reste + m.slice(0, fin);
    this.reste = '';
    this.lire(r, premiere, 0, premiere.length);
    let debut = fin + 1;
    while ((fin = m.indexOf('\n', debut)) >= 0) {
      this.lire(r, m, debut, fin);
      debut = fin + 1;
    }
    this.reste = m.slice(debut);
    this.verifierLongueur();
    return r;
  }

  finir(): string[] {
    const r: string[] = [];
    this.lire(r, this.reste, 0, this.reste.length);
    this.reste = '';
    return r;
  }

  private lire(r: string[], texte: string, debut: number, fin: number) {
    if (fin - debut > LIGNE_CSV_MAX) throw new ErreurLigneTropLongue(this.ligne + 1);
    const v = siretDeLigne(texte, debut, fin, this.ligne === 0);
    if (v !== null) r.push(v);
    this.ligne++;
  }

  private verifierLongueur() {
    if (this.reste.length > LIGNE_CSV_MAX) throw new ErreurLigneTropLongue(this.ligne + 1);
  }
}

/** A CSV line longer than LIGNE_CSV_MAX (its 1-based number). */
export class ErreurLigneTropLongue extends Error {
  constructor(readonly ligne: number) {
    super(`ligne ${ligne} : plus de ${LIGNE_CSV_MAX} caractères`);
    this.name = 'ErreurLigneTropLongue';
  }
}

/**
 * A long list of SIRET as read from a request (up to a million): the 14-digit ones (nearly all)
 * as numbers in a typed array, any other text kept as it is. A million JavaScript strings kept
 * alive while the body is read made each young-generation GC copy them (pauses of 50–100 ms);
 * here the strings given back one by one by the iteration die young.
 */
export class ListeSirets implements Iterable<string> {
  private valeurs = new Float64Array(1024);
  private autres = new Map<number, string>();
  taille = 0;

  ajouter(s: string): void {
    if (this.taille === this.valeurs.length) {
      const v = new Float64Array(this.valeurs.length * 2);
      v.set(this.valeurs);
      this.valeurs = v;
    }
    if (/^[0-9]{14}$/.test(s)) this.valeurs[this.taille] = Number(s);
    else {
      this.valeurs[this.taille] = -1;
      this.autres.set(this.taille, s);
    }
    this.taille++;
  }

  /** The value of the i-th SIRET when it is 14 digits, else -1. */
  valeurA(i: number): number {
    return this.valeurs[i] ?? -1;
  }

  /** The i-th SIRET as it was given. */
  texteA(i: number): string {
    const v = this.valeurs[i] ?? -1;
    return v >= 0 ? String(v).padStart(14, '0') : (this.autres.get(i) ?? '');
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.taille; i++) yield this.texteA(i);
  }
}
