import Engine, { type Situation } from 'publicodes';
import rules from 'modele-social';
import { beforeAll, describe, expect, it } from 'vitest';
import { ajouterAnnees, iso, jour, salaireMinimumApprenti } from '../../src/moteur/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * Differential tests against the official Urssaf rules (modele-social 11 + publicodes 1) on the
 * quantities both compute: apprentice minimum wage and employer participation.
 */
let moteurUrssaf: Engine;
const moteur = moteurDeTest();
const fr = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

beforeAll(() => {
  moteurUrssaf = new Engine(rules, { logger: { log() {}, warn() {}, error() {} } });
});

function evaluer(situation: Record<string, string>, regle: string): number | null {
  moteurUrssaf.setSituation(situation as Situation<string>);
  const v = moteurUrssaf.evaluate(regle).nodeValue;
  return typeof v === 'number' ? v : null;
}

const tranches = [
  { age: 17, publicodes: "'moins de 18'" },
  { age: 19, publicodes: "'de 18 à 20'" },
  { age: 23, publicodes: "'de 21 à 25'" },
  { age: 30, publicodes: "'plus de 25'" },
];
const dates = [
  '2021-03-15',
  '2022-06-15',
  '2022-09-15',
  '2023-06-15',
  '2024-03-15',
  '2024-12-15',
  '2026-02-15',
  '2026-07-15',
];

describe('salaire minimum de l’apprenti (D6222-26) : moteur ↔ modele-social', () => {
  const grille = dates.flatMap((date) =>
    tranches.flatMap((t) =>
      [1, 2, 3].flatMap((annee) =>
        [false, true].map((mayotte) => ({ date, annee, mayotte, ...t })),
      ),
    ),
  );
  it.each(
    grille.map((g) => [
      `${g.age} ans, année ${g.annee}, au ${g.date}${g.mayotte ? ', Mayotte' : ''}`,
      g,
    ]),
  )('%s', (_n, g) => {
    // Hired (annee − 1) years and 30 days before the date: in the annee-th year of execution.
    const embauche = iso(ajouterAnnees(jour(g.date), -(g.annee - 1)) - 30);
    const urssaf = evaluer(
      {
        date: fr(g.date),
        'salarié . contrat': "'apprentissage'",
        'salarié . contrat . apprentissage . âge': g.publicodes,
        "salarié . contrat . date d'embauche": fr(embauche),
        'salarié . contrat . salaire brut': '1000 €/mois',
        ...(g.mayotte ? { 'établissement . commune . département': "'Mayotte'" } : {}),
      },
      'salarié . contrat . apprentissage . rémunération minimale',
    );
    const nous = salaireMinimumApprenti(moteur.droit, {
      age: g.age,
      anneeExecution: g.annee,
      date: g.date,
      mayotte: g.mayotte,
    });
    expect(urssaf).not.toBeNull();
    // Both count 35 × 52 / 12 hours exactly; modele-social rounds to the euro, we to the cent:
    // the same exact amount, so ours is within half a euro of theirs (ties such as 1 319,50 €
    // at Mayotte in 2023 are rounded down by publicodes' floating point, up by us).
    expect(Math.abs(nous.montant - (urssaf as number) * 100)).toBeLessThanOrEqual(50);
  });
});

describe("participation de l'employeur (R6332-25-1) : moteur ↔ modele-social", () => {
  const diplomes: [number, string][] = [
    [4, "'niveau 4 ou moins'"],
    [5, "'niveau 5'"],
    [6, "'niveau 6 ou 7'"],
    [7, "'niveau 6 ou 7'"],
  ];
  const cas = ['2025-06-30', '2025-07-01', '2025-09-01', '2026-01-05'].flatMap((d) =>
    diplomes.map(([niveau, diplome]) => ({ d, niveau, diplome })),
  );
  it.each(cas.map((c) => [`niveau ${c.niveau}, contrat du ${c.d}`, c]))('%s', (_n, c) => {
    const urssaf = evaluer(
      {
        date: fr(c.d),
        'salarié . contrat': "'apprentissage'",
        'salarié . contrat . apprentissage . diplôme': c.diplome,
        "salarié . contrat . date d'embauche": fr(c.d),
        'salarié . contrat . salaire brut': '1000 €/mois',
      },
      'salarié . régimes spécifiques . apprentissage . participation employeur',
    );
    const debut = jour(c.d);
    const r = moteur.evaluerApprentissage(
      {
        dateConclusion: c.d,
        dateDebut: c.d,
        dateFin: iso(ajouterAnnees(debut, 2) - 1),
        niveau: c.niveau as 4 | 5 | 6 | 7,
        npecAnnuel: 8000,
        partDistanciel: 0,
      },
      c.d,
    );
    expect(r.participationEmployeur).toBe(urssaf ?? 0);
  });

  it('diverge au niveau 8 : la loi dit « au moins au niveau 6 », modele-social se limite aux niveaux 6 et 7', () => {
    const r = moteur.evaluerApprentissage(
      {
        dateConclusion: '2025-09-01',
        dateDebut: '2025-09-01',
        dateFin: '2028-08-31',
        niveau: 8,
        npecAnnuel: 8000,
        partDistanciel: 0,
      },
      '2025-09-01',
    );
    expect(r.participationEmployeur).toBe(750);
    const urssaf = evaluer(
      {
        date: '01/09/2025',
        'salarié . contrat': "'apprentissage'",
        'salarié . contrat . apprentissage . diplôme': "'niveau 8'",
        "salarié . contrat . date d'embauche": '01/09/2025',
        'salarié . contrat . salaire brut': '1000 €/mois',
      },
      'salarié . régimes spécifiques . apprentissage . participation employeur',
    );
    expect(urssaf).toBeNull();
  });
});
