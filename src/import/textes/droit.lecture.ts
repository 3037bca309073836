import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  indexerCitations,
  type DocumentDroit,
  type GenreCitant,
  type IndexCitations,
} from '../../domaine/textes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';

/** The repository root (where droit/ and tests/droit/ live). */
export const RACINE_DEPOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

const DOSSIERS: readonly [GenreCitant, string][] = [
  ['parametre', path.join('droit', 'parametres')],
  ['regle', path.join('droit', 'regles')],
  ['cas_de_test', path.join('tests', 'droit')],
];

async function fichiersYaml(dossier: string): Promise<string[]> {
  if (!existsSync(dossier)) return [];
  const entrees = await readdir(dossier, { withFileTypes: true, recursive: true });
  return entrees
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads the law data (droit/parametres, droit/regles) and the law tests (tests/droit) under
 * `racine`, every *.yaml file, skipping the folder descriptions (index.yaml). A file that is not
 * valid YAML is an import error naming it.
 */
export async function lireDocumentsDroit(racine: string = RACINE_DEPOT): Promise<DocumentDroit[]> {
  const documents: DocumentDroit[] = [];
  for (const [genre, relatif] of DOSSIERS) {
    const dossier = path.join(racine, relatif);
    for (const fichier of await fichiersYaml(dossier)) {
      if (path.basename(fichier).startsWith('index.')) continue;
      const texte = await readFile(fichier, 'utf8');
      let contenu: unknown;
      try {
        contenu = parse(texte);
      } catch (e) {
        throw new ErreurOpco(
          'ERR_IMPORT_FICHIER_INVALIDE',
          { fichier, ligne: 0, probleme: e instanceof Error ? e.message : String(e) },
          { cause: e },
        );
      }
      const sansExtension = path.relative(dossier, fichier).replace(/\.ya?ml$/, '');
      documents.push({
        genre,
        identifiant: sansExtension.split(path.sep).join('.'),
        fichier: path.relative(racine, fichier).split(path.sep).join('/'),
        contenu,
      });
    }
  }
  return documents;
}

/** « article → parameters, rules and test cases that cite it », from the files under `racine`. */
export async function lireIndexCitations(racine: string = RACINE_DEPOT): Promise<IndexCitations> {
  return indexerCitations(await lireDocumentsDroit(racine));
}
