import { creerMoteur, type Moteur } from '../moteur/index.ts';
import { lecteurDossier } from './lecteur-dossier.ts';
import { portVersionsDepuisJson } from './versions-articles.ts';

const parDossier = new Map<string, Moteur>();

/**
 * The engine with the law of droit/parametres and the article versions of the reference data,
 * built once per data folder (the composition root calls it at start-up).
 */
export function moteurParDefaut(dossierDonnees: string | undefined): Moteur {
  const cle = dossierDonnees ?? '';
  let m = parDossier.get(cle);
  if (!m) {
    m = creerMoteur({ lecteur: lecteurDossier() }, portVersionsDepuisJson(dossierDonnees));
    parDossier.set(cle, m);
  }
  return m;
}
