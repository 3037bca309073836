import { lecteurDossier } from '../../src/droit/lecteur-dossier.ts';
import { portVersionsDepuisJson } from '../../src/droit/versions-articles.ts';
import { creerMoteur, type Moteur } from '../../src/moteur/index.ts';
import { dossierDonnees } from './base.ts';

let moteur: Moteur | undefined;

/** The engine with the real law data and the article versions of ../shared/data, built once. */
export function moteurDeTest(): Moteur {
  moteur ??= creerMoteur({ lecteur: lecteurDossier() }, portVersionsDepuisJson(dossierDonnees));
  return moteur;
}
