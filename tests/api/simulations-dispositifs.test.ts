import { describe, expect, it } from 'vitest';
import { plateformePourLesTests } from '../aide/plateforme.ts';

const plateforme = plateformePourLesTests();
const { poster } = plateforme;

describe('POST /api/v1/simulations/<dispositif>', () => {
  it('contrat de professionnalisation : 400 h × 9,15 € = 3 660 €, avec explication et citations', async () => {
    const r = await poster('/api/v1/simulations/contrat-professionnalisation', {
      dateConclusion: '2025-09-01',
      dateDebut: '2025-09-01',
      dateReception: '2025-09-03',
      age: 20,
      dureeActionMois: 12,
      heuresFormation: 400,
      heuresTotales: 1600,
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.montant).toBe(3660);
    expect(j.eligible).toBe(true);
    expect(j.valeurs.date_limite_decision).toBe('2025-09-23');
    expect(j.explication.code).toBe('contrat_professionnalisation');
    expect(j.citations.map((c: { article: string }) => c.article)).toContain('D6332-86');
  });

  it('un refus est une valeur : motif et article', async () => {
    const r = await poster('/api/v1/simulations/aide-tutorale', {
      dateDebut: '2025-01-10',
      tutoratMois: 6,
      beneficiairesSimultanes: 4,
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.eligible).toBe(false);
    expect(j.montant).toBe(0);
    expect(j.refus[0].code).toBe('trop_de_beneficiaires');
    expect(j.refus[0].references[0].article).toBe('D6325-9');
  });

  it('champ manquant : 400 qui nomme le champ', async () => {
    const r = await poster('/api/v1/simulations/pro-a', { dateAvenant: '2025-01-01' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('dureeMois');
  });

  it('plan < 50 : barème inconnu refusé en 400 ; liste et comparaison des barèmes', async () => {
    const profil = {
      dateDebut: '2026-03-02',
      effectif: 20,
      heures: 14,
      stagiaires: 1,
      coutPedagogique: 900,
    };
    const inconnu = await poster('/api/v1/simulations/plan-moins-50', { ...profil, bareme: 'x' });
    expect(inconnu.statusCode).toBe(400);
    const liste = await plateforme.app.inject({
      method: 'GET',
      url: '/api/v1/baremes/plan-moins-50',
    });
    expect(liste.json().map((b: { id: string }) => b.id)).toContain('opco_ep_177');
    const c = await poster('/api/v1/comparaisons/plan-moins-50', profil);
    expect(c.statusCode).toBe(200);
    const ep177 = c
      .json()
      .resultats.find((x: { bareme: { id: string } }) => x.bareme.id === 'opco_ep_177');
    // 50 € HT/h × 14 h = 700 € (enveloppe 3 000 € pour 11 à 49 salariés).
    expect(ep177.montant).toBe(700);
  });
});
