import type { Transaction } from 'kysely';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { Database } from '../../stockage/schema.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { importDejaFait, insererParLots, lireCsvSeparateur, type Ligne } from './commun.ts';

/** A table filled from a complete list: each import replaces it. */
export type TableListeComplete = 'opposition_employeur' | 'certification_partenaire';

/** What an importer of a complete list says of its file (see `importerListeComplete`). */
export interface ListeComplete<V> {
  source: string;
  colonnes: readonly string[];
  /**
   * Validates every line before any write (throws `refus` naming the line): the extract date
   * (millesime), the rows to write and the details kept with the provenance.
   */
  lire: (lignes: Ligne[]) => {
    millesime: string | null;
    valeurs: V[];
    details: Record<string, unknown>;
  };
  /** Title of the progress, then its closing line for `n` rows written. */
  libelle: string;
  bilan: (n: number) => string;
  table: TableListeComplete;
  inserer: (trx: Transaction<Database>, lot: V[], importId: number) => Promise<unknown>;
}

/**
 * The skeleton of the importers of a complete list (oppositions, RNCP partners): the CSV `;` is
 * read and its checksum computed; the same file already imported is not imported again
 * (idempotent); every line is validated before any write; then, in one transaction with its
 * provenance row (all or nothing), the table is emptied and filled again by batches of 1000.
 */
export async function importerListeComplete<V>(
  base: Base,
  fichier: string,
  progression: Progression,
  l: ListeComplete<V>,
): Promise<ResultatImport> {
  const { texte, lignes } = await lireCsvSeparateur(fichier, l.colonnes, ';');
  const sommeControle = sommeControleTexte(texte);
  const deja = await importDejaFait(base, l.source, sommeControle);
  if (deja) return deja;
  const { millesime, valeurs, details } = l.lire(lignes);
  progression.debut(l.libelle, valeurs.length);
  const r = await importerAvecProvenance(
    base,
    { source: l.source, fichier, millesime, sommeControle },
    async (trx, importId) => {
      await trx.deleteFrom(l.table).execute();
      await insererParLots(valeurs, 1000, (lot) => l.inserer(trx, lot, importId));
      return { lignesLues: lignes.length, lignesEcrites: valeurs.length, details };
    },
  );
  progression.avance(valeurs.length);
  progression.fin(l.bilan(valeurs.length));
  return r;
}
