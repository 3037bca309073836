import { readdirSync, readFileSync } from 'node:fs';
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

/** Adapter: reads the parameter files of a folder for the engine's loader. */
export function lecteurDossier(dossier: string = dossierParametres): LecteurDroit {
  return {
    fichiers() {
      return readdirSync(dossier, { recursive: true, encoding: 'utf8' })
        .map((f) => f.split(path.sep).join('/'))
        .filter((f) => f.endsWith('.yaml') && !f.endsWith('index.yaml'));
    },
    lire(chemin) {
      return readFileSync(path.join(dossier, chemin), 'utf8');
    },
  };
}
