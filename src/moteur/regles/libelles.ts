import { iso } from '../dates.ts';
import { FONCTIONS } from '../mecanismes/registre.ts';
import type { PeriodeAnnee } from '../mecanismes/annees-execution.ts';
import type { ChampAnnee, Expr } from './ast.ts';

/**
 * Generic names of the mechanisms, shown on the explanation's computation nodes (what the node
 * does, like publicodes' mechanism names); what a rule means comes from its own description.
 */
const NOMS: Record<string, string> = {
  somme: 'Somme',
  difference: 'Différence',
  produit: 'Produit',
  quotient: 'Quotient',
  minimum: 'Le plus petit de',
  maximum: 'Le plus grand de',
  plafond: 'Dans la limite du plafond',
  plancher: 'Au moins le plancher',
  toutes: 'Toutes ces conditions',
  une_de: 'Une de ces conditions',
  non: 'Non',
  defini: 'Est applicable',
  egal: 'Égal à',
  inferieur: 'Inférieur à',
  inferieur_ou_egal: 'Inférieur ou égal à',
  superieur: 'Supérieur à',
  superieur_ou_egal: 'Supérieur ou égal à',
  variations: 'Selon les conditions',
  premier_defini: 'Première valeur applicable',
  grille: 'Valeur de la grille',
  ajouter_mois: 'Date décalée de mois entiers',
  annees_execution: "Par année d'exécution",
  total_annees: 'Total des montants',
  echeancier: 'Échéancier des versements',
  parametre_au: 'Valeur en vigueur à la date',
  dates_parametre: 'Dates de changement de la valeur',
  periodes: 'Période par période',
};

export function libelleMecanisme(x: Expr): string {
  if (x.k === 'arrondi') return x.unite === '€' ? 'Arrondi au centime' : "Arrondi à l'unité";
  if (x.k === 'fonction') return FONCTIONS[x.nom]?.libelle ?? x.nom;
  const cle = 'op' in x ? x.op : x.k;
  return NOMS[cle] ?? cle;
}

const CHAMPS: Record<ChampAnnee, string> = {
  rang: "Rang de l'année d'exécution",
  du: "Premier jour de l'année d'exécution",
  au: "Dernier jour financé de l'année d'exécution",
  jours: "Jours financés de l'année d'exécution",
  mois_commences: "Mois commencés de l'année d'exécution",
  complete: "Année d'exécution complète",
};

export function libelleAnnee(x: ChampAnnee | PeriodeAnnee): string {
  if (typeof x === 'string') return CHAMPS[x];
  return `Année d'exécution ${x.rang} : du ${iso(x.du)} au ${iso(x.au)} (${x.jours} jours)`;
}
