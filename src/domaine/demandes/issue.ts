import { ajouterMois, iso, jour } from '../../moteur/index.ts';
import { nombreAu } from '../dossiers/parametres.ts';
import type { Raison } from '../dossiers/types.ts';
import { engagementDemande, instruireDemande, type ContexteDemande } from './instruction.ts';
import type { Demande, DemandeFormulaire, EvenementDemande } from './types.ts';

/**
 * What an instruction leads to, shared by the transmission and the revision of a request
 * before its decision: the `instruit` event, then a refusal (a blocking check), a wait for a
 * gestionnaire (a check to verify, or no amount) or an engagement without anyone.
 */

export const refus = (code: string, message: string, articles: Raison['articles'] = []) => ({
  ok: false as const,
  raisons: [{ code, message, articles }],
});

/** Last day to notify a reasoned refusal (R6332-24), from the day the request is complete. */
export function echeanceReponse(c: ContexteDemande, date: string): string | null {
  const mois = nombreAu(c.droit, 'dossiers.demandes.delai_reponse_mois', date);
  return mois === undefined ? null : iso(ajouterMois(jour(date), mois) - 1);
}

/**
 * The events of an instruction of `f` by the rules in force at `dateRegles` (the request
 * date), dated `date`; `precedents` events come before them in the same command (for the
 * version the engagement names).
 */
export function issueInstruction(
  c: ContexteDemande,
  d: Demande,
  f: DemandeFormulaire,
  date: string,
  dateRegles: string,
  precedents: number,
): EvenementDemande[] {
  const r = instruireDemande(c, f, dateRegles);
  const ev: EvenementDemande[] = [{ type: 'instruit', date, instruction: r.instruction }];
  const conclusion = r.instruction.conclusion;
  if (conclusion === 'bloquant') {
    ev.push({
      type: 'refuse',
      date,
      automatique: true,
      raisons: r.instruction.resultats
        .filter((x) => x.resultat === 'bloquant')
        .map((x) => ({ code: x.code, message: x.message, articles: x.articles })),
    });
    return ev;
  }
  if (conclusion === 'a_verifier' || !r.engagement) {
    const codes = r.instruction.resultats
      .filter((x) => x.resultat === 'a_verifier')
      .map((x) => x.code);
    ev.push({ type: 'mis_en_attente', date, aVerifier: codes });
    return ev;
  }
  ev.push({
    type: 'engage',
    date,
    automatique: true,
    motif: null,
    engagement: engagementDemande(c.droit, f, r.engagement, {
      demandeId: d.id,
      version: d.version + precedents + 2,
      date,
      prestataire: c.session?.organismeSiret ?? null,
    }),
  });
  return ev;
}
