import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppZod } from '../../src/api/types.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { plateformeDeTest } from '../aide/plateforme.ts';

let app: AppZod;
let fermer: () => Promise<void>;
const moteur = moteurDeTest();

beforeAll(async () => {
  ({ app, fermer } = await plateformeDeTest(moteur));
});
afterAll(async () => {
  await fermer();
});

const valide = {
  dateConclusion: '2025-07-01',
  dateDebut: '2025-09-01',
  dateFin: '2026-08-31',
  niveau: 6,
  npecAnnuel: 7300,
  partDistanciel: 0,
  fraisAnnexes: { nuitees: 2, repas: 4, premierEquipement: 100, mobiliteInternationale: 0 },
};

async function poster(corps: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/simulations/apprentissage',
    payload: corps as object,
  });
}

describe('POST /api/v1/simulations/apprentissage', () => {
  it('répond les montants, l’échéancier, l’explication et les citations', async () => {
    const r = await poster(valide);
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.npec).toEqual({
      annuel: 7300,
      applique: 7300,
      source: { type: 'saisie', libelle: 'NPEC annuel saisi' },
    });
    expect(j.priseEnCharge).toEqual({
      total: 7300,
      parAnnee: [{ du: '2025-09-01', au: '2026-08-31', jours: 365, montant: 7300 }],
    });
    expect(j.participationEmployeur).toBe(750);
    expect(j.fraisAnnexes).toEqual({
      total: 124,
      detail: { nuitees: 12, repas: 12, premierEquipement: 100, mobiliteInternationale: 0 },
    });
    // R6332-25 III: annual amount 7 300 + 124 of frais annexes = 7 424, paid 40 % (less the
    // 750 € participation), 30 %, 20 % and the balance: no line of its own for the frais annexes.
    expect(j.echeancier.map((v: { montant: number }) => v.montant)).toEqual([
      2219.6, 2227.2, 1484.8, 742.4,
    ]);
    expect(j.valeur).toBe(6674);
    expect(j.explication.code).toBe('apprentissage');
    const r6332 = j.citations.find((c: { article: string }) => c.article === 'R6332-25-1');
    expect(r6332).toMatchObject({
      idVersion: 'LEGIARTI000051818943',
      du: '2025-06-30',
      lien: '/textes/R6332-25-1?date=2025-07-01',
    });
    expect(j.manquantes).toEqual([]);
  });

  it('donne le même résultat que la bibliothèque (cohérence API ↔ moteur)', async () => {
    const r = await poster(valide);
    const { dateEvaluation: _d, ...attendu } = moteur.evaluerApprentissage(
      { ...valide, niveau: 6 },
      valide.dateConclusion,
    );
    expect(r.json()).toMatchObject(JSON.parse(JSON.stringify(attendu)));
  });

  it.each([
    ['dates dans le mauvais ordre', { ...valide, dateFin: '2025-08-01' }, 'body.dateFin'],
    ['part à distance hors de 0–1', { ...valide, partDistanciel: 1.2 }, 'body.partDistanciel'],
    ['niveau inconnu', { ...valide, niveau: 9 }, 'body.niveau'],
    ['niveau non entier', { ...valide, niveau: 6.5 }, 'body.niveau'],
    ['date impossible', { ...valide, dateDebut: '2025-02-30' }, 'body.dateDebut'],
    ['date au mauvais format', { ...valide, dateConclusion: '01/07/2025' }, 'body.dateConclusion'],
    ['rupture hors du contrat', { ...valide, dateRupture: '2027-01-01' }, 'body.dateRupture'],
    [
      'conclusion avant 2019',
      { ...valide, dateConclusion: '2018-12-31', dateDebut: '2019-01-02' },
      'body.dateConclusion',
    ],
    ['champ obligatoire absent', { ...valide, partDistanciel: undefined }, 'body.partDistanciel'],
    [
      'nuitées négatives',
      { ...valide, fraisAnnexes: { nuitees: -1 } },
      'body.fraisAnnexes.nuitees',
    ],
  ])('refuse %s en 400 problem+json nommant le champ', async (_n, corps, champ) => {
    const r = await poster(corps);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const p = r.json();
    expect(p.code).toBe('ERR_VALIDATION');
    expect(p.erreurs.map((e: { champ: string }) => e.champ)).toContain(champ);
  });

  it('est décrite dans /openapi.json avec ses schémas d’entrée et de réponse', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const route = doc.paths['/api/v1/simulations/apprentissage'].post;
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '400']));
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['SituationApprentissage', 'ResultatApprentissage']),
    );
  });

  it('sans NPEC ni référentiel, applique la valeur d’amorçage et demande RNCP et IDCC', async () => {
    const { npecAnnuel: _n, ...sans } = valide;
    const j = (await poster({ ...sans, niveau: 5 })).json();
    expect(j.npec.source.type).toBe('amorcage');
    expect(j.npec.annuel).toBe(6000);
    expect(j.manquantes.map((m: { champ: string }) => m.champ)).toEqual(['rncp', 'idcc']);
  });
});
