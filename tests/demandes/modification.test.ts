import { describe, expect, it } from 'vitest';
import {
  controlerFacture,
  transitionDemande,
  type CommandeDemande,
  type ContexteDemande,
  type Demande,
  type DemandeFormulaire,
} from '../../src/domaine/demandes/index.ts';
import {
  acSaisi,
  contexte,
  demande,
  planSaisi,
  session,
  SIRET_ENTREPRISE,
  SIRET_ORGANISME,
} from './aide.ts';

/**
 * A transmitted request modified (pure domain), and its settlement on invoices. Figures by hand
 * (barème Atlas branche 217, 55 € HT/h): 21 h × 2 stagiaires × 55 € = 2 310 €; 14 h × 2 × 55 € =
 * 1 540 €; 28 h × 2 × 55 € = 3 080 € (< 4 000 € declared, < 6 000 € envelope).
 */
const DATE = '2025-02-01';
function deposer(f: DemandeFormulaire, c: ContexteDemande = contexte()) {
  const r1 = transitionDemande(c, null, { type: 'creer', id: 'd-1', demande: f }, DATE);
  if (!r1.ok) throw new Error('création refusée');
  const r2 = transitionDemande(c, r1.demande, { type: 'transmettre' }, DATE);
  if (!r2.ok) throw new Error(JSON.stringify(r2.raisons));
  return r2.demande;
}
const faire = (d: Demande, cmd: CommandeDemande, c = contexte(), date = '2025-02-20') =>
  transitionDemande(c, d, cmd, date);
const plan = (modif: (x: ReturnType<typeof planSaisi>) => void = () => {}) =>
  demande(planSaisi(), modif);

describe('demande transmise modifiée : nouvelle instruction avant décision, avenant après', () => {
  it('avant décision : formulaire remplacé, instruite à nouveau aux règles de la date de la demande, nouvelle échéance', () => {
    // The finder does not know the company's OPCO: left to a gestionnaire.
    const d = deposer(plan(), contexte({ opcoAttendu: null }));
    expect(d.etat).toBe('en_cours_instruction');
    expect(d.aVerifier).toEqual(['demande.opco']);
    const r = faire(d, { type: 'reviser', demande: plan((x) => (x.heures = 14)) });
    if (!r.ok) throw new Error(JSON.stringify(r.raisons));
    expect(r.evenements.map((e) => e.type)).toEqual(['revise', 'complet', 'instruit', 'engage']);
    expect(r.demande.etat).toBe('engage');
    expect(r.demande.engagement?.reservation.montantTotalCentimes).toBe(154_000);
    // Rules of the request date, not of the modification's.
    expect(r.demande.instruction?.date).toBe(DATE);
    expect(r.demande.dateDemande).toBe(DATE);
    expect(r.demande.echeance).toBe('2025-04-19');
    expect(r.demande.modifications).toEqual([
      { date: '2025-02-20', nature: 'revision', motif: null, ecart: null },
    ]);
  });

  it('avant décision, encore à vérifier : reste en file, les contrôles refaits', () => {
    const c = contexte({ opcoAttendu: null });
    const d = deposer(plan(), c);
    const r = faire(d, { type: 'reviser', demande: plan((x) => (x.stagiaires = 1)) }, c);
    if (!r.ok) throw new Error('refusée');
    expect(r.demande.etat).toBe('en_cours_instruction');
    expect(r.demande.formulaire).toMatchObject({ stagiaires: 1 });
    expect(r.demande.version).toBe(d.version + 4);
  });

  it('après engagement : avenant 2 310 € → 1 540 €, écart expliqué ligne à ligne, date d’engagement gardée', () => {
    const d = deposer(plan());
    expect(d.engagement?.reservation.montantTotalCentimes).toBe(231_000);
    const r = faire(d, {
      type: 'reviser',
      demande: plan((x) => (x.heures = 14)),
      motif: 'Deux jours au lieu de trois',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.raisons));
    expect(r.evenements.map((e) => e.type)).toEqual(['avenant']);
    expect(r.demande.etat).toBe('engage');
    const e = r.demande.engagement?.reservation;
    expect(e?.montantTotalCentimes).toBe(154_000);
    expect(e?.echeances[0]?.montantCentimes).toBe(154_000);
    expect(e?.dateEngagement).toBe(DATE);
    expect(e?.versionDossier).toBe(d.version + 1);
    const m = r.demande.modifications?.[0];
    expect(m).toMatchObject({ nature: 'avenant', motif: 'Deux jours au lieu de trois' });
    expect(m?.ecart).toMatchObject({
      avantCentimes: 231_000,
      apresCentimes: 154_000,
      differenceCentimes: -77_000,
    });
    expect(m?.ecart?.explication).toContain('de 2310,00 € à 1540,00 € (−770,00 €)');
    expect(m?.ecart?.explication).toContain('libérée sur le grand livre');
    expect(
      m?.ecart?.lignes.some((l) => l.avantCentimes === 231_000 && l.apresCentimes === 154_000),
    ).toBe(true);
  });

  it('avenant à la hausse : 3 080 €, réservé dans la limite des fonds ; fonds insuffisants → refus chiffré', () => {
    const d = deposer(plan());
    const plus = plan((x) => {
      x.heures = 28;
      x.coutPedagogique = 4000;
    });
    const r = faire(d, { type: 'reviser', demande: plus });
    expect(r.ok && r.demande.engagement?.reservation.montantTotalCentimes).toBe(308_000);
    expect(r.ok && r.demande.modifications?.[0]?.ecart?.differenceCentimes).toBe(77_000);
    const sans = faire(
      d,
      { type: 'reviser', demande: plus },
      contexte({ fondsInsuffisants: 'disponible 100,00 €, demandé 770,00 €' }),
    );
    expect(sans.ok).toBe(false);
    // Plan < 50: « dans la limite des fonds disponibles » is the scheme's own rule, cited.
    expect(!sans.ok && sans.raisons[0]).toMatchObject({
      code: 'plan_moins_50.fonds_epuises',
      message: expect.stringContaining('disponible 100,00 €'),
    });
  });

  it('refus de l’avenant (valeur, rien ne change) : autre dispositif, autre entreprise, action collective, sous les factures, règle bloquante', () => {
    const d = deposer(plan());
    const code = (cmd: CommandeDemande, c = contexte()) => {
      const r = faire(d, cmd, c);
      return r.ok ? 'accepte' : r.raisons.map((x) => x.code).join(',');
    };
    expect(code({ type: 'reviser', demande: demande(acSaisi()) })).toBe('demande.modification');
    expect(
      code({
        type: 'reviser',
        demande: plan((x) => (x.entreprise.siret = SIRET_ORGANISME)),
      }),
    ).toBe('demande.modification');
    expect(
      code(
        { type: 'reviser', demande: plan((x) => (x.heures = 14)) },
        contexte({ factureesCentimes: 200_000 }),
      ),
    ).toBe('demande.facture');
    expect(code({ type: 'reviser', demande: plan((x) => (x.dateFin = '2025-03-01')) })).toContain(
      'demande.dates',
    );
    const ac = deposer(demande(acSaisi()), contexte({ session: session() }));
    expect(ac.etat).toBe('engage');
    const r = faire(
      ac,
      { type: 'reviser', demande: demande(acSaisi(), (x) => (x.stagiaires = 3)) },
      contexte({ session: session() }),
    );
    expect(!r.ok && r.raisons[0]?.message).toContain("s'inscrire à nouveau");
  });

  it('mauvais état : brouillon, refusée, soldée → transition_interdite', () => {
    const c = contexte();
    const b = transitionDemande(c, null, { type: 'creer', id: 'b', demande: plan() }, DATE);
    if (!b.ok) throw new Error('création');
    const refusee = deposer(plan((x) => (x.entreprise.effectif = 80)));
    expect(refusee.etat).toBe('refuse');
    const engagee = deposer(plan());
    const s = faire(engagee, { type: 'solder', montantRealiseCentimes: 0 });
    if (!s.ok) throw new Error('solde');
    for (const d of [b.demande, refusee, s.demande]) {
      const r = faire(d, { type: 'reviser', demande: plan() });
      expect(!r.ok && r.raisons[0]?.code).toBe('transition_interdite');
    }
  });
});

describe('factures et solde sur factures', () => {
  const facture = (modif: Partial<Parameters<typeof controlerFacture>[2]> = {}) => ({
    numero: 'F-2025-001',
    siretEmetteur: SIRET_ORGANISME,
    dateFacture: '2025-03-14',
    montantHtCentimes: 150_000,
    montantTtcCentimes: 180_000,
    ...modif,
  });
  const retenue = (id: number, numero: string, ht: number) => ({
    id,
    numero,
    siretEmetteur: SIRET_ORGANISME,
    montantHtCentimes: ht,
  });

  it('contrôles : état, émetteur, TTC ≥ HT, date, doublon, total ≤ engagé', () => {
    const d = deposer(plan());
    const codes = (x: ReturnType<typeof facture>, ex: ReturnType<typeof retenue>[] = []) =>
      controlerFacture(d, ex, x, '2025-03-20').map((r) => r.message);
    expect(codes(facture())).toEqual([]);
    expect(codes(facture({ siretEmetteur: SIRET_ENTREPRISE }))).toEqual([]);
    expect(codes(facture({ siretEmetteur: '55555555500008' }))[0]).toContain('Émetteur');
    expect(codes(facture({ montantTtcCentimes: 100_000 }))[0]).toContain('inférieur au montant HT');
    expect(codes(facture({ dateFacture: '2025-03-21' }))[0]).toContain("après aujourd'hui");
    expect(codes(facture(), [retenue(1, 'F-2025-001', 10_000)])[0]).toContain('déjà reçue');
    // 1 500 € + 900 € = 2 400 € > 2 310 € engaged.
    expect(codes(facture(), [retenue(1, 'F-2025-000', 90_000)])[0]).toContain(
      '2400,00 € HT, au-delà du montant engagé 2310,00 €',
    );
    const refusee = deposer(plan((x) => (x.entreprise.effectif = 80)));
    expect(controlerFacture(refusee, [], facture(), '2025-03-20')[0]?.message).toContain('engagée');
  });

  it('solde = somme des factures (2 000 €), 310 € libérés ; sans facture → refus ; plus que facturé → refus', () => {
    const d = deposer(plan());
    const sans = faire(d, { type: 'solder' });
    expect(!sans.ok && sans.raisons[0]?.code).toBe('demande.facture');
    const factures = [retenue(1, 'F-1', 150_000), retenue(2, 'F-2', 50_000)];
    const trop = faire(d, { type: 'solder', montantRealiseCentimes: 210_000, factures });
    expect(!trop.ok && trop.raisons[0]?.message).toContain('supérieur au total des factures');
    const r = faire(d, { type: 'solder', factures, motif: 'Factures F-1 et F-2' });
    if (!r.ok) throw new Error(JSON.stringify(r.raisons));
    expect(r.demande.etat).toBe('solde');
    expect(r.demande.solde).toMatchObject({
      montantRealiseCentimes: 200_000,
      libereCentimes: 31_000,
      factures,
    });
    expect(r.demande.engagement?.reservation.montantTotalCentimes).toBe(200_000);
    // A lower amount than invoiced, given by the gestionnaire.
    const moins = faire(d, { type: 'solder', factures, montantRealiseCentimes: 190_000 });
    expect(moins.ok && moins.demande.solde?.libereCentimes).toBe(41_000);
  });
});
