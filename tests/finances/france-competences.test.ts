import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngagementAReserver } from '../../src/domaine/finances/index.ts';
import {
  annulerEngagement,
  importerDotations,
  reserverEngagement,
  verifierGrandLivre,
} from '../../src/stockage/finances.depot.ts';
import { codeOpco, moteurDeTest } from '../aide/base.ts';
import { plateformeDeTest, type Session } from '../comptes/aide.ts';
import { engagement, provenanceTest } from './aide.ts';

/**
 * Cash calls (R6123-28), péréquation eligibility (R6123-31, R6123-33) and the ESF (R6332-31),
 * through the API, on figures computed by hand in the comments.
 */
describe(`France compétences : appels de fonds, péréquation, ESF (${moteurDeTest})`, () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let opcoOrg: string;
  let perOrg: string;
  let comptable: Session;
  let comptablePer: Session;
  let valideur: Session;
  let fc: Session;
  const opco = codeOpco('AFDAS');
  const opcoPer = codeOpco('AKTO');

  const appel = (s: Session, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    p.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  const reserver = async (e: EngagementAReserver) =>
    expect((await reserverEngagement(p.ctx.base.db, e, { delaiSoldeMois: null })).statut).toBe(
      'reserve',
    );
  const dotation = (o: string, annee: number, montantCentimes: number) => ({
    opco: o,
    section: 'alternance' as const,
    origine: 'mutualises' as const,
    annee,
    montantCentimes,
    reference: `delib-${annee}`,
    dateReference: `${annee - 1}-11-27`,
  });

  beforeAll(async () => {
    p = await plateformeDeTest();
    opcoOrg = await p.organisation('opco', { codeOpco: opco });
    perOrg = await p.organisation('opco', { codeOpco: opcoPer });
    const fcOrg = await p.organisation('france_competences', {});
    comptable = await p.personne('compta@appel.test', {
      organisationId: opcoOrg,
      role: 'opco_comptable',
    });
    valideur = await p.personne('valid@appel.test', {
      organisationId: opcoOrg,
      role: 'opco_valideur',
    });
    comptablePer = await p.personne('compta@pereq.test', {
      organisationId: perOrg,
      role: 'opco_comptable',
    });
    fc = await p.personne('fc@fc.test', {
      organisationId: fcOrg,
      role: 'france_competences_lecteur',
    });
    const db = p.ctx.base.db;
    // Cash calls: 100 000,00 € allocated for 2026; two engagements (10 000 € and 5 000 €, 40/30/20/10).
    await importerDotations(db, [dotation(opco, 2026, 10_000_000)], provenanceTest);
    await reserver(engagement('AF-1', 1_000_000, { opco }));
    await reserver(engagement('AF-2', 500_000, { opco }));

    // Péréquation: allocations 2022–2026 = 14 000 000 c ; engagements by year and scheme.
    await importerDotations(
      db,
      [
        dotation(opcoPer, 2022, 1_000_000),
        dotation(opcoPer, 2023, 2_000_000),
        dotation(opcoPer, 2024, 1_000_000),
        dotation(opcoPer, 2025, 4_000_000),
        dotation(opcoPer, 2026, 6_000_000),
      ],
      provenanceTest,
    );
    const e = (
      id: string,
      total: number,
      date: string,
      dispositif?: EngagementAReserver['dispositif'],
    ) =>
      engagement(id, total, {
        opco: opcoPer,
        dateEngagement: date,
        ...(dispositif ? { dispositif } : {}),
      });
    await reserver(e('A1', 1_000_000, '2022-03-01', 'apprentissage'));
    await reserver(e('A2', 2_000_000, '2023-05-10', 'apprentissage'));
    await reserver(e('A3', 2_000_000, '2025-01-15'));
    await reserver(e('A4', 4_000_000, '2026-01-15', 'apprentissage'));
    await reserver(e('P1', 500_000, '2024-02-01', 'professionnalisation'));
    await reserver(e('P2', 1_500_000, '2025-03-01'));
    await reserver(e('P3', 1_000_000, '2026-02-01', 'professionnalisation'));
    await reserver(e('X1', 100_000, '2026-03-01'));
    expect((await annulerEngagement(db, 'A2', 2, '2023-09-01')).statut).toBe('ajuste');
    expect((await annulerEngagement(db, 'P1', 2, '2024-06-01')).statut).toBe('ajuste');
    // A3 and P2 have their dossier (FA13, EJ20): the scheme comes from the form.
    const dossier = (id: string, formulaire: string, cerfa: unknown) =>
      sql`insert into dossier (id, formulaire, opco, etat, version, siret_employeur, siret_cfa, projection)
          values (${id}, ${formulaire}, ${opcoPer}, 'engage', 1, '12345678900011', '13002526500013',
                  ${JSON.stringify({ cerfa })})`.execute(db);
    await dossier('A3', 'FA13', {
      employeur: { nombreDeSalaries: 12 },
      apprenti: { dateNaissance: '2007-03-10', sexe: 'F' },
      contrat: { dateDebut: '2025-09-01' },
    });
    await dossier('P2', 'EJ20', {
      employeur: { nombreDeSalaries: 300 },
      salarie: { dateNaissance: '1990-01-01', sexe: 'M' },
      contrat: { dateDebut: '2025-03-01' },
    });
  });
  afterAll(async () => p.fermer());

  const url = () => `/api/v1/finances/opco/${opcoOrg}`;

  it('état d’appel de fonds : échu 6 000 €, août 4 500 €, plafond = besoins des 3 mois moins la trésorerie', async () => {
    const r = await appel(comptable, 'GET', `${url()}/appels-fonds/etat?date=2026-07-15`);
    expect(r.statusCode).toBe(200);
    // Due before 2026-07-15 and unpaid: advances 400 000 + 200 000. In [07-15, 10-15): 300 000 + 150 000.
    expect(r.json()).toMatchObject({
      horizonMois: 3,
      finPeriode: '2026-10-15',
      echuCentimes: 600_000,
      besoins: [
        { mois: '2026-07', montantCentimes: 0 },
        { mois: '2026-08', montantCentimes: 450_000 },
        { mois: '2026-09', montantCentimes: 0 },
      ],
      besoinsPeriodeCentimes: 1_050_000,
      tresorerieCentimes: 0,
      besoinNetCentimes: 1_050_000,
      dotationCentimes: 10_000_000,
      verseCentimes: 0,
      resteAVerserCentimes: 10_000_000,
      plafondCentimes: 1_050_000,
      references: [expect.objectContaining({ article: 'R6123-28' })],
    });
    // No cap before the version of R6123-28 read (2025-06-23).
    expect(
      (await appel(comptable, 'GET', `${url()}/appels-fonds/etat?date=2025-01-15`)).statusCode,
    ).toBe(400);
  });

  it('appel au-delà du plafond refusé avec les chiffres ; accepté en deçà ; le valideur ne peut pas appeler', async () => {
    const corps = { date: '2026-07-15', montantCentimes: 1_200_000 };
    expect((await appel(valideur, 'POST', `${url()}/appels-fonds`, corps)).statusCode).toBe(403);
    const refuse = (await appel(comptable, 'POST', `${url()}/appels-fonds`, corps)).json();
    expect(refuse).toMatchObject({
      statut: 'refuse',
      demandeCentimes: 1_200_000,
      plafondCentimes: 1_050_000,
      depassementCentimes: 150_000,
      appelId: null,
    });
    expect(refuse.motif).toContain('3 mois');
    const ok = (
      await appel(comptable, 'POST', `${url()}/appels-fonds`, {
        ...corps,
        montantCentimes: 1_000_000,
      })
    ).json();
    expect(ok).toMatchObject({ statut: 'accepte', montantCentimes: 1_000_000 });
    // The accepted call, not yet received, counts against the cap: 1 050 000 − 1 000 000.
    expect(
      (
        await appel(comptable, 'POST', `${url()}/appels-fonds`, {
          ...corps,
          montantCentimes: 60_000,
        })
      ).json(),
    ).toMatchObject({ statut: 'refuse', plafondCentimes: 50_000, depassementCentimes: 10_000 });

    // Funds received: booked tresorerie ← fonds_recus, once per reference, within the allocation.
    const v = {
      annee: 2026,
      montantCentimes: 1_000_000,
      date: '2026-07-20',
      reference: 'FC-2026-07',
      appelId: ok.appelId,
    };
    const recu = (await appel(comptable, 'POST', `${url()}/versements`, v)).json();
    expect(recu).toMatchObject({ statut: 'enregistre' });
    expect((await appel(comptable, 'POST', `${url()}/versements`, v)).json()).toMatchObject({
      statut: 'deja_enregistre',
      versementId: recu.versementId,
    });
    expect(
      (
        await appel(comptable, 'POST', `${url()}/versements`, {
          ...v,
          reference: 'FC-TROP',
          appelId: null,
          montantCentimes: 9_000_001,
        })
      ).json(),
    ).toMatchObject({ statut: 'refuse', resteAVerserCentimes: 9_000_000 });
    const { rows } = await sql<{ cause_type: string; cause_reference: string }>`
      select cause_type, cause_reference from fin_ecriture where id = ${recu.ecritureId}`.execute(
      p.ctx.base.db,
    );
    expect(rows).toEqual([{ cause_type: 'versement', cause_reference: 'FC-2026-07' }]);
    // Treasury 10 000 € now; net need 50 000 c; nothing pending.
    expect(
      (await appel(comptable, 'GET', `${url()}/appels-fonds/etat?date=2026-07-15`)).json(),
    ).toMatchObject({
      tresorerieCentimes: 1_000_000,
      besoinNetCentimes: 50_000,
      verseCentimes: 1_000_000,
      resteAVerserCentimes: 9_000_000,
      appelsEnAttenteCentimes: 0,
      plafondCentimes: 50_000,
    });
    expect((await appel(comptable, 'GET', `${url()}/appels-fonds`)).json()).toMatchObject({
      appels: [{ montantCentimes: 1_000_000, recuCentimes: 1_000_000 }],
      versements: [{ reference: 'FC-2026-07', montantCentimes: 1_000_000 }],
    });
    expect((await verifierGrandLivre(p.ctx.base.db)).anomalies).toEqual([]);
  });

  it('péréquation : taux d’annulation, stock ajusté, insuffisance et part des contrats calculés à la main', async () => {
    const base = `/api/v1/finances/opco/${perOrg}/perequation?date=2026-06-30`;
    const r = await appel(comptablePer, 'GET', `${base}&previsionNouveauxCentimes=20000000`);
    expect(r.statusCode).toBe(200);
    const x = r.json();
    // Apprenticeship 2022–2025: A1 1 000 000 + A2 2 000 000 + A3 2 000 000 engaged, A2 cancelled: 40 %.
    // Professionalisation 2023–2025: P1 500 000 + P2 1 500 000, P1 cancelled: 25 %.
    expect(x.taux).toEqual([
      {
        dispositif: 'apprentissage',
        annees: [2022, 2023, 2024, 2025],
        engageCentimes: 5_000_000,
        annuleCentimes: 2_000_000,
        taux: 0.4,
      },
      {
        dispositif: 'professionnalisation',
        annees: [2023, 2024, 2025],
        engageCentimes: 2_000_000,
        annuleCentimes: 500_000,
        taux: 0.25,
      },
    ]);
    // Stock: A1 (2022-03-01, before 2022-06-30) excluded; (2 000 000 + 4 000 000) × 0.6 = 3 600 000;
    // pro (2 500 000) × 0.75 = 1 875 000; other 100 000.
    expect(x.stocks).toEqual([
      {
        dispositif: 'apprentissage',
        resteAPayerCentimes: 7_000_000,
        exclusCentimes: 1_000_000,
        ajusteCentimes: 3_600_000,
        exclusAvant: '2022-06-30',
      },
      {
        dispositif: 'professionnalisation',
        resteAPayerCentimes: 2_500_000,
        exclusCentimes: 0,
        ajusteCentimes: 1_875_000,
        exclusAvant: '2023-06-30',
      },
      {
        dispositif: 'autre',
        resteAPayerCentimes: 100_000,
        exclusCentimes: 0,
        ajusteCentimes: 100_000,
        exclusAvant: null,
      },
    ]);
    // Need 5 575 000 + 20 000 000 forecast; funds 14 000 000 allocated − 0 paid.
    expect(x.insuffisance).toMatchObject({
      rempli: true,
      besoinCentimes: 25_575_000,
      ressourcesCentimes: 14_000_000,
      manqueCentimes: 11_575_000,
    });
    // 2026: A4 4 000 000 + P3 1 000 000 of 5 100 000 = 98,04 % ≥ 95 %.
    expect(x.affectation).toMatchObject({
      rempli: true,
      contratsCentimes: 5_000_000,
      totalCentimes: 5_100_000,
      seuil: 0.95,
    });
    expect(x.affectation.references.map((r: { url: string }) => r.url)).toContain(
      'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053515419',
    );
    expect(x.eligible).toBe(true);
    // Without the forecast the section covers its stock: not eligible.
    const sans = (await appel(comptablePer, 'GET', base)).json();
    expect(sans).toMatchObject({
      eligible: false,
      insuffisance: { rempli: false, besoinCentimes: 5_575_000, manqueCentimes: 0 },
    });
    // France compétences reads it nationally; another OPCO's comptable may not.
    expect(
      (
        await appel(fc, 'GET', `/api/v1/finances/perequation?opco=${opcoPer}&date=2026-06-30`)
      ).json(),
    ).toMatchObject({ eligible: false, affectation: { rempli: true } });
    expect((await appel(comptable, 'GET', base)).statusCode).toBe(403);
  });

  it('ESF 2025 : produits et charges par nature et destination, contrats par taille, bénéficiaires par âge et sexe (JSON, CSV, XLSX)', async () => {
    const base = `/api/v1/finances/opco/${perOrg}/esf?annee=2025`;
    const e = (await appel(comptablePer, 'GET', base)).json();
    expect(e.avertissement).toContain('Convention');
    expect(e.financier).toEqual([
      {
        section: 'alternance',
        origine: 'mutualises',
        sens: 'produits',
        nature: 'Dotations allouées',
        destination: 'alternance',
        montantCentimes: 4_000_000,
      },
      {
        section: 'alternance',
        origine: 'mutualises',
        sens: 'charges',
        nature: 'Engagements nets d’annulations',
        destination: 'apprentissage',
        montantCentimes: 2_000_000,
      },
      {
        section: 'alternance',
        origine: 'mutualises',
        sens: 'charges',
        nature: 'Engagements nets d’annulations',
        destination: 'professionnalisation',
        montantCentimes: 1_500_000,
      },
    ]);
    expect(e.contrats).toEqual([
      { dispositif: 'apprentissage', tranche: '11 à 49 salariés', nombre: 1 },
      { dispositif: 'professionnalisation', tranche: '250 salariés et plus', nombre: 1 },
    ]);
    expect(e.beneficiaires).toEqual([
      { dispositif: 'apprentissage', tranche: '18 à 20 ans', sexe: 'femmes', nombre: 1 },
      { dispositif: 'professionnalisation', tranche: '30 ans et plus', sexe: 'hommes', nombre: 1 },
    ]);
    const csv = await appel(comptablePer, 'GET', `${base}&format=csv&contenu=contrats`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.replace('\ufeff', '').split('\r\n')).toEqual([
      'Dispositif,Taille de l’entreprise,Contrats',
      'apprentissage,11 à 49 salariés,1',
      'professionnalisation,250 salariés et plus,1',
      '',
    ]);
    const xlsx = await appel(
      fc,
      'GET',
      `/api/v1/finances/esf?opco=${opcoPer}&annee=2025&format=xlsx`,
    );
    expect(xlsx.statusCode).toBe(200);
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(classeur.worksheets.map((w) => w.name)).toEqual([
      'Avertissement',
      'Produits et charges',
      'Contrats par taille',
      'Bénéficiaires',
    ]);
    expect(classeur.getWorksheet('Produits et charges')?.getCell('F2').value).toBe(40_000);
    // Another OPCO's comptable: refused.
    expect((await appel(comptable, 'GET', base)).statusCode).toBe(403);
  });
});
