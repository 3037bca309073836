/**
 * Generated situations of the other funding schemes (bench/dispositifs.bench.ts and the snapshot
 * of the explained evaluation, tests/differentiel/explication-dispositifs.test.ts): dates over
 * the law's changes, refusals included. Deterministic (LCG seeded; one sequence shared by the
 * schemes in the order of the object, as the benchmark draws them).
 * Plan < 50: the OPCO barème is resolved once per (barème, date, headcount), as a bulk run over a
 * company portfolio would (the barème is data, not per-situation work).
 */
import { listerBaremes, resoudreBareme } from '../src/moteur/dispositifs/baremes.ts';
import { iso, jour, type Droit } from '../src/moteur/index.ts';

export function generateursDispositifs(
  droit: Droit,
  graineInitiale = 12345,
): Record<string, () => object> {
  let graine = graineInitiale;
  const alea = () => (graine = (graine * 1103515245 + 12345) % 2147483648) / 2147483648;
  const entier = (a: number, b: number) => a + Math.floor(alea() * (b - a + 1));
  const oui = (p = 0.5) => alea() < p;
  const date = (de: string, a: string) => iso(entier(jour(de), jour(a)));
  const baremes = listerBaremes(droit, 'plan_moins_50');
  const cacheBaremes = new Map<string, Record<string, number | boolean | undefined>>();
  function bareme(id: string, d: string, effectif: number) {
    const cle = `${id}|${d}|${effectif}`;
    let b = cacheBaremes.get(cle);
    if (!b) {
      b = resoudreBareme(droit, 'plan_moins_50', id, d, effectif).entrees;
      cacheBaremes.set(cle, b);
    }
    return b;
  }

  return {
    contrat_professionnalisation: () => {
      const total = entier(600, 2400);
      return {
        dateConclusion: date('2019-01-01', '2026-12-31'),
        dateDebut: date('2024-01-01', '2026-12-31'),
        dateReception: date('2024-01-01', '2026-12-31'),
        age: entier(16, 45),
        demandeurEmploi: oui(),
        inscritPlusDUnAn: oui(0.2),
        minimaSociaux: oui(0.1),
        sansDiplome: oui(0.3),
        geiq: oui(0.1),
        ...(oui(0.3) ? { forfaitHoraireBranche: entier(800, 1600) / 100 } : {}),
        dureeActionMois: entier(4, 30),
        heuresFormation: Math.round(total * (0.1 + alea() * 0.2)),
        heuresTotales: total,
        effectif: entier(1, 300),
        fraisReels: entier(1000, 9000),
      };
    },
    aide_tutorale: () => ({
      dateDebut: date('2019-01-01', '2026-12-31'),
      tuteurEmployeur: oui(0.3),
      effectif: entier(1, 60),
      formationHeures: entier(0, 60),
      tutoratMois: entier(0, 10),
      ageTuteur: entier(25, 64),
      publicPrioritaire: oui(0.2),
      maitreApprentissageMois: entier(0, 14),
      beneficiairesSimultanes: entier(1, 4),
    }),
    pro_a: () => {
      const total = entier(600, 2000);
      return {
        dateAvenant: date('2019-06-01', '2026-06-30'),
        cdi: oui(0.8),
        activitePartielle: oui(0.1),
        niveauQualification: entier(0, 7),
        certificationEligible: oui(0.8),
        cleaOuVae: oui(0.1),
        dureeMois: entier(4, 26),
        heuresFormation: Math.round(total * (0.1 + alea() * 0.2)),
        heuresTotales: total,
        remunerationPriseEnCharge: oui(),
        remunerationHoraire: entier(1000, 3000) / 100,
        effectif: entier(1, 200),
        fraisReels: entier(1000, 8000),
      };
    },
    periode_reconversion: () => ({
      dateAccord: date('2025-11-01', '2027-12-31'),
      dateDebut: date('2026-01-01', '2027-12-31'),
      externe: oui(0.3),
      contratAccueilCdd: oui(),
      dureeCddMois: entier(3, 24),
      socleClea: oui(0.1),
      heuresFormation: entier(100, 2300),
      dureeMois: entier(3, 40),
      accordDureeLongue: oui(0.3),
      droitsCpf: entier(0, 5000),
      accordRemuneration: oui(0.3),
      ecartRemuneration: entier(0, 5000),
      fraisPedagogiques: entier(1000, 9000),
    }),
    plan_moins_50: () => {
      const d = date('2020-01-01', '2026-12-31');
      const effectif = entier(1, 55);
      const id = baremes[entier(0, baremes.length - 1)] as string;
      return {
        dateDebut: d,
        effectif,
        heures: entier(3, 400),
        stagiaires: entier(1, 5),
        coutPedagogique: entier(200, 12000),
        salaireHoraire: entier(1100, 3000) / 100,
        fraisAnnexes: entier(0, 2000),
        dejaConsomme: entier(0, 4000),
        bareme: bareme(id, d, effectif),
      };
    },
    action_collective: () => ({
      dateSession: date('2024-01-01', '2026-12-31'),
      placesRestantes: entier(0, 12),
      stagiaires: entier(1, 4),
      effectif: entier(1, 300),
      ...(oui() ? { effectifMax: 49 } : {}),
      brancheEligible: oui(0.9),
      prixNegocie: entier(100, 1500),
      tauxFinancement: entier(0, 100) / 100,
    }),
    abondement_cpf: () => ({
      dateDemande: date('2019-01-01', '2026-12-31'),
      coutFormation: entier(300, 8000),
      droitsCpf: entier(0, 5000),
      effectif: entier(1, 300),
      tauxOpco: entier(0, 100) / 100,
      ...(oui() ? { plafondOpco: entier(500, 3000) } : {}),
      fondsConventionnels: oui(0.2),
    }),
    formation_ssct_cse: () => ({
      dateDebut: date('2021-06-01', '2026-12-31'),
      effectif: entier(1, 60),
      membreCse: oui(0.8),
      salarieCompetent: oui(0.2),
      premierMandat: oui(),
      jours: entier(2, 6),
      heures: entier(14, 42),
      stagiaires: entier(1, 4),
      coutPedagogique: entier(500, 4000),
      salaireHoraire: entier(1000, 3000) / 100,
      fraisAnnexes: entier(0, 500),
    }),
  };
}
