import { ajouterMois } from '../dates.ts';
import type { AnneeExecution } from './annees-execution.ts';

/** One payment of the OPCO to the CFA, in cents, on a day number. */
export interface Echeance {
  date?: number;
  montant: number;
  motif: string;
}

/** What the rule `echeancier` gives the mechanism (amounts in cents, null = not applicable). */
export interface ParametresEcheancier {
  annees: readonly AnneeExecution[] | null;
  moins_d_un_an: boolean;
  /** Employer participation to deduct from the first payments (0 when none). */
  deduction: number;
  frais_annexes: number;
  fractions: readonly number[];
  mois_versements: readonly number[];
  avance_unique: number;
  solde_annee_suivante: boolean;
  mois_solde: number | null;
  delai_solde_mois: number | null;
  avance_apres_depot: boolean;
}

export const formaterEuros = (c: number) => `${(c / 100).toFixed(2).replace('.', ',')} €`;

function versementsAnnee(p: ParametresEcheancier, a: AnneeExecution, k: number, out: Echeance[]) {
  const apres = p.avance_apres_depot
    ? 'après le dépôt du contrat'
    : 'après réception de la facture du CFA';
  let verse = 0;
  if (p.moins_d_un_an) {
    const avance = Math.round(a.montant * p.avance_unique);
    out.push({
      date: a.du,
      montant: avance,
      motif: `Avance unique de ${Math.round(p.avance_unique * 100)} % (contrat de moins d'un an), au plus tard 30 jours ${apres}`,
    });
    return avance;
  }
  for (let i = 0; i < p.fractions.length; i++) {
    const f = p.fractions[i] as number;
    const moisVersement = p.mois_versements[i - 1] ?? 1;
    const date = i === 0 ? a.du : ajouterMois(a.du, moisVersement - 1);
    if (date > a.au) continue;
    const m = Math.round(a.montant * f);
    verse += m;
    out.push({
      date,
      montant: m,
      motif:
        i === 0
          ? `Année ${k + 1} : avance de ${Math.round(f * 100)} %, au plus tard 30 jours ${apres}`
          : `Année ${k + 1} : ${Math.round(f * 100)} % au ${moisVersement}e mois`,
    });
  }
  return verse;
}

function solde(
  p: ParametresEcheancier,
  a: AnneeExecution,
  k: number,
  suivante: AnneeExecution | undefined,
): { date: number; motif: string; montant?: number } {
  if (p.moins_d_un_an)
    return {
      date: a.au,
      motif:
        p.delai_solde_mois !== null
          ? `Solde à la fin du contrat, sur facture et attestation de réalisation transmises dans les ${p.delai_solde_mois} mois`
          : 'Solde à la fin du contrat',
    };
  if (!p.solde_annee_suivante) {
    const moisSolde = p.mois_solde ?? 1;
    const dSolde = ajouterMois(a.du, moisSolde - 1);
    return dSolde <= a.au
      ? { date: dSolde, motif: `Année ${k + 1} : solde au ${moisSolde}e mois` }
      : { date: a.au, motif: `Année ${k + 1} : solde (fin de la période financée)` };
  }
  if (suivante)
    return {
      date: suivante.du,
      motif: `Année ${k + 1} : solde, versé avec la première avance de l'année suivante`,
    };
  return {
    date: a.au,
    motif: `Année ${k + 1} : solde, sur facture et attestation de réalisation transmises dans les ${p.delai_solde_mois ?? ''} mois suivant le terme du contrat`,
  };
}

/** The participation is deducted from the first advance, then the next payments. */
function deduire(echeancier: Echeance[], deduction: number): void {
  let reste = deduction;
  for (const v of echeancier) {
    if (reste === 0) break;
    const d = Math.min(reste, v.montant);
    if (d === 0) continue;
    v.montant -= d;
    reste -= d;
    v.motif += `, déduction faite de la participation de l'employeur (${formaterEuros(d)})`;
  }
}

/**
 * Mechanism `echeancier` (R6332-25 III–IV), written once: year by year, the advance and the
 * instalments (only if the funded period reaches their month), the balance absorbing rounding,
 * the participation deducted from the first payments, and the frais annexes.
 */
export function construireEcheancier(p: ParametresEcheancier): Echeance[] {
  const echeancier: Echeance[] = [];
  if (p.annees === null) {
    if (p.frais_annexes > 0) echeancier.push({ montant: p.frais_annexes, motif: 'Frais annexes' });
    return echeancier;
  }
  for (let k = 0; k < p.annees.length; k++) {
    const a = p.annees[k] as AnneeExecution;
    const verse = versementsAnnee(p, a, k, echeancier);
    const reste = a.montant - verse;
    if (reste !== 0 || echeancier.length === 0) {
      // The balance line built in place (no spread: this runs for every explained contract).
      const ligne: Echeance = solde(p, a, k, p.annees[k + 1]) as Echeance;
      ligne.montant = reste;
      echeancier.push(ligne);
    }
  }
  if (p.deduction > 0) deduire(echeancier, p.deduction);
  if (p.frais_annexes > 0)
    echeancier.push({
      montant: p.frais_annexes,
      motif:
        'Frais annexes (hébergement, restauration, premier équipement, mobilité), avec la prise en charge',
    });
  return echeancier;
}
