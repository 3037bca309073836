import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jourParis } from '../../src/api/dossiers/service.ts';
import { listerAudit } from '../../src/stockage/audit.depot.ts';
import { importerDotations, solde, verifierGrandLivre } from '../../src/stockage/finances.depot.ts';
import { completerCles, plateformeDeTest, type Session } from '../comptes/aide.ts';
import { planSaisi } from './aide.ts';
import { preparerReferentiels } from './referentiels.ts';

/**
 * A transmitted request modified (POST …/modification: avenant booked on the ledger) and
 * settled on its invoices (POST …/factures, POST …/solde), through the API with real accounts,
 * on both engines. Figures (barème Atlas 217, 55 € HT/h, 2 stagiaires): 21 h → 2 310 €; 14 h →
 * 1 540 €; 28 h (4 000 € declared) → 3 080 €; 7 h → 770 €.
 */
describe('API des demandes : modification (avenant) et solde sur factures', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const siret = completerCles('12345678', '0001');
  const siretOrganisme = completerCles('98765432', '0001');
  const annee = jourParis(new Date()).slice(0, 4);
  const aujourdhui = jourParis(new Date());
  let entreprise: Session;
  let autreEntreprise: Session;
  let gestionnaireA: Session;
  let gestionnaireB: Session;
  const DISPO_PLAN = `03|plan_moins_50|mutualises|-|disponible|${annee}`;
  const ENGAGE_PLAN = `03|plan_moins_50|mutualises|1486|engage|${siretOrganisme}`;

  const h = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
  const plan = (modif: (x: ReturnType<typeof planSaisi>) => void = () => {}) => {
    const x = planSaisi();
    x.entreprise.siret = siret;
    x.action.organismeSiret = siretOrganisme;
    x.dateDebut = '2027-01-11';
    x.dateFin = '2027-01-13';
    modif(x);
    return x;
  };
  const poster = (s: Session, url: string, payload: object) =>
    p.app.inject({ method: 'POST', url, headers: h(s), payload });
  const lire = (s: Session, url: string) => p.app.inject({ method: 'GET', url, headers: h(s) });
  const dispo = () => solde(p.ctx.base.db, DISPO_PLAN);
  const engage = () => solde(p.ctx.base.db, ENGAGE_PLAN);

  beforeAll(async () => {
    p = await plateformeDeTest();
    await preparerReferentiels(p.ctx.base);
    await importerDotations(
      p.ctx.base.db,
      [
        {
          opco: '03',
          section: 'plan_moins_50',
          origine: 'mutualises',
          annee: Number(annee),
          montantCentimes: 500_000,
          reference: 'FC-TEST-PDC',
          dateReference: `${annee}-01-15`,
        },
      ],
      { fichier: 'test', empreinte: 'test' },
    );
    const e = await p.organisation('entreprise', { siret }, 'Bureau Martin');
    const e2 = await p.organisation('entreprise', { siret: completerCles('55555555', '0001') });
    const oa = await p.organisation('opco', { codeOpco: '03' }, 'Atlas');
    const ob = await p.organisation('opco', { codeOpco: '05' }, 'OPCO B');
    entreprise = await p.personne('e@test.fr', { organisationId: e, role: 'entreprise_membre' });
    autreEntreprise = await p.personne('e2@test.fr', {
      organisationId: e2,
      role: 'entreprise_administrateur',
    });
    gestionnaireA = await p.personne('ga@test.fr', {
      organisationId: oa,
      role: 'opco_gestionnaire',
    });
    gestionnaireB = await p.personne('gb@test.fr', {
      organisationId: ob,
      role: 'opco_gestionnaire',
    });
  }, 240_000);
  afterAll(async () => p?.fermer());

  let id = '';

  it('avenant : 2 310 € → 1 540 € → 3 080 €, le grand livre suit, l’écart expliqué, au journal ; autres → 403/404', async () => {
    const r = await poster(entreprise, '/api/v1/demandes', plan());
    expect(r.statusCode).toBe(201);
    id = r.json().id;
    expect(r.json().engagement.montantTotalCentimes).toBe(231_000);
    expect(await engage()).toBe(231_000);
    const url = `/api/v1/demandes/${id}/modification`;
    const corps = (m: (x: ReturnType<typeof planSaisi>) => void, motif?: string) => ({
      demande: plan(m),
      ...(motif ? { motif } : {}),
    });
    // Another company, the OPCO's staff, another OPCO: not theirs to modify.
    expect(
      (
        await poster(
          autreEntreprise,
          url,
          corps(() => {}),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await poster(
          gestionnaireA,
          url,
          corps(() => {}),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await poster(
          gestionnaireB,
          url,
          corps(() => {}),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await poster(
          entreprise,
          '/api/v1/demandes/inconnue/modification',
          corps(() => {}),
        )
      ).statusCode,
    ).toBe(404);
    const baisse = await poster(
      entreprise,
      url,
      corps((x) => (x.heures = 14), 'Deux jours'),
    );
    expect(baisse.statusCode).toBe(200);
    expect(baisse.json().accepte).toBe(true);
    expect(baisse.json().demande).toMatchObject({
      etat: 'engage',
      engagement: { montantTotalCentimes: 154_000 },
      modifications: [
        {
          nature: 'avenant',
          motif: 'Deux jours',
          ecart: { avantCentimes: 231_000, apresCentimes: 154_000, differenceCentimes: -77_000 },
        },
      ],
    });
    expect(await engage()).toBe(154_000);
    expect(await dispo()).toBe(500_000 - 154_000);
    const hausse = await poster(
      entreprise,
      url,
      corps((x) => {
        x.heures = 28;
        x.coutPedagogique = 4000;
      }),
    );
    expect(hausse.json().demande.engagement.montantTotalCentimes).toBe(308_000);
    expect(hausse.json().demande.modifications[1].ecart.explication).toContain(
      'de 1540,00 € à 3080,00 € (+1540,00 €)',
    );
    expect(await engage()).toBe(308_000);
    expect(await dispo()).toBe(500_000 - 308_000);
    // Refused (value, nothing written): another scheme's form.
    const autre = await poster(entreprise, url, {
      demande: { ...plan(), type: 'formation_ssct_cse', jours: 3, membreCse: true },
    });
    expect(autre.json().accepte).toBe(false);
    expect(autre.json().raisons[0].code).toBe('demande.modification');
    expect(await engage()).toBe(308_000);
    const audit = await listerAudit(p.ctx.base.db, 'toutes', 200);
    expect(
      audit.filter((l) => l.action === 'demande.avenant' && l.ressource === `demande:${id}`),
    ).toHaveLength(2);
    const hist = (await lire(entreprise, `/api/v1/demandes/${id}/historique`)).json();
    expect(JSON.stringify(hist)).toContain('Avenant : Engagement porté de 2310,00 € à 1540,00 €');
  });

  it('factures : entreprise seule, doublon refusé même à plusieurs en même temps, total ≤ engagé', async () => {
    const url = `/api/v1/demandes/${id}/factures`;
    const facture = (numero: string, ht: number, m: Record<string, unknown> = {}) => ({
      numero,
      siretEmetteur: siretOrganisme,
      dateFacture: aujourdhui,
      montantHT: ht,
      montantTTC: ht * 1.2,
      ...m,
    });
    expect((await poster(gestionnaireA, url, facture('F-1', 1500))).statusCode).toBe(403);
    expect((await poster(autreEntreprise, url, facture('F-1', 1500))).statusCode).toBe(403);
    const f1 = await poster(entreprise, url, facture('F-1', 1500));
    expect(f1.json()).toMatchObject({
      accepte: true,
      totalHtCentimes: 150_000,
      engageCentimes: 308_000,
      factures: [{ numero: 'F-1', montantHtCentimes: 150_000, montantTtcCentimes: 180_000 }],
    });
    const double = await poster(entreprise, url, facture('F-1', 10));
    expect(double.json().accepte).toBe(false);
    expect(double.json().raisons[0]).toMatchObject({
      code: 'demande.facture',
      articles: [expect.objectContaining({ article: 'R6332-25' })],
    });
    // Four copies of one number at once: exactly one is recorded.
    const en = await Promise.all(
      [0, 1, 2, 3].map(() => poster(entreprise, url, facture('F-9', 100))),
    );
    expect(en.filter((x) => x.json().accepte === true)).toHaveLength(1);
    expect(en.filter((x) => x.json().accepte === false)).toHaveLength(3);
    const trop = await poster(entreprise, url, facture('F-3', 2000));
    expect(trop.json().raisons[0].message).toContain('au-delà du montant engagé');
    const ttc = await poster(entreprise, url, facture('F-4', 100, { montantTTC: 50 }));
    expect(ttc.json().raisons[0].message).toContain('inférieur au montant HT');
    const liste = (await lire(gestionnaireA, url)).json();
    expect(liste.factures.map((x: { numero: string }) => x.numero)).toEqual(['F-1', 'F-9']);
    expect(liste.totalHtCentimes).toBe(160_000);
    expect((await lire(autreEntreprise, url)).statusCode).toBe(403);
    // An avenant never goes below what was invoiced: 7 h → 770 € < 1 600 €.
    const sous = await poster(entreprise, `/api/v1/demandes/${id}/modification`, {
      demande: plan((x) => (x.heures = 7)),
    });
    expect(sous.json().raisons[0].code).toBe('demande.facture');
  });

  it('solde sur les factures : 1 600 € réalisés, 1 480 € libérés ; autre OPCO → 403 ; puis plus de modification', async () => {
    const url = `/api/v1/demandes/${id}/solde`;
    expect((await poster(gestionnaireB, url, {})).statusCode).toBe(403);
    const dispoAvant = await dispo();
    const r = await poster(gestionnaireA, url, { motif: 'Factures F-1 et F-9' });
    expect(r.json().accepte).toBe(true);
    expect(r.json().demande).toMatchObject({
      etat: 'solde',
      solde: {
        montantRealiseCentimes: 160_000,
        libereCentimes: 148_000,
        factures: [{ numero: 'F-1' }, { numero: 'F-9' }],
      },
      engagement: { montantTotalCentimes: 160_000 },
    });
    expect(await dispo()).toBe(dispoAvant + 148_000);
    expect(await engage()).toBe(160_000);
    const apres = await poster(entreprise, `/api/v1/demandes/${id}/modification`, {
      demande: plan(),
    });
    expect(apres.json().raisons[0].code).toBe('transition_interdite');
    const f = await poster(entreprise, `/api/v1/demandes/${id}/factures`, {
      numero: 'F-5',
      siretEmetteur: siretOrganisme,
      dateFacture: aujourdhui,
      montantHT: 1,
      montantTTC: 1,
    });
    expect(f.json().raisons[0].message).toContain('demande engagée');
  });

  it('un numéro de facture déjà reçu sur une autre demande est refusé (index unique par émetteur)', async () => {
    const r = await poster(
      entreprise,
      '/api/v1/demandes',
      plan((x) => (x.heures = 7)),
    );
    expect(r.json().etat).toBe('engage');
    const f = await poster(entreprise, `/api/v1/demandes/${r.json().id}/factures`, {
      numero: 'F-1',
      siretEmetteur: siretOrganisme,
      dateFacture: aujourdhui,
      montantHT: 100,
      montantTTC: 100,
    });
    expect(f.json().accepte).toBe(false);
    expect(f.json().raisons[0].message).toContain('un numéro de facture par émetteur');
    expect(f.json().factures).toEqual([]);
  });

  it('brouillon : la modification d’une demande transmise ne s’y applique pas', async () => {
    const b = await p.app.inject({
      method: 'POST',
      url: '/api/v1/demandes?brouillon=true',
      headers: h(entreprise),
      payload: plan(),
    });
    const r = await poster(entreprise, `/api/v1/demandes/${b.json().id}/modification`, {
      demande: plan(),
    });
    expect(r.json().raisons[0].code).toBe('transition_interdite');
  });

  it('le grand livre reste équilibré', async () => {
    const v = await verifierGrandLivre(p.ctx.base.db);
    expect(v.anomalies).toEqual([]);
    expect(v.valide).toBe(true);
  });
});
