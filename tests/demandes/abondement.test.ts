import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plateformeDeTest } from '../comptes/aide.ts';

/**
 * Per-OPCO CPF co-funding (abondement) barèmes: no OPCO publishes figures (rule book §H), so
 * none loads from droit/; an OPCO administrator enters them — validated by the law loader (a
 * bad field named), versioned, dated, on the audit trail — and the simulation reads the values
 * in force at the request date. Figures by hand: cost 3 000 €, CPF rights 1 000 € → 2 000 € to
 * fund; 2025: 50 % capped at 800 € → 800 €; 2026: 80 % capped at 1 500 € → 1 500 €; a cost of
 * 1 500 € in 2026: 500 € × 80 % = 400 €.
 */
let p: Awaited<ReturnType<typeof plateformeDeTest>>;
let opco: string;
let admin: { cookie: string; csrf: string };
let autre: { cookie: string; csrf: string };
let gestionnaire: { cookie: string; csrf: string };

beforeAll(async () => {
  p = await plateformeDeTest();
  opco = await p.organisation('opco', { codeOpco: '07' }, 'OPCO de test');
  const autreOpco = await p.organisation('opco', { codeOpco: '08' }, 'Autre OPCO');
  admin = await p.personne('admin.abondement@exemple.fr', {
    organisationId: opco,
    role: 'opco_administrateur',
  });
  autre = await p.personne('autre.abondement@exemple.fr', {
    organisationId: autreOpco,
    role: 'opco_administrateur',
  });
  gestionnaire = await p.personne('g.abondement@exemple.fr', {
    organisationId: opco,
    role: 'opco_gestionnaire',
  });
}, 120_000);
afterAll(async () => p?.fermer());

const reference = {
  article: 'OPCO de test, abondement CPF',
  titre: "Délibération du conseil d'administration de l'OPCO de test",
  url: 'https://exemple.fr/abondement',
};
const parametre = (unite: string, valeurs: Record<string, unknown>) => ({
  description: "Champ du barème d'abondement",
  unite,
  derniere_verification: '2026-01-15',
  valeurs: Object.fromEntries(
    Object.entries(valeurs).map(([d, v]) => [d, { valeur: v, references: [reference] }]),
  ),
});
const champs = {
  opco: parametre('texte', { '2025-01-01': 'opco_test' }),
  libelle: parametre('texte', { '2025-01-01': 'OPCO de test, abondement CPF' }),
  taux: parametre('ratio', { '2025-01-01': 0.5, '2026-01-01': 0.8 }),
  plafond: parametre('EUR', { '2025-01-01': 800, '2026-01-01': 1500 }),
};
const publier = (s: { cookie: string; csrf: string }, org: string, corps: unknown) =>
  p.app.inject({
    method: 'PUT',
    url: `/api/v1/organisations/${org}/baremes/abondement-cpf/test_abondement`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: corps as object,
  });
const simuler = (dateDemande: string, coutFormation = 3000) =>
  p.app.inject({
    method: 'POST',
    url: '/api/v1/baremes/abondement-cpf/test_abondement/simulation',
    payload: { dateDemande, coutFormation, droitsCpf: 1000, effectif: 20 },
  });

describe("barèmes d'abondement du CPF saisis par les OPCO", () => {
  it('aucun barème publié dans droit/ ; aucun saisi → 404 à la simulation', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/api/v1/baremes/abondement-cpf' });
    expect(r.json()).toMatchObject({ baremes: [], publies: [] });
    expect((await simuler('2025-06-01')).statusCode).toBe(404);
  });

  it('refuse un barème invalide en nommant le champ ; un autre OPCO, un gestionnaire → 403', async () => {
    const mauvais = await publier(admin, opco, {
      champs: { ...champs, taux: parametre('ratio', { '2025-01-01': 1.5 }) },
    });
    expect(mauvais.statusCode).toBe(400);
    expect(mauvais.body).toContain('body.champs.taux.valeurs.2025-01-01.valeur');
    const inconnu = await publier(admin, opco, { champs: { ...champs, bonus: champs.taux } });
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.body).toContain('body.champs.bonus');
    const sansPlafond = await publier(admin, opco, {
      champs: { opco: champs.opco, libelle: champs.libelle, taux: champs.taux },
    });
    expect(sansPlafond.body).toContain('body.champs.plafond');
    const texte = await publier(admin, opco, {
      champs: { ...champs, plafond: parametre('EUR', { '2025-01-01': 'huit cents' }) },
    });
    expect(texte.body).toContain('body.champs.plafond.valeurs.2025-01-01.valeur');
    expect((await publier(autre, opco, { champs })).statusCode).toBe(403);
    expect((await publier(gestionnaire, opco, { champs })).statusCode).toBe(403);
  });

  it('publie des versions datées, au journal d’audit ; la simulation lit le barème en vigueur à la date de la demande', async () => {
    const r = await publier(admin, opco, { champs });
    expect(r.statusCode).toBe(201);
    expect(r.json().version).toBe(1);
    const a = await simuler('2025-06-01');
    expect(a.json().bareme).toMatchObject({ taux: 0.5, plafond: 800, depuis: '2025-01-01' });
    expect(a.json().simulation.montant).toBe(800);
    const b = await simuler('2026-03-01');
    expect(b.json().bareme).toMatchObject({ taux: 0.8, plafond: 1500, depuis: '2026-01-01' });
    expect(b.json().simulation.montant).toBe(1500);
    expect((await simuler('2026-03-01', 1500)).json().simulation.montant).toBe(400);
    expect((await simuler('2024-12-31')).statusCode).toBe(404);
    // A second version changes 2026 only; 2025 reads the same.
    const v2 = await publier(admin, opco, {
      champs: { ...champs, taux: parametre('ratio', { '2025-01-01': 0.5, '2026-01-01': 0.6 }) },
    });
    expect(v2.json().version).toBe(2);
    expect((await simuler('2026-03-01', 1500)).json().simulation.montant).toBe(300);
    expect((await simuler('2025-06-01')).json().simulation.montant).toBe(800);
    const liste = await p.app.inject({
      method: 'GET',
      url: '/api/v1/baremes/abondement-cpf?date=2026-03-01',
    });
    expect(liste.json().baremes).toEqual([
      expect.objectContaining({ id: 'test_abondement', opco: 'opco_test', taux: 0.6 }),
    ]);
    const versions = await p.app.inject({
      method: 'GET',
      url: '/api/v1/baremes/abondement-cpf/test_abondement/versions',
    });
    expect(versions.json().map((x: { version: number }) => x.version)).toEqual([1, 2]);
    const audit = await p.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: { cookie: admin.cookie },
    });
    expect(audit.body).toContain('bareme:abondement_cpf:test_abondement:v2');
  });
});
