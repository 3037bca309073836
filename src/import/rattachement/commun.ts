import { readFile } from 'node:fs/promises';
import { ErreurCsv, parserCsvAvecEntete } from '../../partage/csv.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../stockage/schema.ts';

export type Ligne = { numero: number; valeurs: Record<string, string> };

/** Reads a CSV with a header, turning a parse failure into ERR_IMPORT_FICHIER_INVALIDE. */
export async function lireCsv(
  fichier: string,
  colonnes: readonly string[],
): Promise<{ texte: string; lignes: Ligne[] }> {
  const texte = await readFile(fichier, 'utf8');
  try {
    return { texte, lignes: parserCsvAvecEntete(texte, colonnes) };
  } catch (e) {
    if (e instanceof ErreurCsv) throw refus(fichier, e.ligne, e.probleme);
    throw e;
  }
}

export function refus(fichier: string, ligne: number, probleme: string): ErreurOpco {
  return new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', { fichier, ligne, probleme });
}

/** The vintage 'YYYY-MM' read in a file name such as siro-202606.csv, or null. */
export function millesimeDuNom(fichier: string): string | null {
  const m = /(20[0-9]{2})[-_]?(0[1-9]|1[0-2])(?![0-9])/.exec(fichier.split('/').pop() ?? '');
  return m ? `${m[1]}-${m[2]}` : null;
}

/** OPCO labels of France compétences (fc_label) → two-digit code, from the imported list. */
export async function codesOpcoParLibelle(
  db: Kysely<Database> | Transaction<Database>,
): Promise<Map<string, string>> {
  const opcos = await db.selectFrom('opco').select(['code', 'nom']).execute();
  if (opcos.length === 0)
    throw new ErreurOpco('ERR_DONNEES_ABSENTES', {
      jeu: 'opcos',
      detail: 'importez d’abord la liste des OPCO (« opco import opcos opcos.csv »).',
    });
  return new Map(opcos.map((o) => [o.nom, o.code]));
}

/** Inserts rows by batches (parameter count limits). */
export async function insererParLots<T>(
  lignes: readonly T[],
  taille: number,
  inserer: (lot: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < lignes.length; i += taille) await inserer(lignes.slice(i, i + taille));
}
