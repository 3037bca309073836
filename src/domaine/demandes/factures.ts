import type { Raison } from '../dossiers/types.ts';
import { articlesDe } from './instruction.ts';
import type { Demande, FactureRetenue } from './types.ts';

/**
 * The checks of an invoice recorded on a request (R6332-25: the OPCO pays after execution, on
 * justification): the request is engaged; the issuer is the training body of the action, the
 * payee of the engagement or the company; HT ≤ TTC; not dated after today; the invoice number
 * not already received from this issuer on the request (the unique index covers every request
 * and concurrent copies); all invoices together at most the amount engaged. Pure.
 */
export interface FactureProposee {
  numero: string;
  siretEmetteur: string;
  dateFacture: string;
  montantHtCentimes: number;
  montantTtcCentimes: number;
}

const euros = (c: number) => `${(c / 100).toFixed(2).replace('.', ',')} €`;

/** The SIRETs an invoice of the request may come from. */
export function emetteursPermis(d: Demande): string[] {
  const f = d.formulaire;
  const s = new Set([f.entreprise.siret]);
  if (d.engagement) s.add(d.engagement.reservation.siretBeneficiaire);
  if (f.type === 'plan_moins_50' || f.type === 'formation_ssct_cse') s.add(f.action.organismeSiret);
  return [...s];
}

export function controlerFacture(
  d: Demande,
  existantes: readonly FactureRetenue[],
  f: FactureProposee,
  aujourdhui: string,
): Raison[] {
  const articles = articlesDe('demande.facture');
  const r: Raison[] = [];
  const non = (message: string) => r.push({ code: 'demande.facture', message, articles });
  if (d.etat !== 'engage' || !d.engagement) {
    non(`Une facture se reçoit sur une demande engagée (celle-ci est « ${d.etat} »).`);
    return r;
  }
  if (!emetteursPermis(d).includes(f.siretEmetteur))
    non(
      `Émetteur ${f.siretEmetteur} : la facture vient de l'organisme de formation de l'action ou de l'entreprise (${emetteursPermis(d).join(', ')}).`,
    );
  if (f.montantTtcCentimes < f.montantHtCentimes)
    non(
      `Montant TTC ${euros(f.montantTtcCentimes)} inférieur au montant HT ${euros(f.montantHtCentimes)}.`,
    );
  if (f.dateFacture > aujourdhui) non(`Facture datée du ${f.dateFacture}, après aujourd'hui.`);
  if (existantes.some((x) => x.siretEmetteur === f.siretEmetteur && x.numero === f.numero))
    non(`La facture n° ${f.numero} de l'émetteur ${f.siretEmetteur} est déjà reçue.`);
  const engage = d.engagement.reservation.montantTotalCentimes;
  const deja = existantes.reduce((s, x) => s + x.montantHtCentimes, 0);
  if (deja + f.montantHtCentimes > engage)
    non(
      `Factures ${euros(deja)} déjà reçues + ${euros(f.montantHtCentimes)} = ${euros(deja + f.montantHtCentimes)} HT, au-delà du montant engagé ${euros(engage)}.`,
    );
  return r;
}
