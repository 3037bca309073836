import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plateformeDeTest } from '../comptes/aide.ts';

/**
 * Barèmes edited by an OPCO administrator: validated by the law loader (a bad field is named),
 * versioned, on the audit trail, and used by the simulations at the dates they are in force.
 */
type Plateforme = Awaited<ReturnType<typeof plateformeDeTest>>;
let p: Plateforme;
let opco: string;
let autreOpco: string;
let admin: { cookie: string; csrf: string };
let autre: { cookie: string; csrf: string };

beforeAll(async () => {
  p = await plateformeDeTest();
  opco = await p.organisation('opco', { codeOpco: '07' }, 'OPCO de test');
  autreOpco = await p.organisation('opco', { codeOpco: '08' }, 'Autre OPCO');
  admin = await p.personne('admin.bareme@exemple.fr', {
    organisationId: opco,
    role: 'opco_administrateur',
  });
  autre = await p.personne('admin.autre@exemple.fr', {
    organisationId: autreOpco,
    role: 'opco_administrateur',
  });
}, 120_000);
afterAll(async () => {
  await p?.fermer();
});

const reference = {
  article: 'OPCO de test, critères',
  titre: "Délibération du conseil d'administration de l'OPCO de test",
  url: 'https://exemple.fr/criteres',
};
const parametre = (unite: string, valeurs: Record<string, unknown>) => ({
  description: 'Champ du barème',
  unite,
  derniere_verification: '2026-01-15',
  valeurs: Object.fromEntries(
    Object.entries(valeurs).map(([d, v]) => [d, { valeur: v, references: [reference] }]),
  ),
});
const champs = {
  opco: parametre('texte', { '2025-01-01': 'opco_test' }),
  libelle: parametre('texte', {
    '2025-01-01': 'OPCO de test, 2025',
    '2026-01-01': 'OPCO de test, 2026',
  }),
  tranches_effectif: parametre('liste salariés', { '2025-01-01': [11, 50] }),
  enveloppes: parametre('liste EUR', { '2025-01-01': [2000, 4000] }),
  plafond_horaire_pedagogique: parametre('EUR', { '2025-01-01': 30, '2026-01-01': 40 }),
  salaire_pris_en_charge: parametre('booleen', { '2025-01-01': false }),
  frais_annexes_pris_en_charge: parametre('booleen', { '2025-01-01': false }),
};
const url = (org: string, id: string) => `/api/v1/organisations/${org}/baremes/plan-moins-50/${id}`;
const publier = (s: { cookie: string; csrf: string }, org: string, id: string, corps: unknown) =>
  p.app.inject({
    method: 'PUT',
    url: url(org, id),
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: corps as object,
  });
const simuler = (date: string) =>
  p.app.inject({
    method: 'POST',
    url: '/api/v1/simulations/plan-moins-50',
    payload: {
      bareme: 'opco_test',
      dateDebut: date,
      effectif: 20,
      heures: 35,
      coutPedagogique: 5000,
    },
  });

describe('barèmes édités par les OPCO', () => {
  it('refuse un barème invalide en nommant le champ', async () => {
    const r = await publier(admin, opco, 'opco_test', {
      champs: {
        ...champs,
        plafond_horaire_pedagogique: parametre('EUR', { '2025-01-01': 'trente' }),
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('plafond_horaire_pedagogique');
    expect(r.body).toContain('valeurs.2025-01-01.valeur');
  });

  it('refuse un administrateur d’un autre OPCO (403) et un anonyme (401)', async () => {
    expect((await publier(autre, opco, 'opco_test', { champs })).statusCode).toBe(403);
    const r = await p.app.inject({
      method: 'PUT',
      url: url(opco, 'opco_test'),
      payload: { champs },
    });
    expect(r.statusCode).toBe(401);
  });

  it('publie une version, sur le journal d’audit ; la simulation lit la valeur en vigueur à sa date', async () => {
    const r = await publier(admin, opco, 'opco_test', { champs });
    expect(r.statusCode).toBe(201);
    expect(r.json().version).toBe(1);
    // 2025 : min(5 000, 30 × 35 = 1 050) = 1 050 € ; 2026 : 40 × 35 = 1 400 € (≤ 4 000 €).
    expect((await simuler('2025-06-01')).json().montant).toBe(1050);
    expect((await simuler('2026-06-01')).json().montant).toBe(1400);
    const audit = await p.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: { cookie: admin.cookie },
    });
    expect(audit.body).toContain('bareme:plan_moins_50:opco_test:v1');
  });

  it('une nouvelle version remplace la précédente ; l’historique garde les deux', async () => {
    const v2 = {
      ...champs,
      plafond_horaire_pedagogique: parametre('EUR', { '2025-01-01': 30, '2026-01-01': 45 }),
    };
    const r = await publier(admin, opco, 'opco_test', { champs: v2 });
    expect(r.json().version).toBe(2);
    // 45 × 35 = 1 575 €.
    expect((await simuler('2026-06-01')).json().montant).toBe(1575);
    expect((await simuler('2025-06-01')).json().montant).toBe(1050);
    const h = await p.app.inject({
      method: 'GET',
      url: '/api/v1/baremes/plan-moins-50/opco_test/versions',
    });
    expect(h.json().map((x: { version: number }) => x.version)).toEqual([1, 2]);
  });

  it('des publications simultanées reçoivent des versions consécutives, sans doublon', async () => {
    const rs = await Promise.all(
      [1, 2, 3, 4].map(() => publier(admin, opco, 'opco_test', { champs })),
    );
    expect(rs.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    expect(rs.map((r) => r.json().version as number).sort()).toEqual([3, 4, 5, 6]);
  });

  it('un autre OPCO ne peut pas écrire par-dessus ce barème, ni sur un barème publié dans droit/', async () => {
    const r = await publier(autre, autreOpco, 'opco_test', { champs });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('autre organisation');
    const f = await publier(admin, opco, 'atlas_217', { champs });
    expect(f.statusCode).toBe(400);
    expect(f.body).toContain('droit/');
  });
});
