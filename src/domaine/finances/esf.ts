/**
 * État statistique et financier (ESF, R6332-31), pure. Each year, before 31 May, an OPCO sends
 * the minister and France compétences an état whose model is fixed by the minister; that model
 * (arrêté) was NOT found (operations.md §5.2, [U]). Until it is, the platform produces a
 * CONVENTION following the historical pattern of these états (arrêté du 28 janvier 1986):
 * income and charges by nature and by destination, per section and origin of funds; contracts
 * by company size; beneficiaries by age band and sex. The bands below are statistical
 * conventions of the platform, not law; replace them by the arrêté's when it is located.
 */

export const AVERTISSEMENT_ESF =
  'Convention de la plateforme dans l’attente de l’arrêté fixant le modèle de l’état (R6332-31 I) : ' +
  'tableaux, rubriques et tranches à revoir quand le modèle sera publié ou retrouvé.';

/** Company size bands (headcount declared on the contract). */
export const tranchesEffectif = [
  { libelle: '0 à 10 salariés', max: 10 },
  { libelle: '11 à 49 salariés', max: 49 },
  { libelle: '50 à 249 salariés', max: 249 },
  { libelle: '250 salariés et plus', max: Number.POSITIVE_INFINITY },
] as const;

/** Age bands, age at the start of the contract. */
export const tranchesAge = [
  { libelle: 'moins de 18 ans', max: 17 },
  { libelle: '18 à 20 ans', max: 20 },
  { libelle: '21 à 25 ans', max: 25 },
  { libelle: '26 à 29 ans', max: 29 },
  { libelle: '30 ans et plus', max: Number.POSITIVE_INFINITY },
] as const;

export function trancheEffectif(salaries: number | null): string {
  if (salaries === null || !Number.isFinite(salaries)) return 'non renseigné';
  return tranchesEffectif.find((t) => salaries <= t.max)?.libelle ?? 'non renseigné';
}

/** Age in whole years at `date` (YYYY-MM-DD) of someone born on `naissance`. */
export function ageA(naissance: string, date: string): number {
  const [an, mn, jn] = naissance.split('-').map(Number) as [number, number, number];
  const [a, m, j] = date.split('-').map(Number) as [number, number, number];
  return a - an - (m < mn || (m === mn && j < jn) ? 1 : 0);
}

export function trancheAge(naissance: string | null, debut: string | null): string {
  if (!naissance || !debut) return 'non renseigné';
  const age = ageA(naissance, debut);
  return tranchesAge.find((t) => age <= t.max)?.libelle ?? 'non renseigné';
}

export interface LigneFinanciereEsf {
  section: string;
  origine: string;
  sens: 'produits' | 'charges';
  /** Nature: allocation, funds received, engagements, payments per kind of instalment. */
  nature: string;
  /** Destination: the section for income, the scheme (apprenticeship, professionalisation, other) for charges. */
  destination: string;
  montantCentimes: number;
}

export interface LigneContratEsf {
  dispositif: string;
  tranche: string;
  nombre: number;
}

export interface LigneBeneficiaireEsf {
  dispositif: string;
  tranche: string;
  sexe: string;
  nombre: number;
}

export interface ContratEsf {
  dispositif: string;
  salaries: number | null;
  naissance: string | null;
  debut: string | null;
  sexe: string | null;
}

/** Contracts by company size and beneficiaries by age band and sex, counted. */
export function compterContrats(contrats: readonly ContratEsf[]): {
  contrats: LigneContratEsf[];
  beneficiaires: LigneBeneficiaireEsf[];
} {
  const parTaille = new Map<string, LigneContratEsf>();
  const parAge = new Map<string, LigneBeneficiaireEsf>();
  for (const c of contrats) {
    const tranche = trancheEffectif(c.salaries);
    const k = `${c.dispositif}|${tranche}`;
    const l = parTaille.get(k) ?? { dispositif: c.dispositif, tranche, nombre: 0 };
    l.nombre++;
    parTaille.set(k, l);
    const age = trancheAge(c.naissance, c.debut);
    const sexe = c.sexe === 'F' ? 'femmes' : c.sexe === 'M' ? 'hommes' : 'non renseigné';
    const k2 = `${c.dispositif}|${age}|${sexe}`;
    const b = parAge.get(k2) ?? { dispositif: c.dispositif, tranche: age, sexe, nombre: 0 };
    b.nombre++;
    parAge.set(k2, b);
  }
  const ordreTaille = (t: string) => tranchesEffectif.findIndex((x) => x.libelle === t) >>> 0;
  const ordreAge = (t: string) => tranchesAge.findIndex((x) => x.libelle === t) >>> 0;
  return {
    contrats: [...parTaille.values()].sort(
      (a, b) =>
        a.dispositif.localeCompare(b.dispositif) || ordreTaille(a.tranche) - ordreTaille(b.tranche),
    ),
    beneficiaires: [...parAge.values()].sort(
      (a, b) =>
        a.dispositif.localeCompare(b.dispositif) ||
        ordreAge(a.tranche) - ordreAge(b.tranche) ||
        a.sexe.localeCompare(b.sexe),
    ),
  };
}
