import { calcul, nombre, parametre, arrondiRationnel, type Evalue } from '../pas-a-pas.ts';
import { iso } from '../dates.ts';
import type { Droit } from '../parametres/droit.ts';

/**
 * The monthly SMIC as an exact rational, in cents: hourly SMIC × legal weekly hours × 52 / 12
 * (L3121-27, L3242-1: 151,666… hours, never the 151,67 of payslips). Kept exact so that the
 * apprentice minimum is rounded once, on its final amount.
 */
export interface SmicMensuel {
  /** Hourly SMIC in cents. */
  horaire: number;
  /** Exact monthly SMIC = num / den cents. */
  num: number;
  den: number;
  /** Rounded to the nearest cent (half up), for display. */
  arrondi: number;
}

export const PARAMETRE_SMIC = { metropole: 'smic.horaire', mayotte: 'smic.horaire_mayotte' };

/** Hourly SMIC in force on a day (Mayotte has its own value, set by the same décrets). */
export function smicHoraire(droit: Droit, jourN: number, mayotte: boolean): Evalue<number> {
  const id = mayotte ? PARAMETRE_SMIC.mayotte : PARAMETRE_SMIC.metropole;
  return nombre(parametre(droit, id, jourN, 'SMIC horaire', iso(jourN)));
}

export function smicMensuel(droit: Droit, jourN: number, mayotte: boolean): Evalue<SmicMensuel> {
  const date = iso(jourN);
  const regle = 'SMIC mensuel';
  const horaire = smicHoraire(droit, jourN, mayotte);
  const hebdo = nombre(parametre(droit, 'smic.duree_legale_hebdomadaire', jourN, regle, date));
  const semaines = nombre(
    parametre(droit, 'smic.mensualisation.semaines_par_an', jourN, regle, date),
  );
  const mois = nombre(parametre(droit, 'smic.mensualisation.mois_par_an', jourN, regle, date));
  const centimes = Math.round(horaire.valeur * 100);
  const num = centimes * hebdo.valeur * semaines.valeur;
  const den = mois.valeur;
  const arrondi = arrondiRationnel(num, den);
  const heuresAn = calcul(
    'heures_par_an',
    'Heures de travail par an à la durée légale',
    'produit',
    [hebdo, semaines],
    hebdo.valeur * semaines.valeur,
    'heures',
  );
  const heuresMois = calcul(
    'heures_par_mois',
    'Durée légale mensuelle (heures)',
    'quotient',
    [heuresAn, mois],
    // Display only (151,6667): the amount below is computed on the exact fraction.
    Math.round((heuresAn.valeur / den) * 10000) / 10000,
    'heures',
  );
  const n = calcul(
    'smic_mensuel',
    'SMIC mensuel brut',
    'produit',
    [horaire, heuresMois],
    arrondi / 100,
    '€',
  );
  return { valeur: { horaire: centimes, num, den, arrondi }, noeud: n.noeud };
}
