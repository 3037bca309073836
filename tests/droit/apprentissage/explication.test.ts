import { describe, expect, it } from 'vitest';
import type { Noeud } from '../../../src/moteur/index.ts';
import { moteurDeTest } from '../../aide/moteur.ts';

function parcourir(n: Noeud, f: (n: Noeud) => void): void {
  f(n);
  for (const e of n.enfants ?? []) parcourir(e, f);
}

const contrat = {
  dateConclusion: '2025-07-01',
  dateDebut: '2025-09-01',
  dateFin: '2027-08-31',
  niveau: 6 as const,
  npecAnnuel: 7300,
  partDistanciel: 0,
  fraisAnnexes: { nuitees: 2 },
};

/**
 * The explanation is the evaluation's own tree, pruned: a parameter shows as itself (value, date,
 * references), a literal of a formula is written in its parent's label, a computation on
 * parameters only is replaced by the parameters it reads, and a rule met again is shown by its
 * name and value only (its computation is shown the first time).
 */
describe('explication : l’arbre évalué, élagué', () => {
  const r = moteurDeTest().evaluerApprentissage(contrat, contrat.dateConclusion);
  const racine = r.explication as Noeud;
  const noeuds: Noeud[] = [];
  parcourir(racine, (n) => noeuds.push(n));

  it('la racine et les règles portent les valeurs du résultat', () => {
    expect(racine.code).toBe('apprentissage');
    expect(racine.valeur).toBe(r.valeur);
    // 2 × 7 300 + 12 of frais annexes − 750 of participation.
    expect(r.valeur).toBe(13862);
    const pec = noeuds.find((n) => n.code === 'apprentissage.prise_en_charge');
    expect(pec?.valeur).toBe(r.priseEnCharge?.total);
  });

  it('aucun nœud anonyme de valeur littérale', () => {
    expect(noeuds.filter((n) => n.code === 'constante')).toEqual([]);
    // The literal is in the label of the comparison that uses it.
    expect(noeuds.some((n) => n.libelle === 'Égal à 1')).toBe(true);
  });

  it('un calcul sur des paramètres seuls montre les paramètres, avec date et références', () => {
    const ordre = noeuds.find((n) => n.code === 'apprentissage.rqth_avant_distanciel');
    expect(ordre?.enfants?.map((e) => e.code)).toEqual(['apprentissage.modulations.ordre']);
    // (A parameter not in force on the conclusion date shows with no value, date or reference.)
    for (const p of noeuds.filter((n) => n.nature === 'parametre' && n.valeur !== null)) {
      expect(p.depuis, p.code).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.references?.length, p.code).toBeGreaterThan(0);
    }
  });

  it('une condition qui décide arrête « toutes » : les suivantes ne sont ni évaluées ni montrées', () => {
    // No rupture: « defini date_rupture » is false, the days worked are not counted.
    const libre = noeuds.find((n) => n.code === 'apprentissage.rupture_periode_libre');
    expect(libre?.valeur).toBe(false);
    expect(libre?.enfants?.[0]?.code).toBe('toutes');
    expect(libre?.enfants?.[0]?.enfants?.map((e) => e.code)).toEqual(['defini']);
    expect(noeuds.some((n) => n.code === 'apprentissage.jours_realises')).toBe(false);
  });

  it('une règle est détaillée une fois (une fois par année pour les règles annuelles)', () => {
    const detaillees = new Map<string, number>();
    for (const n of noeuds)
      if (n.nature === 'regle' && n.enfants)
        detaillees.set(n.code, (detaillees.get(n.code) ?? 0) + 1);
    for (const [code, fois] of detaillees)
      expect(fois, code).toBe(code.startsWith('apprentissage.annee.') ? 2 : 1);
    const npec = noeuds.filter((n) => n.code === 'apprentissage.npec_applique');
    expect(npec.length).toBeGreaterThan(1);
    expect(npec.filter((n) => n.enfants).length).toBe(1);
    expect(npec.every((n) => n.valeur === 7300)).toBe(true);
    // Small enough to read: this two-year contract shows under 200 nodes.
    expect(noeuds.length).toBeLessThan(200);
  });
});
