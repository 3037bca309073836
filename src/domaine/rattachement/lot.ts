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
  sirets: readonly string[],
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

  for (let k = 0; k < sirets.length; k++) {
    if (pos > TAILLE_MORCEAU - MARGE) {
      yield buf.subarray(0, pos);
      buf = new Uint8Array(TAILLE_MORCEAU);
      pos = 0;
    }
    const brut = sirets[k] ?? '';
    let valeur = valeurSiretRapide(brut);
    let siret = brut;
    if (valeur < 0) {
      const v = verifierSiret(brut);
      if (!v.ok) {
        const ligne = octets(ligneInvalide(enCsv, brut, v.probleme, millesime, demo));
        if (pos + ligne.length > buf.length) {
          yield buf.subarray(0, pos);
          buf = new Uint8Array(Math.max(TAILLE_MORCEAU, ligne.length));
          pos = 0;
        }
        copier(ligne);
        continue;
      }
      siret = v.valeur; // e.g. written with spaces
      valeur = Number(siret);
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
    for (let c = 0; c < 14; c++) buf[pos++] = siret.charCodeAt(c);
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
    let finLigne = fin > debut && texte.charCodeAt(fin - 1) === 13 ? fin - 1 : fin;
    // First column: up to the first , ; or tab.
    for (let c = debut; c < finLigne; c++) {
      const code = texte.charCodeAt(c);
      if (code === 44 || code === 59 || code === 9) {
        finLigne = c;
        break;
      }
    }
    let v = texte.slice(debut, finLigne).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).trim();
    if (v !== '' && !(k === 0 && /[a-z]/i.test(v))) tranche.push(v); // k = 0: header ("siret")
    k++;
    debut = fin + 1;
    if (tranche.length >= tailleTranche) {
      yield tranche;
      tranche = [];
    }
  }
  if (tranche.length > 0) yield tranche;
}
