import { ajouterMois } from '../dates.ts';
import type { RegimeApprentissage } from './regime.ts';

/** One payment of the OPCO to the CFA, in cents, on a day number. */
export interface Echeance {
  date?: number;
  montant: number;
  motif: string;
}

export const formaterEuros = (c: number) => `${(c / 100).toFixed(2).replace('.', ',')} €`;

/**
 * Schedule of what the OPCO pays to the CFA (R6332-25 III–IV), year of execution by year: the
 * advance and the instalments of the regime (only if the funded period reaches their month), the
 * balance absorbing rounding, the employer participation deducted from the first advance (then
 * the next ones), and the frais annexes on a line of their own. Built only for explained answers:
 * the bulk path needs only the sum.
 */
export function construireEcheancier(
  r: RegimeApprentissage,
  annees: readonly { du: number; au: number; montant: number }[],
  moinsUnAn: boolean,
  participation: number | null,
  fraisTotal: number,
): Echeance[] {
  const echeancier: Echeance[] = [];
  const apresAvance = r.avanceApresDepot
    ? 'après le dépôt du contrat'
    : 'après réception de la facture du CFA';
  for (let k = 0; k < annees.length; k++) {
    const a = annees[k] as (typeof annees)[number];
    const suivante = annees[k + 1];
    let verse = 0;
    if (moinsUnAn) {
      const avance = Math.round(a.montant * r.avanceUnique);
      echeancier.push({
        date: a.du,
        montant: avance,
        motif: `Avance unique de ${Math.round(r.avanceUnique * 100)} % (contrat de moins d'un an), au plus tard 30 jours ${apresAvance}`,
      });
      verse = avance;
    } else {
      for (let i = 0; i < r.fractions.length; i++) {
        const f = r.fractions[i] as number;
        const moisVersement = r.moisVersements[i - 1] ?? 1;
        const date = i === 0 ? a.du : ajouterMois(a.du, moisVersement - 1);
        if (date > a.au) continue;
        const m = Math.round(a.montant * f);
        verse += m;
        echeancier.push({
          date,
          montant: m,
          motif:
            i === 0
              ? `Année ${k + 1} : avance de ${Math.round(f * 100)} %, au plus tard 30 jours ${apresAvance}`
              : `Année ${k + 1} : ${Math.round(f * 100)} % au ${moisVersement}e mois`,
        });
      }
    }
    const solde = a.montant - verse;
    if (solde !== 0 || echeancier.length === 0) {
      let date: number | undefined;
      let motif: string;
      if (moinsUnAn) {
        date = a.au;
        motif =
          r.delaiSoldeMois !== undefined
            ? `Solde à la fin du contrat, sur facture et attestation de réalisation transmises dans les ${r.delaiSoldeMois} mois`
            : 'Solde à la fin du contrat';
      } else if (!r.soldeAnneeSuivante) {
        const moisSolde = r.moisSolde ?? 1;
        const dSolde = ajouterMois(a.du, moisSolde - 1);
        date = dSolde <= a.au ? dSolde : a.au;
        motif =
          dSolde <= a.au
            ? `Année ${k + 1} : solde au ${moisSolde}e mois`
            : `Année ${k + 1} : solde (fin de la période financée)`;
      } else if (suivante) {
        date = suivante.du;
        motif = `Année ${k + 1} : solde, versé avec la première avance de l'année suivante`;
      } else {
        date = a.au;
        motif = `Année ${k + 1} : solde, sur facture et attestation de réalisation transmises dans les ${r.delaiSoldeMois ?? ''} mois suivant le terme du contrat`;
      }
      echeancier.push({ date, montant: solde, motif });
    }
  }
  // The participation is deducted from the first advance, whether the CFA recovered it or not.
  if (participation && participation > 0 && (!moinsUnAn || r.participationDeduiteMoinsUnAn)) {
    let reste = participation;
    for (const v of echeancier) {
      if (reste === 0) break;
      const d = Math.min(reste, v.montant);
      if (d === 0) continue;
      v.montant -= d;
      reste -= d;
      v.motif += `, déduction faite de la participation de l'employeur (${formaterEuros(d)})`;
    }
  }
  if (fraisTotal > 0)
    echeancier.push({
      montant: fraisTotal,
      motif:
        'Frais annexes (hébergement, restauration, premier équipement, mobilité), avec la prise en charge',
    });
  return echeancier;
}
