import { etatApres, transitions, type TypeCommande } from '../dossiers/cycle-de-vie.ts';
import type { Etat, Raison } from '../dossiers/types.ts';
import {
  articlesDe,
  controleDemande,
  engagementDemande,
  instruireDemande,
  resumeDemande,
  type ContexteDemande,
} from './instruction.ts';
import { echeanceReponse, issueInstruction, refus } from './issue.ts';
import { reviser } from './modification.ts';
import type { Demande, DemandeFormulaire, EvenementDemande, FactureRetenue } from './types.ts';

/**
 * The lifecycle of a request for funding: THE dossiers' transition table (`transitions` and
 * `etatApres` of src/domaine/dossiers/cycle-de-vie.ts, unchanged), restricted by type to the
 * commands a request has — a request is created, transmitted (automatic instruction), decided
 * by a gestionnaire when a check is left to one, modified after transmission (`reviser`: a new
 * instruction before the decision, an avenant after the engagement — the request's own entry in
 * the table, `ETATS_REVISION`), cancelled or settled on its invoices; it has no rupture. Pure:
 * (request, command, date) → events and new state, or a refusal with its reasons.
 */

export type CommandeDemande =
  | { type: 'creer'; id: string; demande: DemandeFormulaire }
  | { type: 'modifier'; demande: DemandeFormulaire }
  | { type: 'transmettre' }
  | { type: 'decider'; sens: 'engager' | 'refuser'; motif: string }
  | { type: 'annuler'; motif: string }
  | { type: 'reviser'; demande: DemandeFormulaire; motif?: string }
  | {
      type: 'solder';
      /** Absent: the sum of the invoices accepted (capped to the engaged amount). */
      montantRealiseCentimes?: number;
      motif?: string;
      /** The invoices accepted on the request (read by the service under the request's lock). */
      factures?: readonly FactureRetenue[];
    };

/**
 * The states a transmitted request can be modified in: not decided yet (a new instruction) or
 * engaged (an avenant). Refused, cancelled or settled requests are not modified.
 */
export const ETATS_REVISION: readonly (Etat | null)[] = [
  'transmis',
  'incomplet',
  'en_cours_instruction',
  'engage',
];

/** The commands of the dossiers' table a request uses (the others are refused by type). */
export const commandesDemande: readonly TypeCommande[] = [
  'creer',
  'modifier',
  'transmettre',
  'decider',
  'annuler',
  'solder',
];

export type ResultatDemande =
  { ok: true; demande: Demande; evenements: EvenementDemande[] } | { ok: false; raisons: Raison[] };

export function appliquerDemande(d: Demande | null, e: EvenementDemande, id: string): Demande {
  if (e.type === 'cree')
    return {
      id,
      type: e.demande.type,
      opco: e.demande.opco,
      etat: 'brouillon',
      version: 1,
      formulaire: e.demande,
      resume: resumeDemande(e.demande),
      dateDemande: e.date,
      dateTransmission: null,
      echeance: null,
      instruction: null,
      aVerifier: [],
      engagement: null,
      decision: null,
      solde: null,
    };
  if (!d) throw new Error(`événement ${e.type} sans demande`);
  const suivant = e.type === 'revise' ? null : etatApres[e.type];
  const n: Demande = { ...d, version: d.version + 1, etat: suivant ?? d.etat };
  switch (e.type) {
    case 'modifie':
      return {
        ...n,
        type: e.demande.type,
        opco: e.demande.opco,
        formulaire: e.demande,
        resume: resumeDemande(e.demande),
        dateDemande: e.date,
      };
    case 'transmis':
      return { ...n, dateTransmission: e.date, dateDemande: e.date };
    case 'complet':
      return { ...n, echeance: e.echeance, resume: e.resume };
    case 'instruit':
      return { ...n, instruction: e.instruction };
    case 'mis_en_attente':
      return { ...n, aVerifier: e.aVerifier };
    case 'engage':
      return {
        ...n,
        engagement: e.engagement,
        aVerifier: [],
        decision: {
          sens: 'engage',
          date: e.date,
          automatique: e.automatique,
          raisons: [],
          motif: e.motif,
        },
      };
    case 'refuse':
      return {
        ...n,
        aVerifier: [],
        decision: {
          sens: 'refuse',
          date: e.date,
          automatique: e.automatique,
          raisons: e.raisons,
          motif: null,
        },
      };
    case 'annule':
      return { ...n, engagement: null };
    case 'revise':
      return {
        ...n,
        formulaire: e.demande,
        resume: resumeDemande(e.demande),
        modifications: [
          ...(d.modifications ?? []),
          { date: e.date, nature: 'revision', motif: e.motif, ecart: null },
        ],
      };
    case 'avenant':
      return {
        ...n,
        formulaire: e.demande,
        resume: resumeDemande(e.demande),
        instruction: e.instruction,
        engagement: e.engagement,
        modifications: [
          ...(d.modifications ?? []),
          { date: e.date, nature: 'avenant', motif: e.motif, ecart: e.ecart },
        ],
      };
    case 'solde':
      return e.realise
        ? {
            ...n,
            engagement: e.realise.engagement,
            solde: {
              date: e.date,
              montantRealiseCentimes: e.realise.montantRealiseCentimes,
              libereCentimes: e.realise.libereCentimes,
              motif: e.realise.motif,
              ...(e.realise.factures ? { factures: e.realise.factures } : {}),
            },
          }
        : n;
    default:
      return n;
  }
}

export function deriverDemande(
  id: string,
  evenements: readonly EvenementDemande[],
): Demande | null {
  let d: Demande | null = null;
  for (const e of evenements) d = appliquerDemande(d, e, id);
  return d;
}

function transmettre(c: ContexteDemande, d: Demande, date: string): EvenementDemande[] {
  return [
    { type: 'transmis', date },
    {
      type: 'complet',
      date,
      echeance: echeanceReponse(c, date),
      resume: resumeDemande(d.formulaire, c.session),
    },
    ...issueInstruction(c, d, d.formulaire, date, date, 2),
  ];
}

function executer(
  c: ContexteDemande,
  d: Demande | null,
  cmd: CommandeDemande,
  date: string,
): EvenementDemande[] | ResultatDemande {
  if (cmd.type === 'creer') return [{ type: 'cree', date, demande: cmd.demande }];
  if (!d) return refus('demande_inconnue', 'Demande inconnue.');
  switch (cmd.type) {
    case 'modifier':
      return [{ type: 'modifie', date, demande: cmd.demande }];
    case 'transmettre':
      return transmettre(c, d, date);
    case 'decider': {
      const motif = cmd.motif.trim();
      if (motif.length === 0)
        return refus(
          'motif_obligatoire',
          'Une décision est motivée : le motif est obligatoire.',
          articlesDe('demande.delai_reponse'),
        );
      if (cmd.sens === 'refuser')
        return [
          {
            type: 'refuse',
            date,
            automatique: false,
            raisons: [
              {
                code: 'decision_gestionnaire',
                message: motif,
                articles: articlesDe('demande.delai_reponse'),
              },
            ],
          },
        ];
      // The gestionnaire settles what was left to a person; the rules still block and compute.
      const r = instruireDemande({ ...c, opcoAttendu: d.opco }, d.formulaire, date);
      const bloquants = r.instruction.resultats.filter((x) => x.resultat === 'bloquant');
      if (bloquants.length > 0 || !r.engagement)
        return {
          ok: false,
          raisons:
            bloquants.length > 0
              ? bloquants.map((x) => ({ code: x.code, message: x.message, articles: x.articles }))
              : [
                  {
                    code: 'demande.montant',
                    message: 'Le montant ne peut pas être calculé par les règles du dispositif.',
                    articles: articlesDe('demande.montant'),
                  },
                ],
        };
      if (c.fondsInsuffisants)
        return refus(
          'demande.fonds_disponibles',
          `Engagement non réservé : ${c.fondsInsuffisants}.`,
          articlesDe('demande.fonds_disponibles'),
        );
      return [
        {
          type: 'engage',
          date,
          automatique: false,
          motif,
          engagement: engagementDemande(c.droit, d.formulaire, r.engagement, {
            demandeId: d.id,
            version: d.version + 1,
            date,
            prestataire: c.session?.organismeSiret ?? null,
          }),
        },
      ];
    }
    case 'annuler':
      if (cmd.motif.trim().length === 0)
        return refus('motif_obligatoire', "L'annulation est motivée : le motif est obligatoire.");
      return [{ type: 'annule', date, motif: cmd.motif.trim() }];
    case 'solder':
      return solder(d, cmd, date);
    case 'reviser':
      return reviser(c, d, cmd, date);
  }
}

/**
 * Settlement on the invoices accepted on the request (R6332-25: payment after execution, on
 * justification): the realised amount is their sum (HT), at most the amount engaged — or a
 * lower amount the gestionnaire gives, never more than invoiced; the engagement is reduced to it (a new version of the same engagement: same section,
 * beneficiary and branch, the instalments filled in order up to the realised amount) and the
 * difference is released by the ledger's adjusting entry.
 */
function solder(
  d: Demande,
  cmd: Extract<CommandeDemande, { type: 'solder' }>,
  date: string,
): EvenementDemande[] | ResultatDemande {
  const e = d.engagement;
  const articles = articlesDe('demande.solde');
  if (!e) return refus('demande.solde', "La demande n'a pas d'engagement à solder.", articles);
  const engage = e.reservation.montantTotalCentimes;
  const factures = cmd.factures ?? [];
  const facture = factures.reduce((s, x) => s + x.montantHtCentimes, 0);
  const euros = (c: number) => `${(c / 100).toFixed(2).replace('.', ',')} €`;
  if (cmd.montantRealiseCentimes === undefined && factures.length === 0)
    return refus(
      'demande.facture',
      'Aucune facture reçue sur cette demande : le solde repose sur les factures (ou un montant réalisé de 0 €).',
      articlesDe('demande.facture'),
    );
  const realise = cmd.montantRealiseCentimes ?? Math.min(facture, engage);
  if (!Number.isInteger(realise) || realise < 0)
    return refus(
      'demande.solde',
      'Le montant réalisé est un nombre de centimes positif ou nul.',
      articles,
    );
  if (realise > engage)
    return refus(
      'demande.solde',
      `Montant réalisé ${euros(realise)} supérieur au montant engagé ${euros(engage)} : le solde ne dépasse pas l'engagement.`,
      articles,
    );
  if (realise > facture)
    return refus(
      'demande.facture',
      `Montant réalisé ${euros(realise)} supérieur au total des factures reçues ${euros(facture)} (HT).`,
      articlesDe('demande.facture'),
    );
  let reste = realise;
  const echeances = e.reservation.echeances.map((x) => {
    const m = Math.min(x.montantCentimes, reste);
    reste -= m;
    return { ...x, montantCentimes: m };
  });
  const motif = cmd.motif?.trim() ? cmd.motif.trim() : null;
  return [
    {
      type: 'solde',
      date,
      realise: {
        montantRealiseCentimes: realise,
        libereCentimes: engage - realise,
        motif,
        factures: factures.map((x) => ({ ...x })),
        engagement: {
          ...e,
          reservation: {
            ...e.reservation,
            versionDossier: d.version + 1,
            montantTotalCentimes: realise,
            echeances,
          },
        },
      },
    },
  ];
}

/** THE transition of a request, on the dossiers' table. Pure. */
export function transitionDemande(
  c: ContexteDemande,
  d: Demande | null,
  cmd: CommandeDemande,
  date: string,
): ResultatDemande {
  const depuis = d?.etat ?? null;
  const permis =
    cmd.type === 'reviser'
      ? ETATS_REVISION
      : commandesDemande.includes(cmd.type)
        ? transitions[cmd.type]
        : [];
  if (!permis.includes(depuis))
    return refus(
      'transition_interdite',
      `« ${cmd.type} » n'est pas possible sur une demande ${depuis ?? 'inexistante'}.`,
    );
  const r = executer(c, d, cmd, date);
  if (!Array.isArray(r)) return r;
  const id = cmd.type === 'creer' ? cmd.id : (d?.id ?? '');
  let n = d;
  for (const e of r) n = appliquerDemande(n, e, id);
  return { ok: true, demande: n as Demande, evenements: r };
}

export { controleDemande };
