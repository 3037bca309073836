import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alimenterEnveloppe,
  enregistrerCertificat,
  enregistrerCoordonnees,
  executerLot,
  importerDotations,
  recevoirFacture,
  reserverEngagement,
  retourBancaire,
  solde,
  verifierGrandLivre,
} from '../../src/stockage/finances.depot.ts';
import { baseDeTest, moteurDeTest } from '../aide/base.ts';
import {
  bicCfa,
  bicOpco,
  engagement,
  ibanCfa,
  ibanOpco,
  provenanceTest,
  siretCfa,
} from './aide.ts';

const DISPO = 'OPCO_T|alternance|mutualises|-|disponible|2026';
/** 100 000,00 € for the alternance section of 2026 (mutualised funds). */
const DOTATION = {
  opco: 'OPCO_T',
  section: 'alternance',
  origine: 'mutualises',
  annee: 2026,
  montantCentimes: 10_000_000,
  reference: 'delib-test',
  dateReference: '2025-11-27',
} as const;

describe(`grand livre, budgets, engagements, factures, lots (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  beforeAll(async () => {
    base = await baseDeTest();
    await importerDotations(base.db, [DOTATION], provenanceTest);
    await enregistrerCoordonnees(base.db, 'OPCO_T', {
      nom: 'OPCO T',
      iban: ibanOpco,
      bic: bicOpco,
    });
    await enregistrerCoordonnees(base.db, siretCfa, {
      nom: 'CFA Métiers',
      iban: ibanCfa,
      bic: bicCfa,
    });
  });
  afterAll(async () => base.fermer());

  it('une dotation importée deux fois ne compte qu’une fois', async () => {
    const b = await importerDotations(base.db, [DOTATION], provenanceTest);
    expect(b).toEqual({ importees: 0, dejaPresentes: 1, montantImporteCentimes: 0 });
    expect(await solde(base.db, DISPO)).toBe(10_000_000);
  });

  it('une enveloppe de branche prend sur le disponible, et pas plus', async () => {
    const env = {
      id: 'ENV-1486',
      opco: 'OPCO_T',
      section: 'alternance' as const,
      origine: 'mutualises' as const,
      annee: 2026,
      branche: '1486',
      dispositif: null,
      libelle: 'Branche 1486',
    };
    const r = await alimenterEnveloppe(base.db, env, 2_000_000, '2026-01-02');
    expect(r).toMatchObject({ fait: true, soldeCentimes: 2_000_000 });
    expect(await solde(base.db, DISPO)).toBe(8_000_000);
    const trop = await alimenterEnveloppe(base.db, env, 9_000_000, '2026-01-02');
    // 80 000,00 € available, 90 000,00 € asked.
    expect(trop).toMatchObject({
      fait: false,
      disponibleCentimes: 8_000_000,
      demandeCentimes: 9_000_000,
    });
  });

  it('un engagement réserve son montant et son échéancier ; au-delà du disponible il est refusé avec les chiffres', async () => {
    // 8 000,00 € on the branch envelope: 40/30/20/10 → 3 200, 2 400, 1 600, 800 €.
    const r = await reserverEngagement(base.db, engagement('D1', 800_000, { idcc: '1486' }), {
      delaiSoldeMois: 4,
    });
    expect(r).toMatchObject({
      statut: 'reserve',
      source: 'OPCO_T|alternance|mutualises|1486|enveloppe|ENV-1486',
      disponibleApresCentimes: 1_200_000,
    });
    const encore = await reserverEngagement(base.db, engagement('D1', 800_000, { idcc: '1486' }), {
      delaiSoldeMois: 4,
    });
    expect(encore.statut).toBe('deja_reserve');
    const trop = await reserverEngagement(base.db, engagement('D2', 1_300_000, { idcc: '1486' }), {
      delaiSoldeMois: 4,
    });
    expect(trop).toMatchObject({
      statut: 'refuse',
      disponibleCentimes: 1_200_000,
      demandeCentimes: 1_300_000,
      manqueCentimes: 100_000,
    });
    const echeances = await sql<{
      numero: number;
      montant: number | string;
    }>`select numero, montant from fin_echeance where dossier_id = 'D1' order by numero`.execute(
      base.db,
    );
    expect(echeances.rows.map((x) => Number(x.montant))).toEqual([
      320_000, 240_000, 160_000, 80_000,
    ]);
    const limite = await sql<{
      date_limite_solde: string;
    }>`select date_limite_solde from fin_dossier where dossier_id = 'D1'`.execute(base.db);
    // End 2026-12-31 + 4 months = 2027-04-30 (R6332-25).
    expect(limite.rows[0]?.date_limite_solde).toBe('2027-04-30');
  });

  it('un avenant qui baisse le coût contre-passe la différence ; une hausse reprend sur l’enveloppe', async () => {
    // Version 2: 6 000,00 € → 2 400, 1 800, 1 200, 600 € : −2 000 € released.
    const r = await reserverEngagement(
      base.db,
      engagement('D1', 600_000, { idcc: '1486', versionDossier: 2 }),
      { delaiSoldeMois: 4 },
    );
    expect(r).toMatchObject({
      statut: 'ajuste',
      deltaCentimes: -200_000,
      disponibleApresCentimes: 1_400_000,
    });
    const contre = await sql<{
      contrepasse: number | string | null;
      cause_type: string;
    }>`select contrepasse, cause_type from fin_ecriture where cause_type = 'ajustement'`.execute(
      base.db,
    );
    expect(contre.rows).toHaveLength(1);
    expect(contre.rows[0]?.contrepasse).not.toBeNull();
    const r3 = await reserverEngagement(
      base.db,
      engagement('D1', 800_000, { idcc: '1486', versionDossier: 3 }),
      { delaiSoldeMois: 4 },
    );
    expect(r3).toMatchObject({
      statut: 'ajuste',
      deltaCentimes: 200_000,
      disponibleApresCentimes: 1_200_000,
    });
    const vieille = await reserverEngagement(
      base.db,
      engagement('D1', 100, { idcc: '1486', versionDossier: 2 }),
      { delaiSoldeMois: 4 },
    );
    expect(vieille.statut).toBe('deja_reserve');
  });

  it('les factures : appariées, en double, au-delà du dû, autre OPCO, solde hors délai — chacune avec sa raison', async () => {
    await reserverEngagement(base.db, engagement('D3', 100_000), { delaiSoldeMois: 4 });
    await importerDotations(
      base.db,
      [{ ...DOTATION, opco: 'OPCO_X', montantCentimes: 100_000 }],
      provenanceTest,
    );
    const autre = await reserverEngagement(
      base.db,
      engagement('AUTRE', 100_000, { opco: 'OPCO_X' }),
      {
        delaiSoldeMois: 4,
      },
    );
    expect(autre.statut).toBe('reserve');
    const f = await recevoirFacture(
      base.db,
      {
        opco: 'OPCO_T',
        siretCfa,
        referenceCfa: 'F-2026-001',
        dateFacture: '2026-02-03',
        lignes: [
          { dossierId: 'D1', numeroEcheance: 1, montantCentimes: 320_000 },
          { dossierId: 'D3', numeroEcheance: null, montantCentimes: 50_000 },
          { dossierId: 'AUTRE', numeroEcheance: 1, montantCentimes: 40_000 },
        ],
      },
      'api',
    );
    expect(f.statut).toBe('partielle');
    // D3's advance is 40 % of 1 000 € = 400 €: 500 € is above what is due.
    expect(f.lignes.map((l) => (l.apparie ? 'ok' : l.motif))).toEqual([
      'ok',
      expect.stringContaining(
        'montant supérieur au dû : échéance 1 due 400,00 €, facturé 500,00 €',
      ),
      expect.stringContaining("relève d'un autre OPCO (OPCO_X)"),
    ]);
    const double = await recevoirFacture(
      base.db,
      {
        opco: 'OPCO_T',
        siretCfa,
        referenceCfa: 'F-2026-001',
        dateFacture: '2026-02-04',
        lignes: [{ dossierId: 'D3', numeroEcheance: 1, montantCentimes: 40_000 }],
      },
      'csv',
    );
    expect(double.statut).toBe('refusee');
    expect(double.lignes[0]).toMatchObject({
      apparie: false,
      motif: expect.stringContaining('facture en double'),
    });
    const tard = await recevoirFacture(
      base.db,
      {
        opco: 'OPCO_T',
        siretCfa,
        referenceCfa: 'F-2027-009',
        dateFacture: '2027-05-01',
        lignes: [{ dossierId: 'D1', numeroEcheance: 4, montantCentimes: 80_000 }],
      },
      'api',
    );
    expect(tard.lignes[0]).toMatchObject({
      apparie: false,
      motif: expect.stringContaining('après la date limite du 2027-04-30'),
    });
  });

  it('un lot paie ce qui est exigible, produit un fichier pain.001.001.03, et ne repaie pas', async () => {
    // Balance of D1 invoiced in time, paid only once the certificate is received.
    const s = await recevoirFacture(
      base.db,
      {
        opco: 'OPCO_T',
        siretCfa,
        referenceCfa: 'F-2027-001',
        dateFacture: '2027-01-15',
        lignes: [{ dossierId: 'D1', numeroEcheance: 4, montantCentimes: 80_000 }],
      },
      'api',
    );
    expect(s.statut).toBe('acceptee');
    const lot = await executerLot(base.db, { opco: 'OPCO_T', dateExecution: '2026-02-10' });
    // Only D1's advance (3 200,00 €) is invoiced and due on 2026-02-10.
    expect(lot).toMatchObject({
      statut: 'termine',
      nombrePaiements: 1,
      montantCentimes: 320_000,
      virements: 1,
    });
    const fichier = await sql<{
      fichier: string;
    }>`select fichier from fin_lot where id = ${lot.lotId}`.execute(base.db);
    const xml = fichier.rows[0]?.fichier ?? '';
    expect(xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.03');
    expect(xml).toContain('<CtrlSum>3200.00</CtrlSum>');
    expect(xml).toContain(`<IBAN>${ibanCfa}</IBAN>`);
    const encore = await executerLot(base.db, { opco: 'OPCO_T', dateExecution: '2026-02-10' });
    expect(encore).toMatchObject({ dejaTermine: true, nombrePaiements: 1 });
    const suivant = await executerLot(base.db, {
      opco: 'OPCO_T',
      dateExecution: '2027-02-01',
      lotId: 'OPCO_T-2027-02-01',
    });
    expect(suivant.nombrePaiements).toBe(0);
    await enregistrerCertificat(base.db, 'D1', '2027-01-20');
    const apres = await executerLot(base.db, { opco: 'OPCO_T', dateExecution: '2027-02-02' });
    expect(apres).toMatchObject({ nombrePaiements: 1, montantCentimes: 80_000 });
  });

  it('un retour bancaire contre-passe le paiement et rend l’échéance payable à nouveau', async () => {
    const p = await sql<{
      id: number | string;
    }>`select id from fin_paiement where dossier_id = 'D1' and numero = 1`.execute(base.db);
    const id = Number(p.rows[0]?.id);
    expect(await retourBancaire(base.db, id, 'AC04 compte clôturé', '2026-02-15')).toEqual({
      fait: true,
      motif: 'AC04 compte clôturé',
    });
    expect((await retourBancaire(base.db, id, 'encore', '2026-02-15')).fait).toBe(false);
    const paye = 'OPCO_T|alternance|mutualises|1486|paye|' + siretCfa;
    expect(await solde(base.db, paye)).toBe(80_000);
    const relance = await executerLot(base.db, { opco: 'OPCO_T', dateExecution: '2026-02-20' });
    expect(relance).toMatchObject({ nombrePaiements: 1, montantCentimes: 320_000 });
    expect(await solde(base.db, paye)).toBe(400_000);
  });

  it('le grand livre est équilibré, ses soldes sont la somme des écritures, et il refuse modification et suppression', async () => {
    const v = await verifierGrandLivre(base.db);
    expect(v.anomalies).toEqual([]);
    expect(v.valide).toBe(true);
    await expect(sql`update fin_ligne set montant = 1`.execute(base.db)).rejects.toThrow(
      /ajout seul/,
    );
    await expect(sql`delete from fin_ecriture`.execute(base.db)).rejects.toThrow(/ajout seul/);
    // An unbalanced entry written behind the depot's back is refused by the database itself.
    await expect(
      base.db.transaction().execute(async (trx) => {
        const e = await sql<{
          id: number;
        }>`insert into fin_ecriture (opco, section, origine, date_comptable, libelle, cause_type, cause_reference)
          values ('OPCO_T', 'alternance', 'mutualises', '2026-01-01', 'fraude', 'dotation', 'x') returning id`.execute(
          trx,
        );
        const id = e.rows[0]?.id ?? 0;
        await sql`insert into fin_ligne values (${id}, 1, ${DISPO}, 'D', 100), (${id}, 2, 'OPCO_T|alternance|mutualises|-|dotation|2026', 'C', 99)`.execute(
          trx,
        );
      }),
    ).rejects.toThrow(/déséquilibrée/);
    // Funds never mixed: a line on a conventional account in a mutualised entry is refused.
    await sql`insert into fin_compte (id, opco, section, origine, nature) values ('OPCO_T|alternance|conventionnels|-|disponible|2026', 'OPCO_T', 'alternance', 'conventionnels', 'disponible')`.execute(
      base.db,
    );
    await expect(
      base.db.transaction().execute(async (trx) => {
        const e = await sql<{
          id: number;
        }>`insert into fin_ecriture (opco, section, origine, date_comptable, libelle, cause_type, cause_reference)
          values ('OPCO_T', 'alternance', 'mutualises', '2026-01-01', 'mélange', 'dotation', 'x') returning id`.execute(
          trx,
        );
        const id = e.rows[0]?.id ?? 0;
        await sql`insert into fin_ligne values (${id}, 1, 'OPCO_T|alternance|conventionnels|-|disponible|2026', 'D', 100), (${id}, 2, ${DISPO}, 'C', 100)`.execute(
          trx,
        );
      }),
    ).rejects.toThrow(/fonds mêlés/);
  });

  it('la vérification voit un solde falsifié', async () => {
    await sql`update fin_compte set solde = solde + 1 where id = ${DISPO}`.execute(base.db);
    const v = await verifierGrandLivre(base.db);
    expect(v.valide).toBe(false);
    expect(v.anomalies.join('\n')).toContain(`compte ${DISPO}`);
    await sql`update fin_compte set solde = solde - 1 where id = ${DISPO}`.execute(base.db);
  });
});
