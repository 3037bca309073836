import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import type { Base } from '../stockage/db.ts';
import type { Database } from '../stockage/schema.ts';

export interface DescriptionImport {
  source: string;
  fichier: string;
  millesime: string | null;
  sommeControle: string;
}

export interface BilanEcriture {
  lignesLues: number;
  lignesEcrites: number;
  details?: Record<string, unknown>;
}

export interface ResultatImport {
  source: string;
  fichier: string;
  millesime: string | null;
  sommeControle: string;
  importId: number;
  /** `deja_importe`: the same file (same checksum) is already the latest import of that source. */
  statut: 'importe' | 'deja_importe';
  lignesLues: number;
  lignesEcrites: number;
}

export async function sommeControleFichier(fichier: string): Promise<string> {
  const h = createHash('sha256');
  for await (const morceau of createReadStream(fichier)) h.update(morceau as Buffer);
  return `sha256:${h.digest('hex')}`;
}

export function sommeControleTexte(texte: string | Buffer): string {
  return `sha256:${createHash('sha256').update(texte).digest('hex')}`;
}

/**
 * Runs an import all-or-nothing and records its provenance. Idempotent: when the latest
 * successful import of this source has the same checksum, nothing is written. The writer
 * receives the transaction and the new import id (to tag rows with); if it throws, every row
 * it wrote is rolled back, and a failed-import record is kept for the audit trail.
 */
export async function importerAvecProvenance(
  base: Base,
  d: DescriptionImport,
  ecrire: (trx: Transaction<Database>, importId: number) => Promise<BilanEcriture>,
): Promise<ResultatImport> {
  const dernier = await base.db
    .selectFrom('import_meta')
    .selectAll()
    .where('source', '=', d.source)
    .where('statut', '=', 'termine')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const nomFichier = path.basename(d.fichier);
  if (dernier && dernier.somme_controle === d.sommeControle) {
    return {
      source: d.source,
      fichier: dernier.fichier,
      millesime: dernier.millesime,
      sommeControle: dernier.somme_controle,
      importId: dernier.id,
      statut: 'deja_importe',
      lignesLues: dernier.lignes_lues,
      lignesEcrites: dernier.lignes_ecrites,
    };
  }
  try {
    return await base.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('import_meta')
        .values({
          source: d.source,
          fichier: nomFichier,
          millesime: d.millesime,
          somme_controle: d.sommeControle,
          lignes_lues: 0,
          lignes_ecrites: 0,
          statut: 'termine',
          details: JSON.stringify({}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const bilan = await ecrire(trx, id);
      await trx
        .updateTable('import_meta')
        .set({
          lignes_lues: bilan.lignesLues,
          lignes_ecrites: bilan.lignesEcrites,
          details: JSON.stringify(bilan.details ?? {}),
        })
        .where('id', '=', id)
        .execute();
      return {
        source: d.source,
        fichier: nomFichier,
        millesime: d.millesime,
        sommeControle: d.sommeControle,
        importId: id,
        statut: 'importe' as const,
        lignesLues: bilan.lignesLues,
        lignesEcrites: bilan.lignesEcrites,
      };
    });
  } catch (e) {
    await base.db
      .insertInto('import_meta')
      .values({
        source: d.source,
        fichier: nomFichier,
        millesime: d.millesime,
        somme_controle: d.sommeControle,
        lignes_lues: 0,
        lignes_ecrites: 0,
        statut: 'echoue',
        details: JSON.stringify({ erreur: e instanceof Error ? e.message : String(e) }),
      })
      .execute();
    throw e;
  }
}
