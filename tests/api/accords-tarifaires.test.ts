import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';

/**
 * Accords tarifaires (recorded by an OPCO, versioned, audited, applied by the plan < 50
 * simulation when body, certification and date match) and the OPCO's editing and cancelling of
 * a session of action collective (places freed, later registrations refused with the reason).
 * Expected amounts computed by hand from the Atlas 217 barème of 2024 (55 € HT/h, enveloppe
 * 6 000 € under 11 employees) and the agreement's price.
 */
type Plateforme = Awaited<ReturnType<typeof plateformeDeTest>>;
type S = { cookie: string; csrf: string };
let p: Plateforme;
let opco: string;
let autreOpco: string;
let entreprise: string;
let gestionnaire: S;
let autreGestionnaire: S;
let salarie: S;
let administrateur: S;
const SIRET_OF = '12345678900014';

beforeAll(async () => {
  p = await plateformeDeTest();
  opco = await p.organisation('opco', { codeOpco: '03' }, 'Atlas (test)');
  autreOpco = await p.organisation('opco', { codeOpco: '04' }, 'Autre OPCO');
  gestionnaire = await p.personne('achats@atlas.exemple.fr', {
    organisationId: opco,
    role: 'opco_gestionnaire',
  });
  administrateur = await p.personne('admin@atlas.exemple.fr', {
    organisationId: opco,
    role: 'opco_administrateur',
  });
  autreGestionnaire = await p.personne('achats@autre.exemple.fr', {
    organisationId: autreOpco,
    role: 'opco_gestionnaire',
  });
  entreprise = await p.organisation('entreprise', { siret: completerCles('55512345', '0001') });
  salarie = await p.personne('rh@entreprise.exemple.fr', {
    organisationId: entreprise,
    role: 'entreprise_administrateur',
  });
}, 240_000);
afterAll(async () => {
  await p?.fermer();
});

const envoyer = (methode: 'PUT' | 'POST' | 'GET', s: S | null, url: string, corps?: unknown) =>
  p.app.inject({
    method: methode,
    url,
    headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
    ...(corps === undefined ? {} : { payload: corps as object }),
  });

const accord = {
  opco: 'atlas',
  organismeSiret: SIRET_OF,
  certification: 'RNCP35185',
  intitule: 'Gestionnaire de paie',
  unite: 'heure',
  prix: 40,
  dateDebut: '2024-01-01',
  dateFin: '2024-12-31',
  quantiteMax: 100,
  reference: 'Accord-cadre Atlas 2024-017, lot 3',
};
const urlAccord = (org: string, id: string) =>
  `/api/v1/organisations/${org}/accords-tarifaires/${id}`;

const simuler = (corps: Record<string, unknown>) =>
  envoyer('POST', null, '/api/v1/simulations/plan-moins-50', {
    bareme: 'atlas_217',
    dateDebut: '2024-05-01',
    effectif: 8,
    heures: 20,
    stagiaires: 2,
    coutPedagogique: 3000,
    organismeSiret: SIRET_OF,
    certification: 'RNCP35185',
    ...corps,
  });

describe('accords tarifaires', () => {
  it('refuse une validité à l’envers (400 nommant dateFin), une entreprise (403), un anonyme (401)', async () => {
    const r = await envoyer('PUT', gestionnaire, urlAccord(opco, 'paie-2024'), {
      ...accord,
      dateFin: '2023-12-31',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('dateFin');
    expect((await envoyer('PUT', salarie, urlAccord(opco, 'paie-2024'), accord)).statusCode).toBe(
      403,
    );
    expect((await envoyer('PUT', null, urlAccord(opco, 'paie-2024'), accord)).statusCode).toBe(401);
  });

  it('sans accord : coût réel dans la limite du plafond du barème', async () => {
    // min(3 000, 55 × 20 h × 2 stagiaires = 2 200) = 2 200 €.
    const r = (await simuler({})).json();
    expect(r.montant).toBe(2200);
    expect(r.accordTarifaire.accord).toBeNull();
    expect(r.accordTarifaire.motif).toContain(SIRET_OF);
  });

  it('enregistre l’accord (v1, journal d’audit) ; la simulation applique le prix horaire et le cite', async () => {
    const r = await envoyer('PUT', gestionnaire, urlAccord(opco, 'paie-2024'), accord);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ version: 1, prix: 40, unite: 'heure' });
    // 40 €/h × 20 h × 2 stagiaires = 1 600 € (40 heures-stagiaires ≤ 100) ≤ enveloppe 6 000 €.
    const s = (await simuler({})).json();
    expect(s.montant).toBe(1600);
    expect(s.valeurs.accord_applique).toBe(true);
    expect(s.valeurs.pedagogique).toBe(1600);
    expect(s.accordTarifaire).toMatchObject({ accord: 'paie-2024', version: 1, prix: 40 });
    const c = s.citations.find(
      (x: { article: string }) => x.article === 'Accord tarifaire paie-2024 v1',
    );
    expect(c.titre).toContain('Accord-cadre Atlas 2024-017');
    const audit = await envoyer('GET', administrateur, '/api/v1/audit');
    expect(audit.body).toContain('accord_tarifaire:paie-2024:v1');
  });

  it('autre certification, autre organisme, autre date, volume dépassé : pas d’accord, motif donné', async () => {
    // Certification « rncp35185 » : la même (casse indifférente) → 1 600 €.
    expect((await simuler({ certification: 'rncp35185' })).json().montant).toBe(1600);
    const autre = (await simuler({ organismeSiret: '98765432100019' })).json();
    expect(autre.montant).toBe(2200);
    // 2025-02-01 : accord échu le 2024-12-31 ; barème Atlas 217 toujours en vigueur → 2 200 €.
    const tard = (await simuler({ dateDebut: '2025-02-01' })).json();
    expect(tard.montant).toBe(2200);
    expect(tard.accordTarifaire.motif).toContain('aucun accord tarifaire en vigueur le 2025-02-01');
    // 6 stagiaires × 20 h = 120 heures > 100 : min(3 000, 55 × 20 × 6 = 6 600) = 3 000 €.
    const gros = (await simuler({ stagiaires: 6 })).json();
    expect(gros.montant).toBe(3000);
    expect(gros.accordTarifaire.motif).toContain('dépasse 100 heures');
  });

  it('une nouvelle version (prix par stagiaire) remplace la précédente ; historique et propriété', async () => {
    const r = await envoyer('PUT', gestionnaire, urlAccord(opco, 'paie-2024'), {
      ...accord,
      unite: 'stagiaire',
      prix: 1500,
      quantiteMax: 10,
    });
    expect(r.json().version).toBe(2);
    // 1 500 € × 2 stagiaires = 3 000 € : le prix négocié remplace le plafond de 2 200 € ; ≤ 6 000 €.
    const s = (await simuler({})).json();
    expect(s.montant).toBe(3000);
    expect(s.citations.map((x: { article: string }) => x.article)).toContain(
      'Accord tarifaire paie-2024 v2',
    );
    const h = await envoyer('GET', gestionnaire, `${urlAccord(opco, 'paie-2024')}/versions`);
    expect(h.json().map((v: { version: number; prix: number }) => [v.version, v.prix])).toEqual([
      [1, 40],
      [2, 1500],
    ]);
    const l = await envoyer(
      'GET',
      gestionnaire,
      `/api/v1/organisations/${opco}/accords-tarifaires`,
    );
    expect(l.json()).toHaveLength(1);
    // Un autre OPCO ne peut pas écrire une version de cet accord sous son organisation.
    const vol = await envoyer('PUT', autreGestionnaire, urlAccord(autreOpco, 'paie-2024'), accord);
    expect(vol.statusCode).toBe(400);
    expect(vol.body).toContain('params.accord');
  });

  it('des enregistrements simultanés reçoivent des versions consécutives, sans doublon', async () => {
    const v = { ...accord, unite: 'stagiaire', prix: 1500, quantiteMax: 10 };
    const rs = await Promise.all(
      [1, 2, 3, 4].map(() => envoyer('PUT', gestionnaire, urlAccord(opco, 'paie-2024'), v)),
    );
    expect(rs.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    expect(rs.map((r) => r.json().version as number).sort()).toEqual([3, 4, 5, 6]);
  });

  it('la comparaison applique l’accord au seul barème de son OPCO', async () => {
    const r = await envoyer('POST', null, '/api/v1/comparaisons/plan-moins-50', {
      dateDebut: '2024-05-01',
      effectif: 8,
      heures: 20,
      stagiaires: 2,
      coutPedagogique: 3000,
      organismeSiret: SIRET_OF,
      certification: 'RNCP35185',
    });
    const atlas = r
      .json()
      .resultats.find((x: { bareme: { id: string } }) => x.bareme.id === 'atlas_217');
    expect(atlas.montant).toBe(3000);
  });
});

describe('sessions d’actions collectives : modification et annulation par l’OPCO', () => {
  let session = 0;
  const base = `/api/v1/organisations/`;
  const conditions = {
    intitule: 'Habilitation électrique B0',
    dateDebut: '2026-05-04',
    places: 3,
    prixNegocie: 300,
    tauxFinancement: 0.5,
    idccEligibles: [],
    effectifMax: 49,
  };

  it('une inscription occupe ses places ; les places ne descendent pas sous les inscrits', async () => {
    const c = await envoyer('POST', gestionnaire, `${base}${opco}/actions-collectives`, conditions);
    session = c.json().id;
    const i = await envoyer(
      'POST',
      salarie,
      `${base}${entreprise}/actions-collectives/${session}/inscriptions`,
      { stagiaires: 2, effectif: 20 },
    );
    // 300 € × 2 × 50 % = 300 €.
    expect(i.json()).toMatchObject({ inscrit: true, decision: { montant: 300 } });
    const m = await envoyer('PUT', gestionnaire, `${base}${opco}/actions-collectives/${session}`, {
      ...conditions,
      places: 1,
    });
    expect(m.statusCode).toBe(400);
    expect(m.body).toContain('body.places');
  });

  it('modifie la session (audit avant/après) ; un autre OPCO ne la trouve pas', async () => {
    const m = await envoyer('PUT', gestionnaire, `${base}${opco}/actions-collectives/${session}`, {
      ...conditions,
      places: 4,
      prixNegocie: 320,
    });
    expect(m.statusCode).toBe(200);
    expect(m.json()).toMatchObject({ places: 4, placesRestantes: 2, prixNegocie: 320 });
    const x = await envoyer(
      'POST',
      autreGestionnaire,
      `${base}${autreOpco}/actions-collectives/${session}/annulation`,
      { motif: 'essai' },
    );
    expect(x.statusCode).toBe(404);
  });

  it('annule : places libérées, inscriptions annulées, nouvelle inscription refusée avec le motif', async () => {
    const a = await envoyer(
      'POST',
      gestionnaire,
      `${base}${opco}/actions-collectives/${session}/annulation`,
      { motif: 'Formateur indisponible' },
    );
    expect(a.statusCode).toBe(200);
    expect(a.json().inscriptionsAnnulees).toBe(1);
    expect(a.json().session).toMatchObject({
      placesRestantes: 4,
      motifAnnulation: 'Formateur indisponible',
    });
    const i = await envoyer(
      'POST',
      salarie,
      `${base}${entreprise}/actions-collectives/${session}/inscriptions`,
      { stagiaires: 1, effectif: 20 },
    );
    expect(i.json().inscrit).toBe(false);
    expect(i.json().decision.refus.map((r: { code: string }) => r.code)).toEqual(['annulee']);
    const mes = await envoyer(
      'GET',
      salarie,
      `${base}${entreprise}/actions-collectives/inscriptions`,
    );
    expect(mes.json()).toEqual([
      expect.objectContaining({ session, stagiaires: 2, montant: 300, annulee: true }),
    ]);
    const audit = await envoyer('GET', administrateur, '/api/v1/audit');
    expect(audit.body).toContain(`action_collective:${session}:annulation`);
    const re = await envoyer(
      'POST',
      gestionnaire,
      `${base}${opco}/actions-collectives/${session}/annulation`,
      {
        motif: 'bis',
      },
    );
    expect(re.statusCode).toBe(400);
  });
});
