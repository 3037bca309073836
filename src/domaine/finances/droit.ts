import { jour, type Droit } from '../../moteur/index.ts';

/**
 * R6332-25 (from 2025-07-01): months after the contract's end within which the invoice and the
 * completion certificate must reach the OPCO, or the balance is not due. Read from the law data
 * (droit/parametres/apprentissage/echeancier/delai_transmission_solde_mois.yaml) at the
 * engagement's date; null before the rule existed.
 */
export const PARAMETRE_DELAI_SOLDE = 'apprentissage.echeancier.delai_transmission_solde_mois';

export function delaiSoldeMois(droit: Droit, date: string): number | null {
  const v = droit.trouver(PARAMETRE_DELAI_SOLDE, jour(date))?.valeur.valeur;
  return typeof v === 'number' ? v : null;
}

/** A numeric law parameter in force at a date, with its references (for explanations). */
export interface ParametreCite {
  id: string;
  valeur: number;
  /** Date from which this value applies. */
  depuis: string;
  references: readonly { article: string; titre: string; url: string }[];
}

/** The numeric value of `id` at `date` and what it cites, or null when none applies then. */
export function parametreCite(droit: Droit, id: string, date: string): ParametreCite | null {
  const t = droit.trouver(id, jour(date));
  const v = t?.valeur.valeur;
  if (!t || typeof v !== 'number') return null;
  return {
    id,
    valeur: v,
    depuis: t.valeur.depuis,
    references: t.valeur.references.map((r) => ({
      article: r.article,
      titre: r.titre,
      url: r.url,
    })),
  };
}

/** R6123-28: cash needs a France compétences payment may cover, in months. */
export const PARAMETRE_PLAFOND_APPEL = 'financement_opco.appel_de_fonds.plafond_mois';
/** R6123-31 2°: minimum share of alternance funds spent on contracts (péréquation). */
export const PARAMETRE_PART_CONTRATS = 'financement_opco.perequation.part_minimale_fonds_contrats';
/** R6123-33: years of average cancellation, and age of engagements excluded, per contract type. */
export const PARAMETRES_PEREQUATION_ANNEES = {
  apprentissage: {
    annulation: 'financement_opco.perequation.annees_annulation_apprentissage',
    anciennete: 'financement_opco.perequation.anciennete_max_engagements_apprentissage',
  },
  professionnalisation: {
    annulation: 'financement_opco.perequation.annees_annulation_professionnalisation',
    anciennete: 'financement_opco.perequation.anciennete_max_engagements_professionnalisation',
  },
} as const;
