import { describe, expect, it } from 'vitest';
import { plateformePourLesTests } from '../aide/plateforme.ts';

const { poster } = plateformePourLesTests();

interface Noeud {
  nature: string;
  code: string;
  libelle: string;
  texte?: string;
  unite?: string;
  references?: { article: string }[];
  enfants?: Noeud[];
}
const tous = (n: Noeud): Noeud[] => [n, ...(n.enfants ?? []).flatMap(tous)];

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
    // The explanation a person reads: each node labelled, with its unit and its value in French;
    // no technical rule (interne), no computation node, no scaled integer, no day number.
    const noeuds = tous(j.explication);
    for (const n of noeuds) {
      expect(n.texte, n.libelle).toBeTypeOf('string');
      expect(n.texte, n.libelle).not.toMatch(/\d{5,}/);
      expect(n.libelle).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      if (n.nature === 'regle' || n.nature === 'parametre') expect(n.unite, n.libelle).toBeTruthy();
    }
    const codes = new Set(noeuds.map((n) => n.code));
    for (const interne of ['points', 'smic_horaire', 'base_numerateur', 'tranche'])
      expect(codes.has(`salaire_apprenti.periode.${interne}`)).toBe(false);
    expect(noeuds.filter((n) => n.nature === 'calcul').map((n) => n.code)).not.toContain(
      'arithmetique',
    );
    expect(noeuds.some((n) => /Produit|Quotient|Selon les conditions/.test(n.libelle))).toBe(false);
    // The first period: its amount, the rate, the SMIC and its décret, the monthly base.
    const p1 = j.explication.enfants.find((n: Noeud) => n.code === 'periode_1');
    expect(p1.libelle).toBe('Du 01/09/2024 au 31/10/2024');
    expect(p1.texte).toBe('477,07\u00a0€');
    const textes = tous(p1).map((n) => `${n.libelle} : ${n.texte}`);
    expect(textes).toContain(
      'Taux retenu, au moins égal à celui de la dernière année du contrat précédent : 27\u00a0%',
    );
    expect(textes).toContain('Durée légale hebdomadaire du travail : 35 heures');
    expect(
      textes.some((t) => t.startsWith('SMIC mensuel brut') && t.endsWith('1\u202f766,92\u00a0€')),
    ).toBe(true);
    expect(textes.some((t) => t.endsWith('11,65\u00a0€ de l’heure'))).toBe(true);
    const smic = tous(p1).find((n) => n.code === 'smic.horaire');
    expect(smic?.references?.[0]?.article).toBe('Décret n° 2023-1216 du 20 décembre 2023');
    const dates = noeuds.find((n) => n.code === 'salaire_apprenti.dates_smic');
    expect(dates?.texte).toContain('01/11/2024');
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
    // Amounts in euros, rates as percentages, each node with its unit; no computation node.
    const noeuds = tous(j.explication);
    expect(noeuds.some((n) => n.nature === 'calcul')).toBe(false);
    for (const n of noeuds) expect(n.unite, n.libelle).toBeTruthy();
    const textes = noeuds.map((n) => `${n.libelle} : ${n.texte}`);
    expect(textes).toContain(
      'Contribution à la formation professionnelle (CFP) : 1\u202f000,00\u00a0€',
    );
    expect(textes).toContain(
      'Taux de la CSA (250 salariés et plus ; en Alsace-Moselle, taux × coefficient) : 0,2\u00a0%',
    );
    expect(textes).toContain("Effectif de l'entreprise : 300 salariés");
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
