import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  portsParDefaut,
  ServiceDossiers,
  type PortsDossiers,
} from '../../src/api/dossiers/service.ts';
import { ReferentielsEnMemoire } from '../../src/domaine/dossiers/index.ts';
import {
  engagementsHorsLivre,
  etatGrandLivreDossier,
  importerDotations,
  reserverEngagement,
  solde,
  verifierGrandLivre,
} from '../../src/stockage/finances.depot.ts';
import { baseDeTest } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { fa13, OPCO, referentielsConformes, SIRET_CFA } from './aide.ts';

/**
 * The dossiers' service with the DEFAULT ledger port (portsParDefaut().grandLivre): an engaged
 * dossier books its engagement in its own transaction; rupture and annulation reverse; the
 * automatic instruction never engages beyond the budget. Figures by hand: the contract of
 * tests/dossiers/aide.ts (BTS, 2025-09-01 → 2027-08-31, NPEC 8 000 €/year entered) engages
 * 2 × 8 000 € = 16 000 € (1 600 000 cents); broken on 2025-10-10 (40th day, within the first
 * 45 days) it engages 876,71 € (87 671 cents, tests/dossiers/grand-livre.test.ts).
 */
describe('dossiers branchés sur le grand livre', () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  beforeAll(async () => {
    base = await baseDeTest();
  }, 120_000);
  afterAll(async () => base?.fermer());

  const auteur = { compteId: null, cleId: null, processus: 'test' };
  const DOTATION = 2_500_000; // 25 000 €
  const ENGAGEMENT = 1_600_000; // 2 × 8 000 €
  const APRES_RUPTURE = 87_671; // 876,71 €
  // Accounts (finances codeCompte: opco|section|origine|branche|nature|reference).
  const DISPONIBLE = `${OPCO}|alternance|mutualises|-|disponible|2025`;
  const ENGAGE = `${OPCO}|alternance|mutualises|843|engage|${SIRET_CFA}`;

  function service(jour: string): ServiceDossiers {
    const r = referentielsConformes();
    const ports: PortsDossiers = {
      ...portsParDefaut(base),
      referentiels: new ReferentielsEnMemoire({
        organismes: r.organisme ? [r.organisme] : [],
        certifications: r.certification ? [r.certification] : [],
      }),
      opcoAttendu: async () => OPCO,
      npec: async () => null,
    };
    return new ServiceDossiers(base, moteurDeTest(), ports, () => new Date(`${jour}T10:00:00Z`));
  }

  async function livreValide(): Promise<void> {
    const v = await verifierGrandLivre(base.db);
    expect(v.anomalies).toEqual([]);
    expect(v.valide).toBe(true);
  }

  async function echeancesDe(id: string): Promise<{ montant: number; statut: string }[]> {
    const { rows } = await sql<{ montant: number | string; statut: string }>`
      select montant, statut from fin_echeance where dossier_id = ${id} order by numero`.execute(
      base.db,
    );
    return rows.map((x) => ({ montant: Number(x.montant), statut: x.statut }));
  }

  const s0 = () => service('2025-08-28');
  let horsLivre = '';
  let a = '';
  let b = '';

  it("sans dotation de l'OPCO : engagé, engagement noté « non réservé », rien au grand livre", async () => {
    const d = await s0().deposer(auteur, fa13(), {});
    expect(d.ligne.dossier.etat).toBe('engage');
    horsLivre = d.ligne.dossier.id;
    const h = await engagementsHorsLivre(base.db, OPCO);
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({
      dossierId: horsLivre,
      evenement: 'engage',
      montantCentimes: ENGAGEMENT,
    });
    expect(h[0]?.motif).toContain('aucune dotation');
    expect(await echeancesDe(horsLivre)).toEqual([]);
    expect((await verifierGrandLivre(base.db)).ecritures).toBe(0);
    // Annulation of a dossier the ledger never booked: nothing to reverse, the dossier is annulled.
    const an = await s0().commander(auteur, horsLivre, { type: 'annuler', motif: 'test' });
    expect(an.ok && an.dossier.etat).toBe('annule');
  }, 60_000);

  it('engagé automatiquement avec une dotation : 16 000 € réservés, échéancier au grand livre', async () => {
    await importerDotations(
      base.db,
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
    const d = await s0().deposer(auteur, fa13(), {});
    expect(d.ligne.dossier.etat).toBe('engage');
    a = d.ligne.dossier.id;
    expect(d.ligne.dossier.engagement?.reservation.montantTotalCentimes).toBe(ENGAGEMENT);
    expect(await solde(base.db, ENGAGE)).toBe(ENGAGEMENT);
    expect(await solde(base.db, DISPONIBLE)).toBe(DOTATION - ENGAGEMENT);
    const ech = await echeancesDe(a);
    expect(ech.reduce((s, x) => s + x.montant, 0)).toBe(ENGAGEMENT);
    // The schedule booked is the dossier's, instalment by instalment.
    expect(ech.map((x) => x.montant)).toEqual(
      d.ligne.dossier.engagement?.reservation.echeances.map((x) => x.montantCentimes),
    );
    await livreValide();
  }, 60_000);

  it('fonds insuffisants : pas engagé, laissé au gestionnaire avec les chiffres ; sa décision est refusée avec les chiffres', async () => {
    // Available 25 000 − 16 000 = 9 000 €; asked 16 000 €; missing 7 000 €.
    const d = await s0().deposer(auteur, fa13(), {});
    b = d.ligne.dossier.id;
    expect(d.ligne.dossier.etat).toBe('en_cours_instruction');
    expect(d.ligne.dossier.aVerifier).toEqual(['engagement.fonds_disponibles']);
    const fonds = d.ligne.dossier.instruction?.resultats.find(
      (x) => x.code === 'engagement.fonds_disponibles',
    );
    expect(fonds?.resultat).toBe('a_verifier');
    expect(fonds?.message).toContain('disponible 9\u202f000,00 €');
    expect(fonds?.message).toContain('demandé 16\u202f000,00 €');
    expect(fonds?.message).toContain('manque 7\u202f000,00 €');
    expect(d.ligne.dossier.engagement).toBeNull();
    expect(await echeancesDe(b)).toEqual([]);
    expect(await solde(base.db, DISPONIBLE)).toBe(DOTATION - ENGAGEMENT);

    const dec = await s0().commander(auteur, b, {
      type: 'decider',
      sens: 'engager',
      motif: 'vu',
    });
    expect(dec.ok).toBe(false);
    if (dec.ok) return;
    expect(dec.raisons[0]?.code).toBe('engagement.fonds_disponibles');
    expect(dec.raisons[0]?.message).toContain('manque 7\u202f000,00 €');
    expect(await echeancesDe(b)).toEqual([]);
    expect(await solde(base.db, DISPONIBLE)).toBe(DOTATION - ENGAGEMENT);
    await livreValide();
  }, 60_000);

  it('annulation avant le début : tout ce qui n’est pas facturé est contre-passé', async () => {
    const an = await s0().commander(
      auteur,
      a,
      { type: 'annuler', motif: 'apprenti parti' },
      { date: '2025-08-29' },
    );
    expect(an.ok && an.dossier.etat).toBe('annule');
    expect(await solde(base.db, ENGAGE)).toBe(0);
    expect(await solde(base.db, DISPONIBLE)).toBe(DOTATION);
    expect((await echeancesDe(a)).every((x) => x.montant === 0 && x.statut === 'annulee')).toBe(
      true,
    );
    const { rows } = await sql<{ montant: number | string; contrepasse: number | null }>`
      select l.montant, e.contrepasse from fin_ecriture e join fin_ligne l on l.ecriture_id = e.id
       where e.cause_type = 'ajustement' and e.cause_reference like ${a + '#%'} and l.sens = 'D'`.execute(
      base.db,
    );
    expect(rows.map((r) => Number(r.montant))).toEqual([ENGAGEMENT]);
    expect(rows[0]?.contrepasse).not.toBeNull();
    await livreValide();
  }, 60_000);

  it('les fonds libérés, le gestionnaire engage ; la rupture contre-passe 16 000 − 876,71 €', async () => {
    const dec = await s0().commander(auteur, b, { type: 'decider', sens: 'engager', motif: 'vu' });
    expect(dec.ok && dec.dossier.etat).toBe('engage');
    expect(await solde(base.db, DISPONIBLE)).toBe(DOTATION - ENGAGEMENT);
    expect(await solde(base.db, ENGAGE)).toBe(ENGAGEMENT);

    const r = await service('2025-10-11').commander(auteur, b, {
      type: 'rompre',
      dateEffet: '2025-10-10',
      motif: 'periode_libre',
      dateNouveauContrat: '2025-10-11',
    });
    expect(r.ok && r.dossier.engagement?.reservation.montantTotalCentimes).toBe(APRES_RUPTURE);
    expect(await solde(base.db, ENGAGE)).toBe(APRES_RUPTURE);
    expect(await solde(base.db, DISPONIBLE)).toBe(DOTATION - APRES_RUPTURE);
    expect((await echeancesDe(b)).reduce((s, x) => s + x.montant, 0)).toBe(APRES_RUPTURE);
    const { rows } = await sql<{ montant: number | string; contrepasse: number | null }>`
      select l.montant, e.contrepasse from fin_ecriture e join fin_ligne l on l.ecriture_id = e.id
       where e.cause_type = 'ajustement' and e.cause_reference like ${b + '#%'} and l.sens = 'D'`.execute(
      base.db,
    );
    expect(rows.map((x) => Number(x.montant))).toEqual([ENGAGEMENT - APRES_RUPTURE]);
    expect(rows[0]?.contrepasse).not.toBeNull();
    expect(await etatGrandLivreDossier(base.db, b)).toEqual({
      reserve: { version: r.ok ? r.dossier.version : 0, montantCentimes: APRES_RUPTURE },
      nonReserve: null,
    });
    await livreValide();
  }, 60_000);

  it("dans la transaction d'un appelant : un refus n'écrit rien et la transaction continue", async () => {
    const x = {
      dossierId: 'X-SAVEPOINT',
      versionDossier: 1,
      opco: OPCO,
      section: 'alternance' as const,
      origine: 'mutualises' as const,
      idcc: null,
      siretBeneficiaire: SIRET_CFA,
      dateEngagement: '2025-09-03',
      montantTotalCentimes: DOTATION, // more than what is left
      echeances: [
        {
          numero: 1,
          nature: 'solde' as const,
          dateExigibilite: '2026-09-03',
          montantCentimes: DOTATION,
          exigeCertificatRealisation: true,
        },
      ],
      trace: { versionDroit: 'test', jeuDonnees: null },
    };
    const r = await base.db.transaction().execute(async (trx) => {
      const res = await reserverEngagement(trx, x, { delaiSoldeMois: null });
      // The caller's transaction is still usable after the refusal.
      const { rows } = await sql<{ n: number }>`select 1 as n`.execute(trx);
      return { res, n: rows[0]?.n };
    });
    expect(r.n).toBe(1);
    expect(r.res).toMatchObject({
      statut: 'refuse',
      disponibleCentimes: DOTATION - APRES_RUPTURE,
      demandeCentimes: DOTATION,
      manqueCentimes: APRES_RUPTURE,
    });
    const { rows } = await sql`select 1 from fin_dossier where dossier_id = 'X-SAVEPOINT'`.execute(
      base.db,
    );
    expect(rows).toEqual([]);
    expect(await echeancesDe('X-SAVEPOINT')).toEqual([]);
    await livreValide();
  }, 60_000);
});
