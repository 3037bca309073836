import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ajouterMois, iso, jour, valeurDateeAu } from '../../src/moteur/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * Temporal coverage (Catala): no parameter has a gap or an overlap over its range, and the
 * apprenticeship rule evaluates at every quarter from 2019 to 2028 and at every boundary.
 */
const moteur = moteurDeTest();
const parametres = [...moteur.droit.parametres.values()];
const trimestres: string[] = [];
for (let j = jour('2019-01-01'); j <= jour('2028-12-31'); j = ajouterMois(j, 3))
  trimestres.push(iso(j));
const bornes = [
  '2019-12-31',
  '2020-01-01',
  '2020-03-31',
  '2020-04-01',
  '2020-12-31',
  '2021-01-01',
  '2022-08-31',
  '2022-09-01',
  '2025-06-30',
  '2025-07-01',
  '2025-11-29',
  '2025-11-30',
  '2025-12-09',
  '2025-12-10',
];

describe('couverture temporelle des paramètres', () => {
  it.each(parametres.map((p) => [p.id, p]))(
    '%s : dates strictement croissantes, sans trou ni chevauchement',
    (_id, p) => {
      const dates = p.valeurs.map((v) => v.depuis);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
      // Only the last value may be null (end of validity): no gap in the middle of the range.
      p.valeurs
        .slice(0, -1)
        .forEach((v) => expect(v.valeur, `${p.id} au ${v.depuis}`).not.toBeNull());
      const fin =
        p.valeurs.at(-1)?.valeur === null ? jour(p.valeurs.at(-1)?.depuis ?? '') : Infinity;
      for (const t of [...trimestres, ...bornes]) {
        const j = jour(t);
        const v = valeurDateeAu(p, j);
        if (j < (p.valeurs[0]?.depuisJour ?? 0) || j >= fin)
          expect(v, `${p.id} au ${t}`).toBeUndefined();
        else {
          expect(v, `${p.id} au ${t}`).toBeDefined();
          // Exactly one value applies: the latest one starting on or before the day.
          const candidates = p.valeurs.filter((x) => x.depuisJour <= j);
          expect(v).toBe(candidates.at(-1));
        }
      }
      for (const v of p.valeurs) expect(v.references.length).toBeGreaterThan(0);
    },
  );

  it('chaque convention a sa justification et figure dans docs/conventions.md', () => {
    const doc = readFileSync(
      path.resolve(import.meta.dirname, '../../docs/conventions.md'),
      'utf8',
    );
    const conventions = parametres.filter((p) => p.convention);
    expect(conventions.length).toBeGreaterThanOrEqual(8);
    for (const p of conventions) {
      expect(p.justification, p.id).toBeTruthy();
      expect(doc, p.id).toContain(p.id);
    }
  });
});

describe("la règle d'apprentissage s'évalue à chaque trimestre et à chaque borne", () => {
  it.each([...trimestres, ...bornes].filter((d) => d >= '2019-01-01'))('conclu le %s', (d) => {
    const debut = jour(d) + 7;
    const r = moteur.evaluerApprentissage(
      {
        dateConclusion: d,
        dateDebut: iso(debut),
        dateFin: iso(ajouterMois(debut, 18) - 1),
        niveau: 6,
        npecAnnuel: 7300,
        partDistanciel: 0,
      },
      d,
    );
    const fin = ajouterMois(debut, 18) - 1;
    const joursAnnee2 = fin - ajouterMois(debut, 12) + 1;
    // 2nd year: 6 months started (× 7 300 / 12) before 2025-07-01, days × 20 € since.
    expect(r.priseEnCharge?.total).toBe(7300 + (d >= '2025-07-01' ? 20 * joursAnnee2 : 3650));
    expect(r.echeancier.length).toBeGreaterThanOrEqual(4);
    const somme = r.echeancier.reduce((x, v) => x + Math.round(v.montant * 100), 0);
    expect(somme).toBe(
      Math.round(((r.priseEnCharge?.total ?? 0) - (r.participationEmployeur ?? 0)) * 100),
    );
    expect(r.citations.some((c) => c.article === 'R6332-25' && c.idVersion)).toBe(true);
  });
});

describe('avant la période couverte', () => {
  it('une date de conclusion antérieure au droit chargé est une erreur explicite nommant le paramètre', () => {
    expect(() =>
      moteur.evaluerApprentissage(
        {
          dateConclusion: '2018-12-31',
          dateDebut: '2019-01-07',
          dateFin: '2020-01-06',
          niveau: 4,
          npecAnnuel: 7000,
          partDistanciel: 0,
        },
        '2018-12-31',
      ),
    ).toThrow(/apprentissage\.prorata\.mode.*2018-12-31/);
  });
});
