import type { Kysely } from 'kysely';
import type { Opco } from '../domaine/referentiel/index.ts';
import type { Database } from './schema.ts';

export interface ListeOpcos {
  opcos: Opco[];
  source: { fichier: string; sommeControle: string; importeLe: string };
}

/** The OPCO list with the provenance of its import, or null when none was imported. */
export async function listerOpcos(db: Kysely<Database>): Promise<ListeOpcos | null> {
  const lignes = await db
    .selectFrom('opco')
    .innerJoin('import_meta', 'import_meta.id', 'opco.import_id')
    .select([
      'opco.code',
      'opco.nom',
      'opco.siren',
      'opco.slug',
      'opco.libelle_usuel',
      'opco.code_infere',
      'opco.note_code',
      'import_meta.fichier',
      'import_meta.somme_controle',
      'import_meta.importe_le',
    ])
    .orderBy('opco.code')
    .execute();
  const premiere = lignes[0];
  if (!premiere) return null;
  return {
    opcos: lignes.map((l) => ({
      code: l.code,
      nom: l.nom,
      siren: l.siren,
      slug: l.slug,
      libelleUsuel: l.libelle_usuel,
      codeInfere: l.code_infere,
      noteCode: l.note_code,
    })),
    source: {
      fichier: premiere.fichier,
      sommeControle: premiere.somme_controle,
      importeLe: premiere.importe_le.toISOString(),
    },
  };
}
