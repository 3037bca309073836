import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';

/**
 * Actions collectives: an OPCO publishes a session; companies register under the session's
 * lock — concurrent registrations never exceed the places; refusals are values with reasons.
 */
type Plateforme = Awaited<ReturnType<typeof plateformeDeTest>>;
type S = { cookie: string; csrf: string };
let p: Plateforme;
let opco: string;
let gestionnaire: S;
const entreprises: { org: string; s: S }[] = [];

beforeAll(async () => {
  p = await plateformeDeTest();
  opco = await p.organisation('opco', { codeOpco: '09' }, 'OPCO des sessions');
  gestionnaire = await p.personne('gestion.catalogue@exemple.fr', {
    organisationId: opco,
    role: 'opco_gestionnaire',
  });
  for (let i = 0; i < 8; i++) {
    const org = await p.organisation('entreprise', {
      siret: completerCles(`4${i}345678`.slice(0, 8), '0001'),
    });
    const s = await p.personne(`entreprise${i}@exemple.fr`, {
      organisationId: org,
      role: 'entreprise_administrateur',
    });
    entreprises.push({ org, s });
  }
}, 240_000);
afterAll(async () => {
  await p?.fermer();
});

const poster = (s: S, url: string, corps: unknown) =>
  p.app.inject({
    method: 'POST',
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: corps as object,
  });

let session = 0;

describe('actions collectives', () => {
  it("l'OPCO publie une session ; le catalogue public montre les places restantes", async () => {
    const r = await poster(gestionnaire, `/api/v1/organisations/${opco}/actions-collectives`, {
      intitule: 'Sauveteur secouriste du travail',
      dateDebut: '2026-04-02',
      places: 5,
      prixNegocie: 450,
      tauxFinancement: 0.8,
      idccEligibles: ['1486'],
      effectifMax: 49,
    });
    expect(r.statusCode).toBe(201);
    session = r.json().id;
    const c = await p.app.inject({ method: 'GET', url: '/api/v1/actions-collectives' });
    expect(c.json()[0]).toMatchObject({ places: 5, placesRestantes: 5, prixNegocie: 450 });
  });

  it('refus motivés : branche non éligible, effectif trop grand', async () => {
    const [e] = entreprises;
    if (!e) throw new Error('entreprise');
    const url = `/api/v1/organisations/${e.org}/actions-collectives/${session}/inscriptions`;
    const b = await poster(e.s, url, { stagiaires: 1, effectif: 20, idcc: '1979' });
    expect(b.statusCode).toBe(200);
    expect(b.json().inscrit).toBe(false);
    expect(b.json().decision.refus[0].code).toBe('branche');
    const g = await poster(e.s, url, { stagiaires: 1, effectif: 60, idcc: '1486' });
    expect(g.json().decision.refus[0].code).toBe('effectif');
  });

  it('8 inscriptions simultanées pour 5 places : exactement 5 inscrits, jamais plus', async () => {
    const rs = await Promise.all(
      entreprises.map((e) =>
        poster(e.s, `/api/v1/organisations/${e.org}/actions-collectives/${session}/inscriptions`, {
          stagiaires: 1,
          effectif: 20,
          idcc: '1486',
        }),
      ),
    );
    expect(rs.map((r) => r.statusCode)).toEqual(entreprises.map(() => 200));
    const inscrits = rs.filter((r) => r.json().inscrit === true);
    expect(inscrits).toHaveLength(5);
    // 450 € × 80 % = 360 € par stagiaire.
    expect(inscrits[0]?.json().decision.montant).toBe(360);
    for (const r of rs.filter((x) => x.json().inscrit === false))
      expect(r.json().decision.refus[0].code).toBe('complet');
    const c = await p.app.inject({ method: 'GET', url: '/api/v1/actions-collectives' });
    expect(c.json()[0].placesRestantes).toBe(0);
  });

  it("une entreprise n'inscrit pas pour une autre (403), un OPCO ne publie pas pour un autre", async () => {
    const [a, b] = entreprises;
    if (!a || !b) throw new Error('entreprises');
    const r = await poster(
      a.s,
      `/api/v1/organisations/${b.org}/actions-collectives/${session}/inscriptions`,
      { stagiaires: 1, effectif: 20 },
    );
    expect(r.statusCode).toBe(403);
    const s = await poster(a.s, `/api/v1/organisations/${a.org}/actions-collectives`, {
      intitule: 'x',
      dateDebut: '2026-04-02',
      places: 1,
      prixNegocie: 1,
      tauxFinancement: 1,
    });
    expect(s.statusCode).toBe(403);
  });

  it('organisme prestataire : SIRET à clé de Luhn (erreur nommant le champ), modifiable, montré à l’inscription', async () => {
    const siret = completerCles('73282932', '0001');
    const corps = {
      intitule: 'Gestes et postures',
      dateDebut: '2026-05-04',
      places: 4,
      prixNegocie: 300,
      tauxFinancement: 1,
    };
    const faux = await poster(gestionnaire, `/api/v1/organisations/${opco}/actions-collectives`, {
      ...corps,
      organismeSiret: `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`,
    });
    expect(faux.statusCode).toBe(400);
    expect(faux.json().detail).toContain("SIRET de l'organisme prestataire");
    expect(faux.json().detail).toContain('clé de contrôle (Luhn) invalide');
    const sans = await poster(
      gestionnaire,
      `/api/v1/organisations/${opco}/actions-collectives`,
      corps,
    );
    expect(sans.json().organismeSiret).toBeNull();
    const id = sans.json().id as number;
    const m = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/organisations/${opco}/actions-collectives/${id}`,
      headers: { cookie: gestionnaire.cookie, 'x-csrf-token': gestionnaire.csrf },
      payload: { ...corps, organismeSiret: siret },
    });
    expect(m.statusCode).toBe(200);
    const c = await p.app.inject({ method: 'GET', url: '/api/v1/actions-collectives' });
    expect(c.json().find((x: { id: number }) => x.id === id).organismeSiret).toBe(siret);
    const e = entreprises[7];
    if (!e) throw new Error('entreprise');
    const r = await poster(
      e.s,
      `/api/v1/organisations/${e.org}/actions-collectives/${id}/inscriptions`,
      { stagiaires: 1, effectif: 10 },
    );
    expect(r.json()).toMatchObject({ inscrit: true, organismeSiret: siret });
  });
});
