import type { Raison } from '../dossiers/types.ts';
import {
  articlesDe,
  engagementDemande,
  instruireDemande,
  resumeDemande,
  type ContexteDemande,
} from './instruction.ts';
import { echeanceReponse, issueInstruction, refus } from './issue.ts';
import type {
  Demande,
  DemandeFormulaire,
  EcartEngagement,
  EngagementDemande,
  EvenementDemande,
} from './types.ts';

/**
 * A transmitted request modified by its company (an OPCO extranet's « modifier ma demande »):
 *
 * - **before the decision** (transmise, incomplète, en cours d'instruction): the form is
 *   replaced (`revise`), the request is complete again (new R6332-24 deadline) and instructed
 *   again by the rules in force on the request date — engaged, refused or left to a
 *   gestionnaire as at its transmission;
 * - **after the engagement**: an avenant — the engagement is recomputed by the same rules at
 *   the request date, the difference (up or down) is booked by the ledger's adjusting entry,
 *   and the event carries the line-by-line difference and its explanation.
 *
 * The scheme, the company and the OPCO do not change (a request for another scheme is another
 * request); an action collective's registration is not amended (its places are taken: cancel
 * and register again); an avenant never goes below what was already invoiced. Pure.
 */

type Reviser = { type: 'reviser'; demande: DemandeFormulaire; motif?: string };

const euros = (c: number) => `${(c / 100).toFixed(2).replace('.', ',')} €`;
const signe = (c: number) => (c > 0 ? `+${euros(c)}` : c < 0 ? `−${euros(-c)}` : '0,00 €');

/** The line-by-line difference between two engagements, explained in French. */
export function ecartEngagement(
  avant: EngagementDemande,
  apres: EngagementDemande,
): EcartEngagement {
  const a = avant.reservation.montantTotalCentimes;
  const b = apres.reservation.montantTotalCentimes;
  const libelles = [...new Set([...avant.detail, ...apres.detail].map((x) => x.libelle))];
  const montant = (e: EngagementDemande, l: string) =>
    e.detail.filter((x) => x.libelle === l).reduce((s, x) => s + x.montantCentimes, 0);
  const lignes = libelles.map((libelle) => ({
    libelle,
    avantCentimes: montant(avant, libelle),
    apresCentimes: montant(apres, libelle),
  }));
  const changees = lignes.filter((x) => x.avantCentimes !== x.apresCentimes);
  const bareme = apres.bareme
    ? `, barème ${apres.bareme.id} (version du ${apres.bareme.depuis ?? '—'})`
    : '';
  const explication =
    `Engagement porté de ${euros(a)} à ${euros(b)} (${signe(b - a)}) par les règles en vigueur au ${apres.dateDesParametres}${bareme}` +
    (changees.length > 0
      ? ` : ${changees.map((x) => `${x.libelle} ${euros(x.avantCentimes)} → ${euros(x.apresCentimes)}`).join(' ; ')}.`
      : '.') +
    (b > a
      ? ' La hausse est réservée sur le grand livre (dans la limite des fonds disponibles).'
      : b < a
        ? ' La baisse est libérée sur le grand livre.'
        : '');
  return { avantCentimes: a, apresCentimes: b, differenceCentimes: b - a, lignes, explication };
}

function memeDemande(d: Demande, f: DemandeFormulaire): Raison[] {
  const articles = articlesDe('demande.modification');
  const r: Raison[] = [];
  if (f.type !== d.type)
    r.push({
      code: 'demande.modification',
      message: `Le dispositif ne change pas (${d.type}) : une demande sous un autre dispositif est une nouvelle demande.`,
      articles,
    });
  if (f.entreprise.siret !== d.formulaire.entreprise.siret || f.opco !== d.opco)
    r.push({
      code: 'demande.modification',
      message: "L'entreprise (SIRET) et l'OPCO d'une demande transmise ne changent pas.",
      articles,
    });
  return r;
}

export function reviser(
  c: ContexteDemande,
  d: Demande,
  cmd: Reviser,
  date: string,
): EvenementDemande[] | { ok: false; raisons: Raison[] } {
  const f = cmd.demande;
  const motif = cmd.motif?.trim() ? cmd.motif.trim() : null;
  const differences = memeDemande(d, f);
  if (differences.length > 0) return { ok: false, raisons: differences };
  if (d.etat !== 'engage')
    return [
      { type: 'revise', date, demande: f, motif },
      {
        type: 'complet',
        date,
        echeance: echeanceReponse(c, date),
        resume: resumeDemande(f, c.session),
      },
      // The rules in force on the request date, not on the day of the modification.
      ...issueInstruction(c, d, f, date, d.dateDemande, 2),
    ];
  return avenant(c, d, f, motif, date);
}

function avenant(
  c: ContexteDemande,
  d: Demande,
  f: DemandeFormulaire,
  motif: string | null,
  date: string,
): EvenementDemande[] | { ok: false; raisons: Raison[] } {
  const articles = articlesDe('demande.modification');
  const avant = d.engagement;
  if (!avant) return refus('demande.modification', "La demande n'a pas d'engagement.", articles);
  if (f.type === 'action_collective')
    return refus(
      'demande.modification',
      "L'inscription à une session d'action collective ne se modifie pas après engagement (ses places sont prises) : annuler la demande et s'inscrire à nouveau.",
      articles,
    );
  const r = instruireDemande({ ...c, opcoAttendu: c.opcoAttendu ?? d.opco }, f, d.dateDemande);
  const bloquants = r.instruction.resultats.filter((x) => x.resultat === 'bloquant');
  if (bloquants.length > 0)
    return {
      ok: false,
      raisons: bloquants.map((x) => ({ code: x.code, message: x.message, articles: x.articles })),
    };
  if (!r.engagement)
    return refus(
      'demande.montant',
      'Le montant de la demande modifiée ne peut pas être calculé par les règles du dispositif.',
      articlesDe('demande.montant'),
    );
  if (c.fondsInsuffisants)
    return refus(
      'demande.fonds_disponibles',
      `Avenant non réservé : ${c.fondsInsuffisants}.`,
      articlesDe('demande.fonds_disponibles'),
    );
  const facture = c.factureesCentimes ?? 0;
  if (r.engagement.montantCentimes < facture)
    return refus(
      'demande.facture',
      `Le nouveau montant ${euros(r.engagement.montantCentimes)} est inférieur aux factures déjà reçues ${euros(facture)} (HT).`,
      articlesDe('demande.facture'),
    );
  const engagement = engagementDemande(c.droit, f, r.engagement, {
    demandeId: d.id,
    version: d.version + 1,
    // The engagement keeps its date (annual envelope); the ledger's adjustment is dated today.
    date: avant.reservation.dateEngagement,
    prestataire: null,
  });
  return [
    {
      type: 'avenant',
      date,
      demande: f,
      instruction: r.instruction,
      engagement,
      ecart: ecartEngagement(avant, engagement),
      motif,
    },
  ];
}
