import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerDotations, verifierGrandLivre } from '../../src/stockage/finances.depot.ts';
import { codeOpco, moteurDeTest } from '../aide/base.ts';
import { completerCles, plateformeDeTest, type Session } from '../comptes/aide.ts';
import { bicCfa, bicOpco, engagement, ibanCfa, ibanOpco, provenanceTest } from './aide.ts';

describe(`routes des finances (${moteurDeTest})`, () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let opcoOrg: string;
  let cfaOrg: string;
  let autreCfaOrg: string;
  const opco = codeOpco('ATLAS');
  const siret = completerCles('12345678', '0001');
  let admin: Session;
  let comptable: Session;
  let valideur: Session;
  let cfa: Session;
  let autreCfa: Session;
  let fc: Session;

  const appel = (
    s: Session,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    type?: string,
  ) =>
    p.app.inject({
      method,
      url,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        ...(type ? { 'content-type': type } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });

  beforeAll(async () => {
    p = await plateformeDeTest();
    opcoOrg = await p.organisation('opco', { codeOpco: opco });
    cfaOrg = await p.organisation('organisme_formation', { siret });
    autreCfaOrg = await p.organisation('organisme_formation', {
      siret: completerCles('87654321', '0002'),
    });
    const fcOrg = await p.organisation('france_competences', {});
    admin = await p.personne('admin@opco.test', {
      organisationId: opcoOrg,
      role: 'opco_administrateur',
    });
    comptable = await p.personne('compta@opco.test', {
      organisationId: opcoOrg,
      role: 'opco_comptable',
    });
    valideur = await p.personne('valid@opco.test', {
      organisationId: opcoOrg,
      role: 'opco_valideur',
    });
    cfa = await p.personne('cfa@cfa.test', { organisationId: cfaOrg, role: 'cfa_membre' });
    autreCfa = await p.personne('autre@cfa.test', {
      organisationId: autreCfaOrg,
      role: 'cfa_membre',
    });
    fc = await p.personne('fc@fc.test', {
      organisationId: fcOrg,
      role: 'france_competences_lecteur',
    });
    // 50 000,00 € for the alternance section of 2026.
    await importerDotations(
      p.ctx.base.db,
      [
        {
          opco,
          section: 'alternance',
          origine: 'mutualises',
          annee: 2026,
          montantCentimes: 5_000_000,
          reference: 'delib',
          dateReference: '2025-11-27',
        },
      ],
      provenanceTest,
    );
  });
  afterAll(async () => p.fermer());

  it('enveloppe : l’administrateur de l’OPCO la crée, le comptable ne le peut pas', async () => {
    const corps = {
      id: 'ENV-1486',
      section: 'alternance',
      origine: 'mutualises',
      annee: 2026,
      branche: '1486',
      dispositif: null,
      libelle: 'Syntec',
      deltaCentimes: 1_000_000,
      date: '2026-01-05',
    };
    expect(
      (await appel(comptable, 'POST', `/api/v1/finances/opco/${opcoOrg}/enveloppes`, corps))
        .statusCode,
    ).toBe(403);
    const r = await appel(admin, 'POST', `/api/v1/finances/opco/${opcoOrg}/enveloppes`, corps);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ fait: true, soldeCentimes: 1_000_000 });
  });

  it('engagement par l’API, refus chiffré au-delà de l’enveloppe, champ invalide nommé', async () => {
    const e = engagement('API-1', 800_000, { idcc: '1486', siretBeneficiaire: siret });
    const { opco: _o, ...corps } = e;
    const r = await appel(valideur, 'POST', `/api/v1/finances/opco/${opcoOrg}/engagements`, corps);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ statut: 'reserve', disponibleApresCentimes: 200_000 });
    const { opco: _p, ...trop } = engagement('API-2', 300_000, {
      idcc: '1486',
      siretBeneficiaire: siret,
    });
    expect(
      (await appel(valideur, 'POST', `/api/v1/finances/opco/${opcoOrg}/engagements`, trop)).json(),
    ).toMatchObject({
      statut: 'refuse',
      disponibleCentimes: 200_000,
      demandeCentimes: 300_000,
      manqueCentimes: 100_000,
    });
    const mauvais = await appel(valideur, 'POST', `/api/v1/finances/opco/${opcoOrg}/engagements`, {
      ...corps,
      siretBeneficiaire: '12',
    });
    expect(mauvais.statusCode).toBe(400);
    expect(mauvais.body).toContain('siretBeneficiaire');
  });

  it('factures du CFA en JSON et en CSV ; le doublon est refusé avec sa raison ; le gestionnaire voit pourquoi', async () => {
    expect(
      (
        await appel(cfa, 'PUT', `/api/v1/finances/cfa/${cfaOrg}/coordonnees`, {
          nom: 'CFA Test',
          iban: ibanCfa,
          bic: bicCfa,
        })
      ).json(),
    ).toEqual({ enregistre: true, motifs: [] });
    const mauvais = await appel(cfa, 'PUT', `/api/v1/finances/cfa/${cfaOrg}/coordonnees`, {
      nom: 'CFA Test',
      iban: 'FR7630006000011234567890180',
      bic: bicCfa,
    });
    expect(mauvais.json()).toMatchObject({
      enregistre: false,
      motifs: [expect.stringContaining('IBAN invalide')],
    });
    const r = await appel(cfa, 'POST', `/api/v1/finances/cfa/${cfaOrg}/factures`, {
      opco,
      referenceCfa: 'FA-1',
      dateFacture: '2026-02-02',
      lignes: [{ dossierId: 'API-1', numeroEcheance: 1, montantCentimes: 320_000 }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      factures: [{ statut: 'acceptee', montantApparieCentimes: 320_000 }],
    });
    const csv = [
      'siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros',
      `${siret},FA-1,2026-02-03,API-1,2,"2400,00"`,
      `${siret},FA-2,2026-08-03,API-1,2,"2400,00"`,
    ].join('\n');
    const c = await appel(
      cfa,
      'POST',
      `/api/v1/finances/cfa/${cfaOrg}/factures?opco=${opco}`,
      csv,
      'text/csv',
    );
    expect(c.statusCode).toBe(200);
    const corps = c.json() as {
      factures: { referenceCfa: string; statut: string; lignes: { motif: string | null }[] }[];
    };
    expect(corps.factures.map((x) => [x.referenceCfa, x.statut])).toEqual([
      ['FA-1', 'refusee'],
      ['FA-2', 'acceptee'],
    ]);
    expect(corps.factures[0]?.lignes[0]?.motif).toContain('facture en double');
    const vues = (
      await appel(comptable, 'GET', `/api/v1/finances/opco/${opcoOrg}/factures`)
    ).json() as { factures: { statut: string }[] };
    expect(vues.factures.map((x) => x.statut).sort()).toEqual(['acceptee', 'acceptee', 'refusee']);
  });

  it('lot de paiement : le comptable l’exécute, obtient le fichier SEPA, l’export CSV et XLSX', async () => {
    expect(
      (
        await appel(comptable, 'PUT', `/api/v1/finances/opco/${opcoOrg}/coordonnees`, {
          nom: 'OPCO Test',
          iban: ibanOpco,
          bic: bicOpco,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await appel(valideur, 'POST', `/api/v1/finances/opco/${opcoOrg}/lots`, {
          dateExecution: '2026-09-01',
        })
      ).statusCode,
    ).toBe(403);
    const r = await appel(comptable, 'POST', `/api/v1/finances/opco/${opcoOrg}/lots`, {
      dateExecution: '2026-09-01',
    });
    // Advance 3 200 € (due 2026-02-01) and 2nd instalment 2 400 € (due 2026-08-01): 5 600,00 €.
    expect(r.json()).toMatchObject({
      statut: 'termine',
      nombrePaiements: 2,
      montantCentimes: 560_000,
      virements: 1,
    });
    const lotId = (r.json() as { lotId: string }).lotId;
    const fichier = await appel(
      comptable,
      'GET',
      `/api/v1/finances/opco/${opcoOrg}/lots/${lotId}/fichier`,
    );
    expect(fichier.headers['content-type']).toContain('application/xml');
    expect(fichier.body).toContain('<CtrlSum>5600.00</CtrlSum>');
    const exp = await appel(comptable, 'GET', `/api/v1/finances/opco/${opcoOrg}/export?format=csv`);
    expect(exp.body).toContain('Section,Origine des fonds,Branche (IDCC),Dotation (€)');
    // Branch 1486: no allocation of its own, 10 000 − 8 000 = 2 000 € left in the envelope,
    // 8 000 − 3 200 − 2 400 = 2 400 € still engaged, 5 600 € paid.
    expect(exp.body).toContain('alternance,mutualises,1486,0.00,2000.00,2400.00,0.00,5600.00');
    const x = await appel(comptable, 'GET', `/api/v1/finances/opco/${opcoOrg}/export?format=xlsx`);
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(classeur.worksheets.map((w) => w.name)).toEqual([
      'Budgets',
      'Lots de paiement',
      'Factures',
      'Non comptabilisés',
    ]);
    expect(classeur.getWorksheet('Lots de paiement')?.getRow(2).getCell(5).value).toBe(5600);
  });

  it('le CFA voit engagé, facturé, payé et attendu par mois ; un autre CFA ne le voit pas', async () => {
    const r = await appel(cfa, 'GET', `/api/v1/finances/cfa/${cfaOrg}/synthese`);
    expect(r.json()).toEqual({
      siret,
      opcos: [
        {
          opco,
          engageCentimes: 800_000,
          factureCentimes: 560_000,
          payeCentimes: 560_000,
          // 20 % (1 600 €) due 2026-11, balance 10 % (800 €) due 2026-12.
          attendu: [
            { mois: '2026-11', montantCentimes: 160_000 },
            { mois: '2026-12', montantCentimes: 80_000 },
          ],
        },
      ],
    });
    expect(
      (await appel(autreCfa, 'GET', `/api/v1/finances/cfa/${cfaOrg}/synthese`)).statusCode,
    ).toBe(403);
  });

  it('France compétences voit l’utilisation de la dotation de chaque OPCO, pas ses comptes', async () => {
    const r = await appel(fc, 'GET', '/api/v1/finances/dotations');
    expect(r.json()).toEqual({
      lignes: [
        {
          opco,
          section: 'alternance',
          annee: 2026,
          dotationCentimes: 5_000_000,
          engageCentimes: 800_000,
          payeCentimes: 560_000,
        },
      ],
    });
    expect((await appel(cfa, 'GET', '/api/v1/finances/dotations')).statusCode).toBe(403);
    expect((await appel(comptable, 'GET', '/api/v1/finances/dotations')).statusCode).toBe(403);
    // National readers do not reach an OPCO's own accounts.
    expect((await appel(fc, 'GET', `/api/v1/finances/opco/${opcoOrg}/budgets`)).statusCode).toBe(
      403,
    );
  });

  it('certificats de réalisation en CSV : tout ou rien, la ligne fautive nommée en français', async () => {
    // The balance (10 % = 800 €, due 2026-12-31) is invoiced; it waits for the certificate.
    const facture = await appel(cfa, 'POST', `/api/v1/finances/cfa/${cfaOrg}/factures`, {
      opco,
      referenceCfa: 'FA-SOLDE',
      dateFacture: '2026-12-20',
      lignes: [{ dossierId: 'API-1', numeroEcheance: 4, montantCentimes: 80_000 }],
    });
    expect(facture.json()).toMatchObject({ factures: [{ statut: 'acceptee' }] });
    const etat = async () =>
      (
        await sql<{ statut: string; certificat: string | null }>`
          select e.statut, d.certificat_recu_le as certificat from fin_echeance e
            join fin_dossier d on d.dossier_id = e.dossier_id
           where e.dossier_id = 'API-1' and e.numero = 4`.execute(p.ctx.base.db)
      ).rows[0];
    expect(await etat()).toEqual({ statut: 'facturee', certificat: null });
    const envoyer = (s: Session, org: string, csv: string) =>
      appel(s, 'POST', `/api/v1/finances/cfa/${org}/certificats`, csv, 'text/csv');

    // Line 3 names a dossier that does not exist: nothing is recorded, not even line 2.
    const inconnu = await envoyer(
      cfa,
      cfaOrg,
      'dossier,date_realisation\nAPI-1,2026-12-31\nINCONNU-9,2026-12-31\n',
    );
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.headers['content-type']).toContain('application/problem+json');
    const detail = (inconnu.json() as { detail: string }).detail;
    expect(detail).toContain('rien n’est enregistré');
    expect(detail).toContain('ligne 3 : dossier INCONNU-9 inconnu ou sans engagement');
    expect(detail).not.toContain('ligne 2');
    expect(await etat()).toEqual({ statut: 'facturee', certificat: null });

    // 30 February does not exist; the same dossier twice is refused too.
    const date = await envoyer(
      cfa,
      cfaOrg,
      'dossier,date_realisation\nAPI-1,2026-02-30\nAPI-1,2026-12-31\nAPI-1,2026-12-31\n',
    );
    expect(date.statusCode).toBe(400);
    expect((date.json() as { detail: string }).detail).toContain(
      'ligne 2 : date de réalisation invalide : « 2026-02-30 »',
    );
    expect((date.json() as { detail: string }).detail).toContain(
      'ligne 4 : dossier API-1 déjà présent à la ligne 3',
    );
    const entete = await envoyer(cfa, cfaOrg, 'dossier,date\nAPI-1,2026-12-31\n');
    expect((entete.json() as { detail: string }).detail).toContain(
      'ligne 1 : en-tête attendu : dossier,date_realisation',
    );

    // Another CFA: refused on its own organisation (not its dossier), forbidden on this one.
    const autre = await envoyer(
      autreCfa,
      autreCfaOrg,
      'dossier,date_realisation\nAPI-1,2026-12-31\n',
    );
    expect((autre.json() as { detail: string }).detail).toContain(
      'ligne 2 : le dossier API-1 n’est pas financé à ce CFA'.replace('’', "'"),
    );
    expect(
      (await envoyer(autreCfa, cfaOrg, 'dossier,date_realisation\nAPI-1,2026-12-31\n')).statusCode,
    ).toBe(403);
    expect(await etat()).toEqual({ statut: 'facturee', certificat: null });

    // A good file (here with « ; »): the invoiced balance becomes payable.
    const bon = await envoyer(cfa, cfaOrg, 'dossier;date_realisation\r\nAPI-1;2026-12-31\r\n');
    expect(bon.statusCode).toBe(200);
    expect(bon.json()).toEqual({
      trouve: true,
      devenuesPayables: 1,
      certificats: [{ ligne: 2, dossierId: 'API-1', date: '2026-12-31', devenuesPayables: 1 }],
    });
    expect(await etat()).toEqual({ statut: 'a_payer', certificat: '2026-12-31' });
  });

  it('export du CFA en CSV et XLSX : engagé, facturé, payé, attendu, ses seules lignes', async () => {
    const csv = await appel(cfa, 'GET', `/api/v1/finances/cfa/${cfaOrg}/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    // 8 000 € engaged: 40 % advance and 30 % paid (lot of 2026-09-01), 20 % not invoiced,
    // 10 % balance invoiced with its certificate, waiting for a run.
    expect(csv.body.replace('\ufeff', '').split('\r\n')).toEqual([
      'OPCO,Dossier,Échéance,Nature,Date d’exigibilité,Statut,Engagé (€),Facturé (€),Payé (€),Attendu (€),Certificat de réalisation reçu le',
      `${opco},API-1,1,avance,2026-02-01,payee,3200.00,3200.00,3200.00,0.00,2026-12-31`,
      `${opco},API-1,2,echeance,2026-08-01,payee,2400.00,2400.00,2400.00,0.00,2026-12-31`,
      `${opco},API-1,3,echeance,2026-11-01,prevue,1600.00,0.00,0.00,1600.00,2026-12-31`,
      `${opco},API-1,4,solde,2026-12-31,a_payer,800.00,800.00,0.00,800.00,2026-12-31`,
      '',
    ]);
    // The other CFA exports its own (empty) data and never reaches this CFA's export.
    const autre = await appel(
      autreCfa,
      'GET',
      `/api/v1/finances/cfa/${autreCfaOrg}/export?format=csv`,
    );
    expect(autre.statusCode).toBe(200);
    expect(autre.body).not.toContain('API-1');
    expect(autre.body.replace('\ufeff', '').trim().split('\r\n')).toHaveLength(1);
    for (const format of ['csv', 'xlsx'])
      expect(
        (await appel(autreCfa, 'GET', `/api/v1/finances/cfa/${cfaOrg}/export?format=${format}`))
          .statusCode,
      ).toBe(403);
    // Nor does the OPCO's comptable: it is the CFA's view (the OPCO has its own export).
    expect(
      (await appel(comptable, 'GET', `/api/v1/finances/cfa/${cfaOrg}/export?format=csv`))
        .statusCode,
    ).toBe(403);

    const x = await appel(cfa, 'GET', `/api/v1/finances/cfa/${cfaOrg}/export?format=xlsx`);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(classeur.worksheets.map((w) => w.name)).toEqual([
      'Synthèse par OPCO',
      'Échéances',
      'Trésorerie attendue',
    ]);
    // Engaged 8 000, invoiced 3 200 + 2 400 + 800, paid 5 600, expected 1 600 + 800.
    expect(classeur.getWorksheet('Synthèse par OPCO')?.getRow(2).values).toEqual([
      undefined,
      opco,
      8000,
      6400,
      5600,
      2400,
    ]);
    expect(classeur.getWorksheet('Échéances')?.rowCount).toBe(5);
    const tresorerie = classeur.getWorksheet('Trésorerie attendue');
    expect([2, 3].map((i) => tresorerie?.getRow(i).values)).toEqual([
      [undefined, opco, '2026-11', 1600],
      [undefined, opco, '2026-12', 800],
    ]);
  });

  it('chaque paquet d’un lot est au journal d’audit chaîné, et la vérification le recalcule', async () => {
    const { rows } = await sql<{ apres: string; ressource: string }>`
      select apres, ressource from audit where action = 'finances.paiements'`.execute(
      p.ctx.base.db,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.ressource).toBe(`lot:${opco}-2026-09-01`);
    const paquet = JSON.parse(rows[0]?.apres ?? '{}') as Record<string, unknown>;
    expect(paquet).toMatchObject({ paiements: 2, montantCentimes: 560_000 });
    expect(paquet.empreintePaiements).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifierGrandLivre(p.ctx.base.db)).toMatchObject({ valide: true, anomalies: [] });
    // A payment altered behind the platform's back no longer matches its audited batch.
    await sql`update fin_paiement set siret = '00000000000000' where numero = 1`.execute(
      p.ctx.base.db,
    );
    const v = await verifierGrandLivre(p.ctx.base.db);
    expect(v.valide).toBe(false);
    expect(v.anomalies).toEqual([
      expect.stringContaining('les paiements du paquet ne correspondent plus à leur empreinte'),
    ]);
    await sql`update fin_paiement set siret = ${siret} where numero = 1`.execute(p.ctx.base.db);
    expect((await verifierGrandLivre(p.ctx.base.db)).valide).toBe(true);
  });

  it('chaque mouvement d’argent est au journal d’audit', async () => {
    const { rows } = await sql<{
      action: string;
    }>`select distinct action from audit where action like 'finances.%' order by action`.execute(
      p.ctx.base.db,
    );
    expect(rows.map((x) => x.action)).toEqual([
      'finances.certificat',
      'finances.coordonnees',
      'finances.dotation',
      'finances.engagement',
      'finances.enveloppe',
      'finances.facture',
      'finances.lot',
      'finances.paiements',
    ]);
  });
});
