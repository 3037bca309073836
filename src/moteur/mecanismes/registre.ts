import { ajouterAnnees } from '../dates.ts';
import type { TypeValeur } from '../regles/ast.ts';
import type { Valeur } from '../regles/valeurs.ts';
import {
  ageAu,
  anneeDepuis,
  dernierJourDuMoisPrecedent,
  premierJourDuMoisSuivant,
} from './calendrier.ts';

/**
 * Mechanisms written once in TypeScript and registered by name: pure functions of their
 * operands (dates as day numbers, money in cents), usable in any rule file as
 * `nom: { operande: formule, … }`. The loader checks the operands' names and types, the
 * explained evaluator shows the operands under the mechanism's label, the compiled paths call
 * the same function (null operand → null, like arithmetic).
 */
export interface Fonction {
  libelle: string;
  /** Operand names and their types, in order. */
  operandes: Readonly<Record<string, TypeValeur>>;
  type: TypeValeur;
  /** Display unit of the result (`dates`: a list of days, shown as dates). */
  unite?: string;
  calculer(v: readonly Valeur[]): Valeur;
}

const n = (v: Valeur | undefined): number => v as number;
const l = (v: Valeur | undefined): readonly number[] => v as readonly number[];

export const FONCTIONS: Readonly<Record<string, Fonction>> = {
  age_au: {
    libelle: 'Âge atteint (années révolues)',
    operandes: { naissance: 'date', date: 'date' },
    type: 'nombre',
    calculer: ([a, b]) => ageAu(n(a), n(b)),
  },
  fin_du_mois_precedent: {
    libelle: 'Dernier jour du mois précédent',
    operandes: { date: 'date' },
    type: 'date',
    calculer: ([a]) => dernierJourDuMoisPrecedent(n(a)),
  },
  annee_depuis: {
    libelle: "Année d'exécution (1re, 2e…) comptée depuis le début",
    operandes: { debut: 'date', date: 'date' },
    type: 'nombre',
    calculer: ([a, b]) => anneeDepuis(n(a), n(b)),
  },
  anniversaires: {
    libelle: 'Dates anniversaires',
    operandes: { depuis: 'date', jusqu_a: 'date' },
    type: 'liste',
    unite: 'dates',
    calculer: ([a, b]) => {
      const out: number[] = [];
      for (let k = 1; ajouterAnnees(n(a), k) <= n(b); k++) out.push(ajouterAnnees(n(a), k));
      return out;
    },
  },
  mois_suivant_anniversaires: {
    libelle: "Premier jour du mois suivant l'anniversaire de chaque âge",
    operandes: { naissance: 'date', ages: 'liste' },
    type: 'liste',
    unite: 'dates',
    calculer: ([a, b]) => l(b).map((age) => premierJourDuMoisSuivant(ajouterAnnees(n(a), age))),
  },
  rang_bareme: {
    libelle: 'Rang dans le barème (bornes atteintes)',
    operandes: { bornes: 'liste', valeur: 'nombre' },
    type: 'nombre',
    calculer: ([a, b]) => l(a).filter((x) => n(b) >= x).length,
  },
  element: {
    libelle: 'Valeur de la liste au rang (le dernier au-delà)',
    operandes: { liste: 'liste', rang: 'nombre' },
    type: 'nombre',
    calculer: ([a, b]) => {
      const xs = l(a);
      return xs[Math.min(n(b), xs.length) - 1] ?? null;
    },
  },
  taux_par_seuils: {
    libelle: 'Taux du barème par seuils (valeur inférieure au seuil)',
    operandes: { bareme: 'liste', valeur: 'nombre' },
    type: 'nombre',
    calculer: ([a, b]) => {
      const xs = l(a);
      for (let i = 0; i + 1 < xs.length; i += 2)
        if (n(b) < (xs[i] as number)) return xs[i + 1] as number;
      return 0;
    },
  },
  arrondi_quotient: {
    libelle: 'Quotient exact arrondi au plus proche (demi vers le haut)',
    operandes: { numerateur: 'nombre', denominateur: 'nombre' },
    type: 'nombre',
    calculer: ([a, b]) => Math.floor((2 * n(a) + n(b)) / (2 * n(b))),
  },
};
