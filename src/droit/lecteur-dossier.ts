import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LecteurDroit } from '../moteur/index.ts';

/** The law folder of the repository (droit/parametres). */
export const dossierParametres = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'droit',
  'parametres',
);

const yamls = (dossier: string): string[] =>
  readdirSync(dossier, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('index.yaml'));

/**
 * Adapter: reads the parameter files of a folder for the engine's loader, and the rule files of
 * the sibling `regles` folder (listed as `../regles/…`) when there is one.
 */
export function lecteurDossier(dossier: string = dossierParametres): LecteurDroit {
  const regles = path.join(dossier, '..', 'regles');
  return {
    fichiers() {
      return [
        ...yamls(dossier),
        ...(existsSync(regles) ? yamls(regles).map((f) => `../regles/${f}`) : []),
      ];
    },
    lire(chemin) {
      return readFileSync(path.join(dossier, chemin), 'utf8');
    },
  };
}
