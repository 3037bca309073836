import { jour, iso, type Droit, type Moteur, type NpecReferentiel } from '../../moteur/index.ts';
import type { CerfaEj20 } from '../../partage/cerfa-ej20.schema.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type { ReferentielsDossier } from '../referentiels-formation/index.ts';
import { definitionControle, resultat } from './controles.ts';
import {
  difference,
  engagementApprentissage,
  engagementProfessionnalisation,
} from './engagement.ts';
import {
  instruireApprentissage,
  piecesManquantesApprentissage,
} from './instruction-apprentissage.ts';
import {
  instruireProfessionnalisation,
  piecesManquantesProfessionnalisation,
} from './instruction-professionnalisation.ts';
import { nombreAu, P, texteAu } from './parametres.ts';
import type {
  Cerfa,
  Dossier,
  EngagementCalcule,
  Etat,
  Evenement,
  Instruction,
  Raison,
  ResultatControle,
} from './types.ts';

/**
 * The lifecycle of a dossier as a plain typed transition table (docs/adr/ADR-2026-12-02-
 * dossiers-cycle-de-vie.md): a command asked on a dossier at a date either yields the events to
 * record and the new state, or a refusal with its reasons. The state is never stored on its
 * own: it is the fold of the events (`deriver`).
 */

/** What the instruction needs besides the dossier: the law, the engine, the referentials. */
export interface ContexteDossier {
  droit: Droit;
  moteur: Moteur;
  referentiels: ReferentielsDossier;
  npec: NpecReferentiel | null;
  /**
   * Set by the service when the ledger refused the engagement this instruction computed (the
   * figures, in French): the automatic instruction does not engage beyond the budget, it leaves
   * the dossier to a gestionnaire with the check « engagement.fonds_disponibles ».
   */
  fondsInsuffisants?: string | null;
}

export type Commande =
  | { type: 'creer'; id: string; cerfa: Cerfa }
  | { type: 'modifier'; cerfa: Cerfa }
  | { type: 'transmettre' }
  | { type: 'decider'; sens: 'engager' | 'refuser'; motif: string }
  | { type: 'appliquer_silence' }
  | { type: 'avenant'; dateEffet: string; cerfa: Cerfa }
  | { type: 'rompre'; dateEffet: string; motif: string; dateNouveauContrat?: string }
  | { type: 'annuler'; motif: string }
  | { type: 'solder' };

export type TypeCommande = Commande['type'];

/** THE transition table: from which states each command may be asked. */
export const transitions: Readonly<Record<TypeCommande, readonly (Etat | null)[]>> = {
  creer: [null],
  modifier: ['brouillon', 'incomplet'],
  transmettre: ['brouillon', 'incomplet'],
  decider: ['en_cours_instruction'],
  appliquer_silence: ['en_cours_instruction'],
  avenant: ['engage'],
  rompre: ['engage'],
  annuler: ['brouillon', 'transmis', 'incomplet', 'en_cours_instruction', 'engage'],
  solder: ['engage', 'rompu'],
};

/** The state each recorded event leads to (null: the state does not change). */
export const etatApres: Readonly<Record<Evenement['type'], Etat | null>> = {
  cree: 'brouillon',
  modifie: null,
  transmis: 'transmis',
  declare_incomplet: 'incomplet',
  complet: 'en_cours_instruction',
  instruit: null,
  mis_en_attente: null,
  engage: 'engage',
  refuse: 'refuse',
  decision_implicite: null,
  avenant: null,
  rupture: 'rompu',
  annule: 'annule',
  solde: 'solde',
};

export type Resultat =
  { ok: true; dossier: Dossier; evenements: Evenement[] } | { ok: false; raisons: Raison[] };

const refus = (code: string, message: string, articles: Raison['articles'] = []): Resultat => ({
  ok: false,
  raisons: [{ code, message, articles }],
});

/** Folds one event onto the dossier (null before the first event). */
export function appliquer(d: Dossier | null, e: Evenement, id = d?.id ?? ''): Dossier {
  if (e.type === 'cree')
    return {
      id,
      formulaire: e.formulaire,
      opco: e.cerfa.opco,
      etat: 'brouillon',
      version: 1,
      cerfa: e.cerfa,
      dateTransmission: null,
      dateComplet: null,
      echeance: null,
      silence: null,
      manquants: [],
      instruction: null,
      aVerifier: [],
      engagement: null,
      decision: null,
      rupture: null,
      avenants: 0,
    };
  if (!d) throw new Error(`événement ${e.type} sans dossier`);
  const n: Dossier = { ...d, version: d.version + 1, etat: etatApres[e.type] ?? d.etat };
  switch (e.type) {
    case 'modifie':
      return { ...n, cerfa: e.cerfa, opco: e.cerfa.opco };
    case 'transmis':
      return { ...n, dateTransmission: e.date };
    case 'declare_incomplet':
      return { ...n, manquants: e.manquants };
    case 'complet':
      return { ...n, manquants: [], dateComplet: e.date, echeance: e.echeance, silence: e.silence };
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
          implicite: d.decision?.implicite ?? false,
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
          implicite: d.decision?.implicite ?? false,
          raisons: e.raisons,
          motif: null,
        },
      };
    case 'decision_implicite':
      return {
        ...n,
        decision: {
          sens: e.sens === 'refus' ? 'refuse' : 'engage',
          date: e.date,
          automatique: true,
          implicite: true,
          raisons: [],
          motif: null,
        },
      };
    case 'avenant':
      return {
        ...n,
        cerfa: e.cerfa,
        engagement: e.engagement ?? d.engagement,
        avenants: d.avenants + 1,
      };
    case 'rupture':
      return {
        ...n,
        rupture: { dateEffet: e.dateEffet, motif: e.motif },
        engagement: e.engagement ?? d.engagement,
      };
    case 'annule':
      return { ...n, engagement: null };
    default:
      return n;
  }
}

/** The current dossier: the fold of its events, in order. */
export function deriver(id: string, evenements: readonly Evenement[]): Dossier | null {
  let d: Dossier | null = null;
  for (const e of evenements) d = appliquer(d, e, id);
  return d;
}

function instruire(c: ContexteDossier, cerfa: Cerfa, date: string): Instruction {
  const resultats: ResultatControle[] =
    cerfa.formulaire === 'FA13'
      ? instruireApprentissage(c.droit, cerfa, c.referentiels)
      : instruireProfessionnalisation(c.droit, cerfa, c.referentiels);
  const conclusion = resultats.some((r) => r.resultat === 'bloquant')
    ? 'bloquant'
    : resultats.some((r) => r.resultat === 'a_verifier')
      ? 'a_verifier'
      : 'conforme';
  return { date, resultats, conclusion };
}

function calculerEngagement(
  c: ContexteDossier,
  d: Dossier,
  cerfa: Cerfa,
  date: string,
  rang: number,
  rupture: { dateRupture?: string; dateNouveauContrat?: string } = {},
): EngagementCalcule | null {
  const e = { dossierId: d.id, versionDossier: rang, opco: d.opco, date };
  return cerfa.formulaire === 'FA13'
    ? engagementApprentissage(c.moteur, cerfa as CerfaFa13, c.npec, e, rupture)
    : engagementProfessionnalisation(c.droit, cerfa as CerfaEj20, e);
}

const raisonsDe = (i: Instruction): Raison[] =>
  i.resultats
    .filter((r) => r.resultat === 'bloquant')
    .map((r) => ({ code: r.code, message: r.message, articles: r.articles }));

/** Deadline: the 20th (calendar) day after the day the file is complete. */
export function echeanceDecision(
  droit: Droit,
  formulaire: 'FA13' | 'EJ20',
  dateComplet: string,
): { echeance: string; silence: 'refus' | 'acceptation' } | null {
  const pp = formulaire === 'FA13' ? P.app : P.pro;
  const jours = nombreAu(droit, pp.delaiDecisionJours, dateComplet);
  const silence = texteAu(droit, pp.silence, dateComplet);
  if (jours === undefined || (silence !== 'refus' && silence !== 'acceptation')) return null;
  return { echeance: iso(jour(dateComplet) + jours), silence };
}

/** The events a complete file produces: clock started, checks run, automatic outcome. */
function transmettreComplet(c: ContexteDossier, d: Dossier, date: string): Evenement[] {
  const ev: Evenement[] = [];
  const delai = echeanceDecision(c.droit, d.formulaire, date);
  ev.push({
    type: 'complet',
    date,
    echeance: delai?.echeance ?? date,
    silence: delai?.silence ?? 'refus',
  });
  const instruction = instruire(c, d.cerfa, date);
  ev.push({ type: 'instruit', date, instruction });
  if (instruction.conclusion === 'bloquant') {
    ev.push({ type: 'refuse', date, raisons: raisonsDe(instruction), automatique: true });
    return ev;
  }
  if (instruction.conclusion === 'a_verifier') {
    const codes = instruction.resultats
      .filter((r) => r.resultat === 'a_verifier')
      .map((r) => r.code);
    ev.push({ type: 'mis_en_attente', date, aVerifier: codes });
    return ev;
  }
  const engagement = calculerEngagement(c, d, d.cerfa, date, d.version + ev.length + 1);
  if (!engagement) {
    ev.push({ type: 'mis_en_attente', date, aVerifier: ['engagement.npec'] });
    return ev;
  }
  if (c.fondsInsuffisants) {
    const fonds = resultat('engagement.fonds_disponibles', 'a_verifier', c.fondsInsuffisants);
    ev[1] = {
      type: 'instruit',
      date,
      instruction: {
        ...instruction,
        resultats: [...instruction.resultats, fonds],
        conclusion: 'a_verifier',
      },
    };
    ev.push({ type: 'mis_en_attente', date, aVerifier: [fonds.code] });
    return ev;
  }
  ev.push({ type: 'engage', date, engagement, automatique: true, motif: null });
  return ev;
}

function executer(
  c: ContexteDossier,
  d: Dossier | null,
  cmd: Commande,
  date: string,
): Evenement[] | Resultat {
  if (cmd.type === 'creer')
    return [{ type: 'cree', date, formulaire: cmd.cerfa.formulaire, cerfa: cmd.cerfa }];
  if (!d) return refus('dossier_inconnu', 'Dossier inconnu.');
  switch (cmd.type) {
    case 'modifier':
      if (cmd.cerfa.formulaire !== d.formulaire)
        return refus(
          'formulaire',
          `Le dossier est un ${d.formulaire} : le formulaire ne change pas.`,
        );
      return [{ type: 'modifie', date, cerfa: cmd.cerfa }];
    case 'transmettre': {
      const manquants =
        d.cerfa.formulaire === 'FA13'
          ? piecesManquantesApprentissage(d.cerfa)
          : piecesManquantesProfessionnalisation(d.cerfa);
      const ev: Evenement[] = [{ type: 'transmis', date }];
      if (manquants.length > 0) return [...ev, { type: 'declare_incomplet', date, manquants }];
      return [...ev, ...transmettreComplet(c, appliquer(d, ev[0] as Evenement), date)];
    }
    case 'decider': {
      const motif = cmd.motif.trim();
      if (motif.length === 0)
        return refus(
          'motif_obligatoire',
          'Une décision est motivée : le motif est obligatoire.',
          definitionControle('dossier.delai_decision').articles,
        );
      if (cmd.sens === 'refuser')
        return [
          {
            type: 'refuse',
            date,
            automatique: false,
            raisons: [{ code: 'decision_gestionnaire', message: motif, articles: [] }],
          },
        ];
      const engagement = calculerEngagement(c, d, d.cerfa, date, d.version + 1);
      if (!engagement)
        return refus(
          'engagement_incalculable',
          "L'engagement ne peut pas être calculé : aucun NPEC (référentiel, saisie ou amorçage) pour cette certification à cette date.",
        );
      return [{ type: 'engage', date, engagement, automatique: false, motif }];
    }
    case 'appliquer_silence': {
      if (!d.echeance || date <= d.echeance)
        return refus(
          'delai_non_echu',
          `Le délai de décision court jusqu'au ${d.echeance ?? '—'} inclus.`,
        );
      const articles = definitionControle('dossier.delai_decision').articles.filter((a) =>
        d.silence === 'refus' ? a.article === 'R6224-3' : a.article === 'D6325-2',
      );
      if (d.silence === 'refus')
        return [
          { type: 'decision_implicite', date, sens: 'refus', articles },
          {
            type: 'refuse',
            date,
            automatique: true,
            raisons: [
              {
                code: 'silence_vaut_refus',
                message: `Aucune décision au ${d.echeance} : le silence de l'OPCO vaut refus de prise en charge.`,
                articles,
              },
            ],
          },
        ];
      const engagement = calculerEngagement(c, d, d.cerfa, date, d.version + 2);
      return [
        { type: 'decision_implicite', date, sens: 'acceptation', articles },
        ...(engagement
          ? [
              {
                type: 'engage' as const,
                date,
                engagement,
                automatique: true,
                motif: `Aucune décision au ${d.echeance} : prise en charge réputée acceptée et contrat réputé déposé.`,
              },
            ]
          : []),
      ];
    }
    case 'avenant': {
      if (cmd.cerfa.formulaire !== d.formulaire)
        return refus(
          'formulaire',
          `Le dossier est un ${d.formulaire} : le formulaire ne change pas.`,
        );
      const instruction = instruire(c, cmd.cerfa, date);
      if (instruction.conclusion === 'bloquant')
        return { ok: false, raisons: raisonsDe(instruction) };
      const engagement = calculerEngagement(c, d, cmd.cerfa, date, d.version + 1);
      return [
        {
          type: 'avenant',
          date,
          dateEffet: cmd.dateEffet,
          cerfa: cmd.cerfa,
          engagement,
          difference: difference(
            d.engagement,
            engagement ?? d.engagement,
            `Avenant au ${cmd.dateEffet}`,
          ),
        },
      ];
    }
    case 'rompre': {
      if (cmd.dateEffet < d.cerfa.contrat.dateDebut)
        return refus(
          'rupture_avant_debut',
          `Rupture au ${cmd.dateEffet}, avant le début du contrat (${d.cerfa.contrat.dateDebut}) : c'est une annulation.`,
        );
      const engagement =
        d.cerfa.formulaire === 'FA13'
          ? calculerEngagement(c, d, d.cerfa, date, d.version + 1, {
              dateRupture: cmd.dateEffet,
              ...(cmd.dateNouveauContrat ? { dateNouveauContrat: cmd.dateNouveauContrat } : {}),
            })
          : d.engagement;
      return [
        {
          type: 'rupture',
          date,
          dateEffet: cmd.dateEffet,
          motif: cmd.motif,
          engagement,
          difference: difference(d.engagement, engagement, `Rupture au ${cmd.dateEffet}`),
        },
      ];
    }
    case 'annuler':
      if (d.etat === 'engage' && date >= d.cerfa.contrat.dateDebut)
        return refus(
          'annulation_apres_debut',
          `Le contrat a commencé le ${d.cerfa.contrat.dateDebut} : une rupture, pas une annulation.`,
        );
      return [{ type: 'annule', date, motif: cmd.motif }];
    case 'solder':
      return [{ type: 'solde', date }];
  }
}

/**
 * THE transition: (dossier, command, date) → the events to record and the new dossier, or a
 * refusal with its reasons. Pure; `date` is the day the command is asked.
 */
export function transition(
  c: ContexteDossier,
  d: Dossier | null,
  cmd: Commande,
  date: string,
): Resultat {
  const depuis = d?.etat ?? null;
  if (!transitions[cmd.type].includes(depuis))
    return refus(
      'transition_interdite',
      `« ${cmd.type} » n'est pas possible sur un dossier ${depuis ?? 'inexistant'}.`,
    );
  const r = executer(c, d, cmd, date);
  if (!Array.isArray(r)) return r;
  let n = d;
  for (const e of r) n = appliquer(n, e, cmd.type === 'creer' ? cmd.id : d?.id);
  return { ok: true, dossier: n as Dossier, evenements: r };
}
