import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { ResultatImport } from '../provenance.ts';

export interface OptionsImport {
  /** Loaded at start-up from the data folder's sample: recorded as `demo` in the provenance. */
  demo?: boolean;
}

type Importeur = (
  base: Base,
  fichier: string,
  progression: Progression,
  options?: OptionsImport,
) => Promise<ResultatImport>;

/**
 * Start-up loading of a reference source of training: the data folder's sample (fictitious
 * lines in the official format), marked `demo`, ONLY while the source has never been imported.
 * Once an official file was imported (`opco import <source> <fichier>`), the sample is never
 * loaded again: it can neither replace the official certifications nor add fictitious
 * oppositions to a real list.
 */
export function echantillonSiAbsent(
  source: string,
  fichierReference: string,
  importer: Importeur,
): (
  base: Base,
  progression: Progression,
  dossier: string | undefined,
) => Promise<ResultatImport[] | string> {
  return async (base, progression, dossier) => {
    const deja = await base.db
      .selectFrom('import_meta')
      .select('id')
      .where('source', '=', source)
      .where('statut', '=', 'termine')
      .limit(1)
      .executeTakeFirst();
    if (deja) return [];
    // No data folder: the loader already says so once for every source.
    if (!dossier) return [];
    const fichier = path.join(dossier, fichierReference);
    if (!existsSync(fichier)) return `Source « ${source} » : fichier ${fichier} absent.`;
    return [await importer(base, fichier, progression, { demo: true })];
  };
}
