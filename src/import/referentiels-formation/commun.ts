import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ErreurCsv, parserCsvAvecEntete } from '../../partage/csv.ts';
import type { Base } from '../../stockage/db.ts';
import type { ResultatImport } from '../provenance.ts';
import { refus, type Ligne } from '../rattachement/commun.ts';

export { refus, insererParLots, type Ligne } from '../rattachement/commun.ts';

/** Reads a CSV with a header and the given separator; a parse failure names the line. */
export async function lireCsvSeparateur(
  fichier: string,
  colonnes: readonly string[],
  separateur: string,
): Promise<{ texte: string; lignes: Ligne[] }> {
  const texte = await readFile(fichier, 'utf8');
  return { texte, lignes: parserTexte(fichier, texte, colonnes, separateur) };
}

/**
 * The header line with the expected column names restored in their official case
 * (« certifications.vae » → « certifications.VAE »): publishers have changed the case of a
 * column before, the content is what matters.
 */
function entetAlignee(texte: string, colonnes: readonly string[], separateur: string): string {
  const fin = texte.search(/\r?\n/);
  const entete = fin < 0 ? texte : texte.slice(0, fin);
  const parNom = new Map(colonnes.map((c) => [c.toLowerCase(), c]));
  const alignee = entete
    .split(separateur)
    .map((nom) => {
      const nu = nom.replace(/^\uFEFF/, '').replace(/^"(.*)"$/, '$1');
      const officiel = parNom.get(nu.trim().toLowerCase());
      return officiel && officiel !== nu ? officiel : nom;
    })
    .join(separateur);
  return fin < 0 ? alignee : alignee + texte.slice(fin);
}

export function parserTexte(
  fichier: string,
  texte: string,
  colonnes: readonly string[],
  separateur: string,
): Ligne[] {
  try {
    return parserCsvAvecEntete(entetAlignee(texte, colonnes, separateur), colonnes, separateur);
  } catch (e) {
    if (e instanceof ErreurCsv) throw refus(fichier, e.ligne, e.probleme);
    throw e;
  }
}

/** A real calendar date `YYYY-MM-DD`. */
export function dateValide(d: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(d);
  if (!m) return false;
  const [a, mo, j] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(a, mo - 1, j));
  return t.getUTCFullYear() === a && t.getUTCMonth() === mo - 1 && t.getUTCDate() === j;
}

/** The extract date `YYYY-MM-DD` in a file name (…-2026-11-30.csv, …_2026_11_30.csv, …20261130.csv), or null. */
export function dateDuNom(fichier: string): string | null {
  const m = /(20[0-9]{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12][0-9]|3[01])(?![0-9])/.exec(
    path.basename(fichier),
  );
  if (!m) return null;
  const d = `${m[1]}-${m[2]}-${m[3]}`;
  return dateValide(d) ? d : null;
}

/**
 * A date of the official files: `JJ/MM/AAAA` (RNCP, public list) or `AAAA-MM-JJ`; '' → null;
 * anything else → the problem, for the caller to name the line.
 */
export function lireDate(brut: string): { ok: true; valeur: string | null } | { ok: false } {
  const s = brut.trim();
  if (s === '') return { ok: true, valeur: null };
  const fr = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/.exec(s);
  const iso = fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : s.slice(0, 10);
  if (!fr && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ].*)?$/.test(s)) return { ok: false };
  return dateValide(iso) ? { ok: true, valeur: iso } : { ok: false };
}

/** The day before a `YYYY-MM-DD` date. */
export function veille(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

/**
 * When this very file (same checksum) was already imported successfully for this source — even
 * if a later file was imported since — the import it was: loading the repository's sample again
 * at start-up must never undo a newer file imported by `opco import`.
 */
export async function importDejaFait(
  base: Base,
  source: string,
  sommeControle: string,
): Promise<ResultatImport | null> {
  const r = await base.db
    .selectFrom('import_meta')
    .selectAll()
    .where('source', '=', source)
    .where('statut', '=', 'termine')
    .where('somme_controle', '=', sommeControle)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return null;
  return {
    source,
    fichier: r.fichier,
    millesime: r.millesime,
    sommeControle: r.somme_controle,
    importId: r.id,
    statut: 'deja_importe',
    lignesLues: r.lignes_lues,
    lignesEcrites: r.lignes_ecrites,
  };
}
