/**
 * Apprentice minimum wage over the whole contract, served from its rules
 * (droit/regles/salaire_apprenti: L6222-27, D6222-26 to D6222-32, R6222-48): the periods come
 * from the `periodes` mechanism, their values and explanation from the same evaluation. This
 * file only maps the situation to the rules' inputs and their values to the response.
 */
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ajouterAnnees, iso, jour } from '../dates.ts';
import { evaluateurDe } from '../dispositifs/evaluateur.ts';
import type { Noeud } from '../explication.ts';
import type { PeriodeCalculee } from '../mecanismes/periodes.ts';
import type { Droit } from '../parametres/droit.ts';
import { evaluerRegle, referencesDe, type ContexteExplique } from '../regles/evaluation.ts';
import { presenterExplication } from '../regles/presentation.ts';
import type { Valeur } from '../regles/valeurs.ts';
import {
  TRANCHES,
  type PeriodeSalaireRapide,
  type RefusAge,
  type ResultatSalaireApprenti,
  type SituationSalaireApprenti,
} from './types.ts';

const D = 'salaire_apprenti';
const P = 'apprentissage.salaire_minimum';

/**
 * The rules' inputs: the situation, with the prolongation's motive as a boolean (an absent
 * boolean input reads as false: the situation itself when there is no such prolongation).
 */
function entrees(s: SituationSalaireApprenti): object {
  return s.prolongation?.motif === 'handicap' ? { ...s, prolongationHandicap: true } : s;
}

const nombre = (v: Valeur | undefined): number => (typeof v === 'number' ? v : Number.NaN);

/** One period's fields as the response names them (money in cents). */
function periode(p: PeriodeCalculee): PeriodeSalaireRapide {
  const v = p.valeurs;
  if (typeof v.montant !== 'number')
    throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', {
      parametre: 'smic.horaire',
      date: iso(p.du),
      regle: 'SMIC mensuel',
    });
  const rang = nombre(v.tranche);
  return {
    du: iso(p.du),
    au: iso(p.au),
    age: nombre(v.age),
    tranche: TRANCHES[rang] ?? '26_ans_et_plus',
    anneeExecution: nombre(v.annee_execution),
    anneeRetenue: nombre(v.annee_retenue),
    tauxPourcent: nombre(v.points) / 100,
    base: v.base_conventionnelle === true ? 'SMC' : 'SMIC',
    smicHoraireCentimes: nombre(v.smic_horaire),
    baseMensuelleCentimes: nombre(v.base_mensuelle),
    montantMensuelCentimes: v.montant,
  };
}

/** Bulk path: the periods from the compiled rules, no explanation (dossier instruction). */
export function salaireApprentiRapide(
  droit: Droit,
  s: SituationSalaireApprenti,
): PeriodeSalaireRapide[] {
  const [v] = evaluateurDe(droit, D).rapide(entrees(s), [D]);
  return ((v ?? []) as readonly PeriodeCalculee[]).map(periode);
}

/** L6222-1: the apprentice's age at the start against the minimum, from the same rules. */
export function verifierAgeMinimum(
  droit: Droit,
  s: Pick<SituationSalaireApprenti, 'dateNaissance' | 'dateDebut' | 'premierCycleSecondaireAcheve'>,
): { refus: RefusAge | null; explication: { noeud: Noeud } } {
  const c = evaluateurDe(droit, D).contexte({ ...s, dateConclusion: s.dateDebut });
  // The check first (its node shows the computation), then the refusal that reads it.
  const atteint = evaluerRegle(c, `${D}.age_minimum_atteint`);
  const refus = evaluerRegle(c, `${D}.refus.trop_jeune`);
  const age = evaluerRegle(c, `${D}.age_debut`).v;
  const minimum = evaluerRegle(c, `${D}.age_minimum`).v;
  if (typeof minimum !== 'number')
    throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', {
      parametre: 'apprentissage.age_minimum.general',
      date: s.dateDebut,
      regle: 'âge minimum de l’apprenti',
    });
  return {
    refus:
      refus.v === true
        ? { age: nombre(age), ageMinimum: minimum, references: refus.n.references ?? [] }
        : null,
    explication: { noeud: presenterExplication(atteint.n, c.dispositif.regles) },
  };
}

/** Options given that no rule governing the contract applies, in French (as the warnings say). */
function avertissements(c: ContexteExplique, droit: Droit, conclusion: string): string[] {
  const horsPeriode = (id: string, demande: string) => {
    const p = droit.parametre(`${P}.${id}`);
    const article = p.valeurs[0]?.references[0]?.article ?? '';
    return `${demande} : ${article} ne s’applique qu’aux contrats conclus à compter du ${p.valeurs[0]?.depuis ?? ''} ; non appliqué au contrat conclu le ${conclusion}.`;
  };
  const duree = droit.trouver(`${P}.duree_max_meme_niveau_mois`, jour(conclusion))?.valeur.valeur;
  const messages: [string, () => string][] = [
    [
      'contrat_court',
      () => horsPeriode('contrat_court_compte_le_cycle', 'Contrat plus court que le cycle'),
    ],
    [
      'contrat_long',
      () => horsPeriode('contrat_long_derniere_annee_du_cycle', 'Contrat plus long que le cycle'),
    ],
    [
      'licence_professionnelle',
      () => horsPeriode('annee_licence_professionnelle', 'Licence professionnelle'),
    ],
    ['meme_niveau', () => horsPeriode('majoration_meme_niveau', 'Diplôme de même niveau')],
    [
      'meme_niveau_contrat_long',
      () =>
        `Diplôme de même niveau : la majoration de D6222-30 ne vaut que pour un contrat d’au plus ${String(duree)} mois ; non appliquée.`,
    ],
  ];
  return messages
    .filter(([motif]) => evaluerRegle(c, `${D}.avertissement.${motif}`).v === true)
    .map(([, m]) => m());
}

/** The minimum wage of every period of the contract, explained by its rules' evaluation. */
export function evaluerSalaireApprenti(
  droit: Droit,
  s: SituationSalaireApprenti,
): ResultatSalaireApprenti {
  const c = evaluateurDe(droit, D).contexte(entrees(s));
  const racine = evaluerRegle(c, D);
  const periodes = ((racine.v ?? []) as readonly PeriodeCalculee[]).map(periode);
  // The explanation a person reads: technical rules (interne) and computation nodes pruned.
  const explication = presenterExplication(racine.n, c.dispositif.regles);
  const noeudsPeriodes = (explication.enfants ?? []).filter((n) => n.code.startsWith('periode_'));
  const ageDebut = nombre(evaluerRegle(c, `${D}.age_debut`).v);
  const a = avertissements(c, droit, s.dateConclusion);
  return {
    ageDebut,
    periodes: periodes.map((p, i) => ({ ...p, explication: noeudsPeriodes[i] as Noeud })),
    avertissements: a,
    explication,
    references: referencesDe(c),
  };
}

/**
 * The minimum wage for one age, year of execution and date, without a contract (the checks
 * against modele-social's grid): a contract built so that its last period has these.
 */
export function salaireMinimumApprenti(
  droit: Droit,
  e: { age: number; anneeExecution: number; date: string; mayotte?: boolean },
): { taux: number; smicMensuel: number; montant: number } {
  const j = jour(e.date);
  // A birth on the 1st of the month before, e.age years earlier, so that the bracket is e.age's.
  const naissance = ajouterAnneesIso(jour(`${e.date.slice(0, 8)}01`) - 1, -e.age);
  const debut = ajouterAnneesIso(j, -(e.anneeExecution - 1));
  const p = salaireApprentiRapide(droit, {
    dateNaissance: naissance,
    dateConclusion: debut,
    dateDebut: debut,
    dateFin: e.date,
    mayotte: e.mayotte === true,
  }).at(-1) as PeriodeSalaireRapide;
  return {
    taux: p.tauxPourcent / 100,
    smicMensuel: p.baseMensuelleCentimes,
    montant: p.montantMensuelCentimes,
  };
}

function ajouterAnneesIso(n: number, annees: number): string {
  return iso(ajouterAnnees(n, annees));
}
