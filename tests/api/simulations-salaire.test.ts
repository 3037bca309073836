import { describe, expect, it } from 'vitest';
import { plateformePourLesTests } from '../aide/plateforme.ts';

const { poster } = plateformePourLesTests();

describe('POST /api/v1/simulations/salaire-apprenti', () => {
  it('découpe le contrat en périodes (anniversaire, année, SMIC) avec explication et citations', async () => {
    const r = await poster('/api/v1/simulations/salaire-apprenti', {
      dateNaissance: '2007-03-10',
      dateDebut: '2024-09-01',
      dateFin: '2026-08-31',
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    // 11,65 × 35 × 52 / 12 = 1 766,9166… € ; × 27 % = 477,0675 → 477,07 €.
    expect(j.periodes[0]).toEqual({
      du: '2024-09-01',
      au: '2024-10-31',
      age: 17,
      tranche: '16_17_ans',
      anneeExecution: 1,
      anneeRetenue: 1,
      tauxPourcent: 27,
      base: 'SMIC',
      smicHoraireCentimes: 1165,
      baseMensuelleCentimes: 176692,
      montantMensuelCentimes: 47707,
    });
    // 18 ans le 2025-03-10 : tranche 18-20 ans le 1er avril (D6222-31) ; 43 % de 1 801,80 €.
    expect(j.periodes[2]).toMatchObject({
      du: '2025-04-01',
      tranche: '18_20_ans',
      montantMensuelCentimes: 77477,
    });
    expect(j.periodes.map((p: { du: string }) => p.du)).toEqual([
      '2024-09-01',
      '2024-11-01',
      '2025-04-01',
      '2025-09-01',
      '2026-01-01',
      '2026-06-01',
    ]);
    const articles = j.citations.map((c: { article: string }) => c.article);
    expect(articles).toEqual(
      expect.arrayContaining(['L6222-1', 'D6222-26', 'D6222-31', 'L3242-1']),
    );
    expect(articles).toContain('Décret n° 2024-951 du 23 octobre 2024');
    const decret = j.citations.find((c: { article: string }) =>
      c.article.startsWith('Décret n° 2024-951'),
    );
    expect(decret.lien).toMatch(/^https:\/\/www\.legifrance\.gouv\.fr\//);
    // The age check is a rule of droit/regles/salaire_apprenti, named in its explanation node.
    expect(j.explication.enfants[0].code).toBe('salaire_apprenti.age_minimum_atteint');
  });

  it('refuse un apprenti de 14 ans (L6222-1), en nommant le champ', async () => {
    const r = await poster('/api/v1/simulations/salaire-apprenti', {
      dateNaissance: '2011-10-01',
      dateDebut: '2025-09-01',
      dateFin: '2027-08-31',
      premierCycleSecondaireAcheve: true,
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().code).toBe('ERR_APPRENTI_TROP_JEUNE');
    expect(r.json().erreurs).toEqual([
      { champ: 'body.dateNaissance', message: expect.stringContaining('15 ans') },
    ]);
  });

  it('refuse 15 ans sans le premier cycle du secondaire, accepte avec', async () => {
    const corps = { dateNaissance: '2010-06-01', dateDebut: '2025-09-01', dateFin: '2027-08-31' };
    expect((await poster('/api/v1/simulations/salaire-apprenti', corps)).statusCode).toBe(400);
    const r = await poster('/api/v1/simulations/salaire-apprenti', {
      ...corps,
      premierCycleSecondaireAcheve: true,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().periodes[0]).toMatchObject({ tranche: '16_17_ans', tauxPourcent: 27 });
  });

  it('400 en français sur une date impossible ou un contrat de plus de 5 ans', async () => {
    const r = await poster('/api/v1/simulations/salaire-apprenti', {
      dateNaissance: '2005-02-30',
      dateDebut: '2024-09-01',
      dateFin: '2030-09-01',
    });
    expect(r.statusCode).toBe(400);
    const champs = r.json().erreurs.map((e: { champ: string }) => e.champ);
    expect(champs).toContain('body.dateNaissance');
  });
});

describe('POST /api/v1/simulations/contributions', () => {
  it('CFP, taxe d’apprentissage, CSA et CPF-CDD en centimes, avec citations', async () => {
    const r = await poster('/api/v1/simulations/contributions', {
      date: '2025-03-15',
      assiette: 100000,
      effectif: 300,
      partAlternants: 0.015,
      cdd: true,
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    // 1 % ; 0,59 % ; 0,09 % ; 0,2 % (1 à 2 % d'alternants) ; 0,68 % + 0,2 % ; 1 %.
    expect(j).toMatchObject({
      cfp: 100000,
      taBase: 59000,
      taSolde: 9000,
      csa: 20000,
      taTotal: 88000,
      cpfCdd: 100000,
      total: 288000,
    });
    expect(j.citations.map((c: { article: string }) => c.article)).toEqual(
      expect.arrayContaining(['L6331-3', 'L6241-1', 'L6241-2', 'L6242-1', 'L6331-6']),
    );
  });

  it('400 sur un effectif négatif', async () => {
    const r = await poster('/api/v1/simulations/contributions', {
      date: '2025-03-15',
      assiette: 1,
      effectif: -1,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreurs[0].champ).toBe('body.effectif');
  });
});
