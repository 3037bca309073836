import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  portsParDefaut,
  ServiceDossiers,
  type PortsDossiers,
} from '../../src/api/dossiers/service.ts';
import { ReferentielsEnMemoire } from '../../src/domaine/dossiers/index.ts';
import {
  etatGrandLivreDossier,
  importerDotations,
  solde,
  verifierGrandLivre,
} from '../../src/stockage/finances.depot.ts';
import { moteurDeTest as nomMoteur } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { completerCles, plateformeDeTest, type Session } from '../comptes/aide.ts';
import { fa13, OPCO, referentielsConformes } from '../dossiers/aide.ts';

/**
 * Engagements decided while the OPCO had no allocation (fin_engagement_hors_livre): the
 * comptable sees them with their reason (API, CSV, XLSX) and books them once an allocation
 * exists; booking still refuses what is not there, with the figures. The contract of
 * tests/dossiers/aide.ts engages 2 × 8 000 € = 16 000 € (1 600 000 cents) on 2025-08-28.
 */
describe(`engagements non comptabilisés : vus et comptabilisés par le comptable (${nomMoteur})`, () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let opcoOrg: string;
  let comptable: Session;
  let gestionnaire: Session;
  let cfa: Session;
  const ENGAGEMENT = 1_600_000;
  const DOTATION = 2_500_000; // 25 000 €
  const DISPONIBLE = `${OPCO}|alternance|mutualises|-|disponible|2025`;
  const dossiers: string[] = [];

  const appel = (s: Session, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    p.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  const comptabiliser = (s: Session, dossierId: string | undefined, version = 0) =>
    appel(s, 'POST', `/api/v1/finances/opco/${opcoOrg}/hors-livre/comptabiliser`, {
      dossierId,
      version,
    });
  const liste = async () =>
    (await appel(comptable, 'GET', `/api/v1/finances/opco/${opcoOrg}/hors-livre`)).json() as {
      engagements: {
        dossierId: string;
        version: number;
        montantCentimes: number;
        motif: string;
        etat: string;
        dotationPresente: boolean;
      }[];
    };

  function service(): ServiceDossiers {
    const r = referentielsConformes();
    const ports: PortsDossiers = {
      ...portsParDefaut(p.ctx.base),
      referentiels: new ReferentielsEnMemoire({
        organismes: r.organisme ? [r.organisme] : [],
        certifications: r.certification ? [r.certification] : [],
      }),
      opcoAttendu: async () => OPCO,
      npec: async () => null,
    };
    return new ServiceDossiers(
      p.ctx.base,
      moteurDeTest(),
      ports,
      () => new Date('2025-08-28T10:00:00Z'),
    );
  }

  beforeAll(async () => {
    p = await plateformeDeTest();
    opcoOrg = await p.organisation('opco', { codeOpco: OPCO });
    comptable = await p.personne('compta@hors-livre.test', {
      organisationId: opcoOrg,
      role: 'opco_comptable',
    });
    gestionnaire = await p.personne('gest@hors-livre.test', {
      organisationId: opcoOrg,
      role: 'opco_gestionnaire',
    });
    const cfaOrg = await p.organisation('organisme_formation', {
      siret: completerCles('12345678', '0001'),
    });
    cfa = await p.personne('cfa@hors-livre.test', { organisationId: cfaOrg, role: 'cfa_membre' });
    // Three dossiers engaged while the OPCO has no allocation; the third is annulled since.
    const auteur = { compteId: null, cleId: null, processus: 'test' };
    for (let i = 0; i < 3; i++) {
      const d = await service().deposer(auteur, fa13(), {});
      expect(d.ligne.dossier.etat).toBe('engage');
      dossiers.push(d.ligne.dossier.id);
    }
    const an = await service().commander(auteur, dossiers[2] ?? '', {
      type: 'annuler',
      motif: 'test',
    });
    expect(an.ok).toBe(true);
  }, 180_000);
  afterAll(async () => p?.fermer());

  it('le comptable les voit, avec le motif ; ni le CFA ni le gestionnaire ne peuvent les comptabiliser', async () => {
    const l = await liste();
    expect(l.engagements.map((h) => [h.dossierId, h.montantCentimes, h.etat]).sort()).toEqual(
      [...dossiers].sort().map((d) => [d, ENGAGEMENT, 'a_comptabiliser']),
    );
    for (const h of l.engagements) {
      expect(h.motif).toContain(`aucune dotation de l'OPCO ${OPCO} en alternance/mutualises`);
      expect(h.dotationPresente).toBe(false);
    }
    expect(
      (await appel(cfa, 'GET', `/api/v1/finances/opco/${opcoOrg}/hors-livre`)).statusCode,
    ).toBe(403);
    const v = l.engagements.find((h) => h.dossierId === dossiers[0])?.version ?? 0;
    expect((await comptabiliser(cfa, dossiers[0], v)).statusCode).toBe(403);
    expect((await comptabiliser(gestionnaire, dossiers[0], v)).statusCode).toBe(403);
    // Still no allocation: impossible, said so.
    const r = await comptabiliser(comptable, dossiers[0], v);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      statut: 'impossible',
      motifs: [expect.stringContaining('toujours aucune dotation')],
    });
  });

  it('exportés en CSV (contenu=hors_livre) et dans le classeur XLSX, avec le motif', async () => {
    const csv = await appel(
      comptable,
      'GET',
      `/api/v1/finances/opco/${opcoOrg}/export?format=csv&contenu=hors_livre`,
    );
    expect(csv.statusCode).toBe(200);
    const lignes = csv.body.trim().split(/\r?\n/);
    expect(lignes[0]).toBe(
      'Dossier,Version,Section,Origine des fonds,Événement,Date d’engagement,Montant (€),État,Motif',
    );
    expect(lignes).toHaveLength(4);
    const ligne = lignes.find((l) => l.startsWith(`${dossiers[0]},`)) ?? '';
    expect(ligne).toContain(',alternance,mutualises,engage,2025-08-28,16000.00,À comptabiliser,');
    expect(ligne).toContain('aucune dotation');
    const xlsx = await appel(
      comptable,
      'GET',
      `/api/v1/finances/opco/${opcoOrg}/export?format=xlsx`,
    );
    expect(xlsx.statusCode).toBe(200);
    const classeur = new ExcelJS.Workbook();
    await classeur.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const feuille = classeur.getWorksheet('Non comptabilisés');
    expect(feuille?.rowCount).toBe(4);
    const rangs = [2, 3, 4].map((i) => feuille?.getRow(i));
    expect(rangs.map((r) => r?.getCell(1).value).sort()).toEqual([...dossiers].sort());
    expect(rangs.map((r) => r?.getCell(7).value)).toEqual([16_000, 16_000, 16_000]);
    expect(String(rangs[0]?.getCell(9).value)).toContain('aucune dotation');
  });

  it('la dotation reçue, le comptable comptabilise : réservé au grand livre, refus chiffré au-delà, au journal d’audit', async () => {
    await importerDotations(
      p.ctx.base.db,
      [
        {
          opco: OPCO,
          section: 'alternance',
          origine: 'mutualises',
          annee: 2025,
          montantCentimes: DOTATION,
          reference: 'FC-2025-TEST',
          dateReference: '2025-01-15',
        },
      ],
      { fichier: 'test', empreinte: 'test' },
    );
    const avant = await liste();
    expect(avant.engagements.every((h) => h.dotationPresente)).toBe(true);
    const [v0, v1, v2] = dossiers.map(
      (d) => avant.engagements.find((h) => h.dossierId === d)?.version ?? 0,
    );
    const r = await comptabiliser(comptable, dossiers[0], v0);
    expect(r.json()).toMatchObject({
      statut: 'reserve',
      dossierId: dossiers[0],
      deltaCentimes: ENGAGEMENT,
      disponibleApresCentimes: DOTATION - ENGAGEMENT,
    });
    expect(await solde(p.ctx.base.db, DISPONIBLE)).toBe(DOTATION - ENGAGEMENT);
    const echeances = await sql<{ montant: string }>`select montant from fin_echeance
      where dossier_id = ${dossiers[0]}`.execute(p.ctx.base.db);
    expect(echeances.rows.reduce((s, x) => s + Number(x.montant), 0)).toBe(ENGAGEMENT);
    expect(await etatGrandLivreDossier(p.ctx.base.db, dossiers[0] ?? '')).toEqual({
      reserve: { version: v0, montantCentimes: ENGAGEMENT },
      nonReserve: null,
    });
    // 25 000 − 16 000 = 9 000 € left: the second one (16 000 €) is refused with the figures.
    const refus = await comptabiliser(comptable, dossiers[1], v1);
    expect(refus.json()).toMatchObject({
      statut: 'refuse',
      disponibleCentimes: 900_000,
      demandeCentimes: ENGAGEMENT,
      manqueCentimes: 700_000,
    });
    expect(await solde(p.ctx.base.db, DISPONIBLE)).toBe(900_000);
    // Booked once; annulled dossiers are not booked.
    expect((await comptabiliser(comptable, dossiers[0], v0)).json()).toMatchObject({
      statut: 'impossible',
      motifs: [expect.stringContaining('déjà comptabilisé')],
    });
    expect((await comptabiliser(comptable, dossiers[2], v2)).json()).toMatchObject({
      statut: 'impossible',
      motifs: [expect.stringContaining('annulé')],
    });
    expect((await comptabiliser(comptable, 'INCONNU', 1)).json()).toMatchObject({
      statut: 'impossible',
    });
    const apres = await liste();
    expect(dossiers.map((d) => apres.engagements.find((h) => h.dossierId === d)?.etat)).toEqual([
      'comptabilise',
      'a_comptabiliser',
      'a_comptabiliser',
    ]);
    const audit = await sql<{ action: string; ressource: string; apres: string }>`
      select action, ressource, apres from audit where action = 'finances.hors_livre_comptabilise'`.execute(
      p.ctx.base.db,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]?.ressource).toBe(`dossier:${dossiers[0]}`);
    expect(JSON.parse(audit.rows[0]?.apres ?? '{}')).toMatchObject({
      version: v0,
      montantCentimes: ENGAGEMENT,
      motifInitial: expect.stringContaining('aucune dotation'),
    });
    const v = await verifierGrandLivre(p.ctx.base.db);
    expect(v.anomalies).toEqual([]);
  });
});
