/**
 * Apprentice minimum wage over the whole contract (L6222-27, D6222-26 to D6222-32, R6222-48),
 * split into periods wherever a rate, a base or the SMIC changes. Each legal step is a small
 * function returning its value and explanation (pas-a-pas.ts). Rule parameters are read at the
 * date of conclusion (the version of the decree that governs the contract, see the NOTA of
 * D6222-28-1 to D6222-32); the SMIC is read at each period's first day.
 */
import { ajouterAnnees, ajouterMois, iso, jour } from '../dates.ts';
import type { Droit } from '../parametres/droit.ts';
import {
  arrondiRationnel,
  calcul,
  entree,
  liste,
  nombre,
  parametre,
  parametreSiDefini,
  referencesDe,
  regle,
  type Evalue,
} from '../pas-a-pas.ts';
import {
  ageAu,
  anneeDepuis,
  dernierJourDuMoisPrecedent,
  premierJourDuMoisSuivant,
} from './calendrier.ts';
import { smicMensuel, type SmicMensuel } from './smic.ts';
import {
  TRANCHES,
  type PeriodeSalaire,
  type RefusAge,
  type ResultatSalaireApprenti,
  type SituationSalaireApprenti,
  type Tranche,
} from './types.ts';

const P = 'apprentissage.salaire_minimum';
const REGLE = 'salaire minimum de l’apprenti';

const LIBELLES_TRANCHE: Record<Tranche, string> = {
  '16_17_ans': 'moins de 18 ans',
  '18_20_ans': '18 à 20 ans',
  '21_25_ans': '21 à 25 ans',
  '26_ans_et_plus': '26 ans et plus',
};

/** The contract's days, and what the rules read at the date of conclusion. */
interface Contexte {
  droit: Droit;
  s: SituationSalaireApprenti;
  naissance: number;
  debut: number;
  fin: number;
  conclusion: number;
  /** Start from which years of execution are counted (earlier than debut under D6222-28-1). */
  debutCycle: Evalue<number>;
  /** First day after the training cycle when the contract is longer (D6222-28-2). */
  finCycle: number | null;
  prolongation: number | null;
}

type AuContrat = Pick<Contexte, 'droit' | 'conclusion' | 's'>;
function regleAuContrat(c: AuContrat, id: string) {
  return parametre(c.droit, `${P}.${id}`, c.conclusion, REGLE, c.s.dateConclusion);
}
function regleSiDefinie(c: AuContrat, id: string) {
  return parametreSiDefini(c.droit, `${P}.${id}`, c.conclusion);
}

// ——— L6222-1: minimum age at the start ———

export function verifierAgeMinimum(
  droit: Droit,
  s: Pick<SituationSalaireApprenti, 'dateNaissance' | 'dateDebut' | 'premierCycleSecondaireAcheve'>,
): { refus: RefusAge | null; explication: Evalue<boolean> } {
  const j = jour(s.dateDebut);
  const age = ageAu(jour(s.dateNaissance), j);
  const id = s.premierCycleSecondaireAcheve
    ? 'apprentissage.age_minimum.premier_cycle_secondaire_acheve'
    : 'apprentissage.age_minimum.general';
  const minimum = nombre(parametre(droit, id, j, 'âge minimum de l’apprenti', s.dateDebut));
  const ageE = entree('age_debut', 'Âge au début de l’apprentissage', age, 'ans');
  const cycle = entree(
    'premier_cycle_secondaire_acheve',
    'Scolarité du premier cycle de l’enseignement secondaire accomplie',
    s.premierCycleSecondaireAcheve === true,
  );
  const admis = age >= minimum.valeur;
  const explication = calcul(
    'age_minimum_atteint',
    'Âge minimum atteint au début de l’apprentissage',
    'condition',
    [ageE, minimum, cycle],
    admis,
  );
  return {
    refus: admis
      ? null
      : { age, ageMinimum: minimum.valeur, references: minimum.noeud.references ?? [] },
    explication,
  };
}

// ——— Years of execution ———

/** D6222-28-1: a contract shorter than the cycle is paid as if the whole cycle were done. */
function debutDuCycle(c: Omit<Contexte, 'debutCycle'>): Evalue<number> {
  const debut = entree('date_debut', 'Début d’exécution du contrat', c.s.dateDebut);
  const cycle = c.s.dureeCycleMois;
  const regleCycle = regleSiDefinie(c, 'contrat_court_compte_le_cycle');
  if (cycle === undefined || regleCycle?.valeur !== true) return { ...debut, valeur: c.debut };
  const virtuel = ajouterMois(c.fin + 1, -cycle);
  if (virtuel >= c.debut) return { ...debut, valeur: c.debut };
  const e = calcul(
    'debut_du_cycle',
    'Début du cycle de formation compté pour la rémunération (fin du contrat − durée du cycle)',
    'date',
    [entree('duree_cycle_mois', 'Durée du cycle de formation', cycle, 'mois'), regleCycle],
    iso(virtuel),
  );
  return { ...e, valeur: virtuel };
}

/** Year whose rate applies on a day, after the rules that freeze or fix it. */
function anneeRetenue(c: Contexte, j: number): Evalue<number> {
  let annee: Evalue<number> = calcul(
    'annee_execution',
    'Année d’exécution du contrat',
    'date',
    [c.debutCycle],
    anneeDepuis(c.debutCycle.valeur, j),
  );
  if (c.debutCycle.valeur !== c.debut)
    annee = calcul('annee_du_cycle', 'Année du cycle', 'date', [annee], annee.valeur);
  const longue = regleSiDefinie(c, 'contrat_long_derniere_annee_du_cycle');
  if (c.finCycle !== null && j >= c.finCycle && longue?.valeur === true)
    annee = calcul(
      'annee_avant_depassement_du_cycle',
      'Dernière année d’exécution avant le dépassement de la durée du cycle',
      'date',
      [annee, longue],
      anneeDepuis(c.debutCycle.valeur, c.finCycle - 1),
    );
  if (c.prolongation !== null && j >= c.prolongation) {
    const motif = c.s.prolongation?.motif;
    const texte =
      motif === 'handicap'
        ? regleAuContrat(c, 'majoration_prolongation_handicap')
        : regleAuContrat(c, 'prolongation_echec_derniere_annee');
    annee = calcul(
      'annee_avant_prolongation',
      'Dernière année précédant la prolongation',
      'date',
      [
        annee,
        entree('prolongation', 'Prolongation de l’apprentissage depuis', iso(c.prolongation)),
        texte,
      ],
      anneeDepuis(c.debutCycle.valeur, c.prolongation - 1),
    );
  }
  const licence = c.s.licenceProfessionnelle
    ? regleSiDefinie(c, 'annee_licence_professionnelle')
    : undefined;
  if (licence && typeof licence.valeur === 'number')
    annee = calcul(
      'annee_licence_professionnelle',
      'Année retenue pour une licence professionnelle',
      'valeur',
      [licence],
      licence.valeur,
    );
  return annee;
}

// ——— Age bracket (D6222-26, D6222-27, D6222-31) ———

/** Bracket on a day: age reached by the end of the previous month (raised on the 1st of the month after a birthday). */
function trancheDuJour(c: Contexte, j: number): Evalue<number> {
  const bornes = liste(regleAuContrat(c, 'bornes_age'));
  const age = ageAu(c.naissance, dernierJourDuMoisPrecedent(j));
  const rang = bornes.valeur.filter((b) => age >= b).length;
  const ageE = entree('age_retenu', 'Âge atteint à la fin du mois précédent', age, 'ans');
  const moins16 = age < 16 ? regleAuContrat(c, 'moins_16_ans_comme_16_17_ans') : undefined;
  return calcul(
    'tranche_age',
    `Tranche d’âge : ${LIBELLES_TRANCHE[TRANCHES[rang] ?? '26_ans_et_plus']}`,
    'bareme',
    [bornes, ageE, moins16],
    rang,
  );
}

// ——— Rate ———

function tauxDuJour(
  c: Contexte,
  j: number,
  rang: Evalue<number>,
  annee: Evalue<number>,
): Evalue<number> {
  const tranche = TRANCHES[rang.valeur] ?? '26_ans_et_plus';
  const grille = liste(regleAuContrat(c, tranche));
  const ligne = Math.min(annee.valeur, grille.valeur.length);
  let taux: Evalue<number> = calcul(
    'taux_grille',
    `Taux de la grille (${LIBELLES_TRANCHE[tranche]}, année ${ligne})`,
    'bareme',
    [grille, rang, annee],
    grille.valeur[ligne - 1] ?? 1,
    '/1',
  );
  const majorations = majorationsDuJour(c, j);
  if (majorations.length > 0) {
    const somme = majorations.reduce((x, m) => x + m.valeur, 0);
    const majore = calcul(
      'taux_majore',
      'Taux majoré',
      'somme',
      [taux, ...majorations],
      taux.valeur + somme,
      '/1',
    );
    const plafond = regleSiDefinie(c, 'plafond_majorations');
    taux =
      plafond && typeof plafond.valeur === 'number'
        ? calcul(
            'taux_majore_plafonne',
            'Taux majoré, plafonné',
            'maximum',
            [
              taux,
              calcul(
                'plafonnement',
                'Taux majoré dans la limite du plafond',
                'minimum',
                [majore, plafond],
                Math.min(majore.valeur, plafond.valeur),
                '/1',
              ),
            ],
            Math.max(taux.valeur, Math.min(majore.valeur, plafond.valeur)),
            '/1',
          )
        : majore;
  }
  const precedent = c.s.tauxContratPrecedent;
  if (precedent !== undefined && precedent > taux.valeur)
    taux = calcul(
      'taux_contrat_precedent',
      'Taux au moins égal à celui de la dernière année du contrat précédent (D6222-29)',
      'maximum',
      [
        taux,
        entree(
          'taux_contrat_precedent',
          'Taux de la dernière année du contrat précédent',
          precedent,
          '/1',
        ),
      ],
      precedent,
      '/1',
    );
  return taux;
}

function majorationsDuJour(c: Contexte, j: number): Evalue<number>[] {
  const m: Evalue<number>[] = [];
  if (c.prolongation !== null && j >= c.prolongation && c.s.prolongation?.motif === 'handicap')
    m.push(nombre(regleAuContrat(c, 'majoration_prolongation_handicap')));
  if (c.s.diplomeMemeNiveau) {
    const points = regleSiDefinie(c, 'majoration_meme_niveau');
    const duree = regleSiDefinie(c, 'duree_max_meme_niveau_mois');
    if (
      points &&
      duree &&
      typeof duree.valeur === 'number' &&
      ajouterMois(c.debut, duree.valeur) > c.fin
    )
      m.push(nombre(points));
  }
  return m;
}

// ——— Base: SMIC, or the conventional minimum when higher (D6222-26 3° and 4°) ———

interface Base {
  type: 'SMIC' | 'SMC';
  num: number;
  den: number;
  smic: SmicMensuel;
}

function baseDuJour(c: Contexte, j: number, rang: Evalue<number>): Evalue<Base> {
  const smic = smicMensuel(c.droit, j, c.s.mayotte === true);
  const smc = c.s.salaireMinimumConventionnel;
  const ageSmc = nombre(regleAuContrat(c, 'age_salaire_conventionnel'));
  const bornes = liste(regleAuContrat(c, 'bornes_age')).valeur;
  const trancheSmc = bornes.filter((b) => ageSmc.valeur >= b).length;
  const s = smic.valeur;
  if (smc === undefined || rang.valeur < trancheSmc || smc * s.den <= s.num)
    return { valeur: { type: 'SMIC', num: s.num, den: s.den, smic: s }, noeud: smic.noeud };
  const e = calcul(
    'base_smc',
    'Base : salaire minimum conventionnel, supérieur au SMIC',
    'maximum',
    [
      smic,
      entree(
        'salaire_minimum_conventionnel',
        'Salaire minimum conventionnel de l’emploi',
        smc / 100,
        '€',
      ),
      ageSmc,
    ],
    smc / 100,
    '€',
  );
  return { valeur: { type: 'SMC', num: smc, den: 1, smic: s }, noeud: e.noeud };
}

// ——— One period ———

function salaireDeLaPeriode(c: Contexte, du: number, au: number): PeriodeSalaire {
  const rang = trancheDuJour(c, du);
  const annee = anneeRetenue(c, du);
  const taux = tauxDuJour(c, du, rang, annee);
  const base = baseDuJour(c, du, rang);
  const pointsDeBase = Math.round(taux.valeur * 10000);
  const montant = arrondiRationnel(base.valeur.num * pointsDeBase, base.valeur.den * 10000);
  const r = regle(
    'salaire_minimum_periode',
    `Salaire minimum mensuel du ${iso(du)} au ${iso(au)}`,
    montant / 100,
    [
      calcul(
        'montant_mensuel',
        'Salaire minimum mensuel',
        'arrondi',
        [
          calcul(
            'taux_fois_base',
            'Taux × base',
            'produit',
            [taux, base],
            ((base.valeur.num / base.valeur.den) * taux.valeur) / 100,
            '€',
          ),
        ],
        montant / 100,
        '€',
      ),
    ],
    '€',
  );
  return {
    du: iso(du),
    au: iso(au),
    age: ageAu(c.naissance, du),
    tranche: TRANCHES[rang.valeur] ?? '26_ans_et_plus',
    anneeExecution: anneeDepuis(c.debut, du),
    anneeRetenue: annee.valeur,
    tauxPourcent: pointsDeBase / 100,
    base: base.valeur.type,
    smicHoraireCentimes: base.valeur.smic.horaire,
    baseMensuelleCentimes: arrondiRationnel(base.valeur.num, base.valeur.den),
    montantMensuelCentimes: montant,
    explication: r.noeud,
  };
}

// ——— Periods ———

/** Days where something may change: anniversaries, birthdays (1st of the next month), SMIC, cycle, prolongation. */
function changements(c: Contexte): number[] {
  const j = new Set<number>();
  for (let k = 1; ajouterAnnees(c.debutCycle.valeur, k) <= c.fin; k++)
    j.add(ajouterAnnees(c.debutCycle.valeur, k));
  for (const b of liste(regleAuContrat(c, 'bornes_age')).valeur)
    j.add(premierJourDuMoisSuivant(ajouterAnnees(c.naissance, b)));
  const smic = c.droit.parametre(c.s.mayotte ? 'smic.horaire_mayotte' : 'smic.horaire');
  for (const v of smic.valeurs) j.add(v.depuisJour);
  if (c.finCycle !== null) j.add(c.finCycle);
  if (c.prolongation !== null) j.add(c.prolongation);
  return [...j].filter((x) => x > c.debut && x <= c.fin).sort((a, b) => a - b);
}

function contexte(droit: Droit, s: SituationSalaireApprenti): Contexte {
  const debut = jour(s.dateDebut);
  const fin = jour(s.dateFin);
  const sansCycle = {
    droit,
    s,
    naissance: jour(s.dateNaissance),
    debut,
    fin,
    conclusion: jour(s.dateConclusion),
    finCycle:
      s.dureeCycleMois !== undefined && ajouterMois(debut, s.dureeCycleMois) <= fin
        ? ajouterMois(debut, s.dureeCycleMois)
        : null,
    prolongation: s.prolongation ? jour(s.prolongation.depuis) : null,
  };
  return { ...sansCycle, debutCycle: debutDuCycle(sansCycle) };
}

/** The minimum wage of every period of the contract, with the explanation and its references. */
export function evaluerSalaireApprenti(
  droit: Droit,
  s: SituationSalaireApprenti,
): ResultatSalaireApprenti {
  const c = contexte(droit, s);
  const bornes = [c.debut, ...changements(c), c.fin + 1];
  const brutes = bornes
    .slice(0, -1)
    .map((du, i) => salaireDeLaPeriode(c, du, (bornes[i + 1] as number) - 1));
  const periodes = fusionner(brutes);
  const explication = regle(
    'salaire_minimum_apprenti',
    'Salaire minimum de l’apprenti, période par période',
    periodes.length,
    periodes.map((p) => ({ valeur: p.montantMensuelCentimes, noeud: p.explication })),
    'périodes',
  ).noeud;
  return {
    ageDebut: ageAu(c.naissance, c.debut),
    periodes,
    avertissements: avertissements(c),
    explication,
    references: referencesDe(explication),
  };
}

/** Options of the situation that no rule governing the contract applies, and why. */
function avertissements(c: Contexte): string[] {
  const a: string[] = [];
  const horsPeriode = (id: string, demande: string) => {
    if (regleSiDefinie(c, id)) return;
    const p = c.droit.parametre(`${P}.${id}`);
    const article = p.valeurs[0]?.references[0]?.article ?? '';
    a.push(
      `${demande} : ${article} ne s’applique qu’aux contrats conclus à compter du ${p.valeurs[0]?.depuis ?? ''} ; non appliqué au contrat conclu le ${c.s.dateConclusion}.`,
    );
  };
  if (c.s.dureeCycleMois !== undefined) {
    if (
      c.debutCycle.valeur === c.debut &&
      c.finCycle === null &&
      ajouterMois(c.fin + 1, -c.s.dureeCycleMois) < c.debut
    )
      horsPeriode('contrat_court_compte_le_cycle', 'Contrat plus court que le cycle');
    if (c.finCycle !== null)
      horsPeriode('contrat_long_derniere_annee_du_cycle', 'Contrat plus long que le cycle');
  }
  if (c.s.licenceProfessionnelle)
    horsPeriode('annee_licence_professionnelle', 'Licence professionnelle');
  if (c.s.diplomeMemeNiveau) {
    horsPeriode('majoration_meme_niveau', 'Diplôme de même niveau');
    const duree = regleSiDefinie(c, 'duree_max_meme_niveau_mois');
    if (duree && typeof duree.valeur === 'number' && ajouterMois(c.debut, duree.valeur) <= c.fin)
      a.push(
        `Diplôme de même niveau : la majoration de D6222-30 ne vaut que pour un contrat d’au plus ${duree.valeur} mois ; non appliquée.`,
      );
  }
  return a;
}

/** Consecutive periods with the same rate, base and amount are one period. */
function fusionner(periodes: PeriodeSalaire[]): PeriodeSalaire[] {
  const r: PeriodeSalaire[] = [];
  for (const p of periodes) {
    const d = r.at(-1);
    if (
      d &&
      d.tranche === p.tranche &&
      d.anneeExecution === p.anneeExecution &&
      d.anneeRetenue === p.anneeRetenue &&
      d.tauxPourcent === p.tauxPourcent &&
      d.base === p.base &&
      d.montantMensuelCentimes === p.montantMensuelCentimes
    ) {
      r[r.length - 1] = {
        ...d,
        au: p.au,
        explication: {
          ...d.explication,
          libelle: d.explication.libelle.replace(/au \d{4}-\d{2}-\d{2}$/, `au ${p.au}`),
        },
      };
    } else r.push(p);
  }
  return r;
}

/**
 * The minimum wage for one age, year of execution and date, without a contract (kept for the
 * checks against modele-social's grid): same steps as a period of a contract.
 */
export function salaireMinimumApprenti(
  droit: Droit,
  e: { age: number; anneeExecution: number; date: string; mayotte?: boolean },
): { taux: number; smicMensuel: number; montant: number } {
  const j = jour(e.date);
  // A birth on the 1st of the month before, e.age years earlier, so that the bracket is e.age's.
  const naissance = ajouterAnnees(jour(`${e.date.slice(0, 8)}01`) - 1, -e.age);
  const debut = ajouterAnnees(j, -(e.anneeExecution - 1));
  const r = evaluerSalaireApprenti(droit, {
    dateNaissance: iso(naissance),
    dateConclusion: iso(debut),
    dateDebut: iso(debut),
    dateFin: iso(j),
    mayotte: e.mayotte === true,
  });
  const p = r.periodes.at(-1) as PeriodeSalaire;
  return {
    taux: p.tauxPourcent / 100,
    smicMensuel: arrondiRationnel(
      smicMensuel(droit, j, e.mayotte === true).valeur.num,
      smicMensuel(droit, j, e.mayotte === true).valeur.den,
    ),
    montant: p.montantMensuelCentimes,
  };
}
