import { describe, expect, it } from 'vitest';
import {
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
  OPCO,
  planSaisi,
  session,
  SIRET_ENTREPRISE,
  SIRET_ORGANISME,
  ssctSaisi,
  tutoratSaisi,
} from './aide.ts';

/**
 * Requests for funding, instructed by the schemes' rules at the request date (pure domain).
 * Figures by hand:
 * - plan < 50, barème Atlas branche 217 (2024: < 11 salariés, enveloppe 6 000 €, 55 € HT/h,
 *   no pay, no frais annexes): 21 h × 2 stagiaires × 55 € = 2 310 € < 3 000 € declared → 2 310 €;
 * - SSCT (R6332-40): 1 200 € of pedagogical costs, no cap → 1 200 €; with Atlas's 55 €/h cap:
 *   35 h × 55 € = 1 925 € < 2 500 € → 1 925 €;
 * - tutoring (D6332-92/93): training 20 h × 15 € = 300 € (600 € spent); tutor 50 on 2025-09-01
 *   (born 1975-05-02) → 230 € × 1,5 = 345 € × 6 months = 2 070 €; total 2 370 €;
 * - action collective: 900 € × 2 stagiaires × 80 % = 1 440 €.
 */
function deposer(f: DemandeFormulaire, c: ContexteDemande = contexte(), date = '2025-02-01') {
  const r1 = transitionDemande(c, null, { type: 'creer', id: 'd-1', demande: f }, date);
  if (!r1.ok) throw new Error('création refusée');
  const r2 = transitionDemande(c, r1.demande, { type: 'transmettre' }, date);
  if (!r2.ok) throw new Error(JSON.stringify(r2.raisons));
  return r2.demande;
}
const codes = (d: Demande, resultat: string) =>
  d.instruction?.resultats.filter((r) => r.resultat === resultat).map((r) => r.code) ?? [];
const raison = (d: Demande, code: string) => d.decision?.raisons.find((r) => r.code === code);

describe('demandes de prise en charge : instruction automatique par les règles du dispositif', () => {
  it('plan < 50 conforme : engagée automatiquement, 2 310 €, section plan_moins_50, barème et droit tracés', () => {
    const d = deposer(demande(planSaisi()));
    expect(d.etat).toBe('engage');
    expect(d.decision).toMatchObject({ sens: 'engage', automatique: true });
    const e = d.engagement?.reservation;
    expect(e?.montantTotalCentimes).toBe(231_000);
    expect(e?.section).toBe('plan_moins_50');
    expect(e?.origine).toBe('mutualises');
    expect(e?.siretBeneficiaire).toBe(SIRET_ORGANISME);
    expect(e?.opco).toBe(OPCO);
    expect(e?.echeances).toEqual([
      {
        numero: 1,
        nature: 'solde',
        dateExigibilite: '2025-03-12',
        montantCentimes: 231_000,
        exigeCertificatRealisation: true,
      },
    ]);
    expect(e?.trace.versionDroit).toMatch(/^droit-[0-9a-f]{16}$/);
    expect(e?.trace.jeuDonnees).toBe('barème atlas_217 — publié (droit/) du 2024-01-01');
    expect(d.engagement?.bareme).toEqual({
      id: 'atlas_217',
      depuis: '2024-01-01',
      version: 'publié (droit/) du 2024-01-01',
    });
    expect(d.engagement?.dateDesParametres).toBe('2025-02-01');
    // R6332-24: a reasoned refusal within two months of the request.
    expect(d.echeance).toBe('2025-03-31');
  });

  it('plan < 50 : 50 salariés → refus motivé (L6332-17), sans engagement', () => {
    const d = deposer(demande(planSaisi(), (s) => (s.entreprise.effectif = 50)));
    expect(d.etat).toBe('refuse');
    expect(d.engagement).toBeNull();
    const r = raison(d, 'plan_moins_50.effectif');
    expect(r?.message).toContain('50 salariés ou plus');
    expect(r?.articles.map((a) => a.article)).toEqual(['L6332-17', 'L6332-3']);
  });

  it('plan < 50 : barème lu à la date de la demande — avant 2024 aucun barème Atlas 217, refus cité', () => {
    const d = deposer(demande(planSaisi()), contexte(), '2023-11-15');
    expect(d.etat).toBe('refuse');
    expect(raison(d, 'plan_moins_50.bareme_absent')?.articles.map((a) => a.article)).toEqual([
      'D6332-39',
      'R6332-23',
    ]);
    expect(deposer(demande(planSaisi()), contexte(), '2024-01-01').etat).toBe('engage');
  });

  it("plan < 50 : l'enveloppe annuelle déjà consommée à 5 000 € limite à 1 000 € ; entièrement consommée → refus", () => {
    const d = deposer(demande(planSaisi()), contexte({ dejaConsommeCentimes: 500_000 }));
    expect(d.etat).toBe('engage');
    expect(d.engagement?.reservation.montantTotalCentimes).toBe(100_000);
    const plein = deposer(demande(planSaisi()), contexte({ dejaConsommeCentimes: 600_000 }));
    expect(plein.etat).toBe('refuse');
    expect(raison(plein, 'plan_moins_50.enveloppe_epuisee')).toBeDefined();
  });

  it('plan < 50 : « dans la limite des fonds disponibles » — le grand livre refuse → refus cité avec les chiffres', () => {
    const d = deposer(
      demande(planSaisi()),
      contexte({
        fondsInsuffisants: 'disponible 1 000,00 €, demandé 2 310,00 €, manque 1 310,00 €',
      }),
    );
    expect(d.etat).toBe('refuse');
    const r = raison(d, 'plan_moins_50.fonds_epuises');
    expect(r?.message).toContain('manque 1 310,00 €');
    expect(r?.articles.map((a) => a.article)).toEqual(['L6332-17', 'D6332-39']);
  });

  it("plan < 50 : barème d'un autre OPCO → refus « demande.bareme »", () => {
    const d = deposer(demande(planSaisi(), (s) => (s.bareme = 'opco_ep_214')));
    expect(d.etat).toBe('refuse');
    expect(raison(d, 'demande.bareme')?.message).toContain("l'OPCO opco_ep");
    expect(raison(d, 'demande.bareme')?.articles.map((a) => a.article)).toEqual([
      'L6332-17',
      'D6332-39',
    ]);
  });

  it('dates incohérentes, OPCO de l’entreprise différent → refus ; OPCO inconnu → file du gestionnaire', () => {
    const d = deposer(demande(planSaisi(), (s) => (s.dateFin = '2025-03-01')));
    expect(d.etat).toBe('refuse');
    expect(raison(d, 'demande.dates')?.message).toBe(
      'Fin le 2025-03-01, avant le début le 2025-03-10.',
    );
    const autre = deposer(demande(planSaisi()), contexte({ opcoAttendu: '06' }));
    expect(raison(autre, 'demande.opco')?.articles[0]).toMatchObject({
      article: 'L6332-1',
      alinea: 'I',
    });
    const inconnu = deposer(demande(planSaisi()), contexte({ opcoAttendu: null }));
    expect(inconnu.etat).toBe('en_cours_instruction');
    expect(inconnu.aVerifier).toEqual(['demande.opco']);
    expect(inconnu.engagement).toBeNull();
  });

  it('SSCT : élu du CSE, 1 200 € ; avec le plafond horaire du barème de l’OPCO, 1 925 € ; ni élu ni salarié compétent → refus (R6332-40)', () => {
    const d = deposer(demande(ssctSaisi()));
    expect(d.etat).toBe('engage');
    expect(d.engagement?.reservation).toMatchObject({
      montantTotalCentimes: 120_000,
      section: 'plan_moins_50',
    });
    const plafonne = deposer(
      demande(ssctSaisi(), (s) => Object.assign(s, { bareme: 'atlas_217', coutPedagogique: 2500 })),
    );
    expect(plafonne.engagement?.reservation.montantTotalCentimes).toBe(192_500);
    const r = deposer(demande(ssctSaisi(), (s) => (s.membreCse = false)));
    expect(r.etat).toBe('refuse');
    expect(raison(r, 'formation_ssct_cse.beneficiaire')?.articles.map((a) => a.article)).toEqual([
      'L2315-18',
      'R6332-40',
    ]);
  });

  it('SSCT : 50 salariés → refus (L2315-22-1)', () => {
    const d = deposer(demande(ssctSaisi(), (s) => (s.entreprise.effectif = 50)));
    expect(d.etat).toBe('refuse');
    expect(raison(d, 'formation_ssct_cse.effectif')?.articles[0]?.article).toBe('L2315-22-1');
  });

  it('aide tutorale : 2 370 € sur la section alternance, versés à l’employeur ; tuteur de 40 ans : 1 680 €', () => {
    const d = deposer(demande(tutoratSaisi()));
    expect(d.etat).toBe('engage');
    expect(d.engagement?.reservation).toMatchObject({
      montantTotalCentimes: 237_000,
      section: 'alternance',
      siretBeneficiaire: SIRET_ENTREPRISE,
    });
    expect(d.engagement?.detail).toContainEqual({
      libelle: 'Exercice du tutorat : plafond mensuel × mois retenus',
      montantCentimes: 207_000,
    });
    const jeune = deposer(demande(tutoratSaisi(), (s) => (s.tuteur.dateNaissance = '1985-01-01')));
    expect(jeune.engagement?.reservation.montantTotalCentimes).toBe(30_000 + 6 * 23_000);
  });

  it('aide tutorale : quatre bénéficiaires pour un tuteur salarié → refus (D6325-9)', () => {
    const d = deposer(
      demande(tutoratSaisi(), (s) => Object.assign(s, { beneficiairesSimultanes: 4 })),
    );
    expect(d.etat).toBe('refuse');
    expect(raison(d, 'aide_tutorale.trop_de_beneficiaires')?.articles[0]?.article).toBe('D6325-9');
  });

  it('aide tutorale : fonds insuffisants → file du gestionnaire avec les chiffres (pas de refus)', () => {
    const d = deposer(demande(tutoratSaisi()), contexte({ fondsInsuffisants: 'manque 370,00 €' }));
    expect(d.etat).toBe('en_cours_instruction');
    expect(d.aVerifier).toEqual(['demande.fonds_disponibles']);
  });

  it('action collective : 1 440 € sur plan_moins_50 ; complet, branche non éligible, autre OPCO → refus cités', () => {
    const d = deposer(demande(acSaisi()), contexte({ session: session() }));
    expect(d.etat).toBe('engage');
    expect(d.engagement?.reservation).toMatchObject({
      montantTotalCentimes: 144_000,
      section: 'plan_moins_50',
    });
    expect(d.resume).toEqual({
      intitule: 'Management de proximité',
      dateDebut: '2025-06-02',
      dateFin: '2025-06-02',
    });
    const complet = deposer(
      demande(acSaisi()),
      contexte({ session: session({ placesRestantes: 1 }) }),
    );
    expect(complet.etat).toBe('refuse');
    expect(raison(complet, 'action_collective.complet')).toBeDefined();
    const branche = deposer(
      demande(acSaisi()),
      contexte({ session: session({ idccEligibles: ['843'] }) }),
    );
    expect(raison(branche, 'action_collective.branche')).toBeDefined();
    const autre = deposer(demande(acSaisi()), contexte({ session: session({ opco: '06' }) }));
    expect(raison(autre, 'demande.session')?.message).toContain("l'OPCO 06");
    const inconnue = deposer(demande(acSaisi()), contexte({ session: null }));
    expect(raison(inconnue, 'demande.session')?.message).toBe('Session 1 inconnue du catalogue.');
  });

  it('action collective, entreprise de 60 salariés sans plafond d’effectif : laissée à un gestionnaire', () => {
    const d = deposer(
      demande(acSaisi(), (s) => (s.entreprise.effectif = 60)),
      contexte({ session: session({ effectifMax: null }) }),
    );
    expect(d.etat).toBe('en_cours_instruction');
    expect(codes(d, 'a_verifier')).toEqual(['demande.fonds_disponibles']);
  });

  it('même table de transitions que les dossiers : décision motivée, annulation, pas d’avenant', () => {
    const c = contexte({ opcoAttendu: null });
    const d = deposer(demande(planSaisi()), c);
    const cmd = (x: CommandeDemande, dd = d) => transitionDemande(c, dd, x, '2025-02-03');
    const sansMotif = cmd({ type: 'decider', sens: 'engager', motif: ' ' });
    expect(sansMotif.ok).toBe(false);
    const ok = cmd({ type: 'decider', sens: 'engager', motif: 'Entreprise adhérente vérifiée' });
    if (!ok.ok) throw new Error('décision refusée');
    expect(ok.demande.etat).toBe('engage');
    expect(ok.demande.decision).toMatchObject({
      automatique: false,
      motif: 'Entreprise adhérente vérifiée',
    });
    expect(ok.demande.engagement?.reservation.montantTotalCentimes).toBe(231_000);
    const avenant = transitionDemande(
      c,
      ok.demande,
      { type: 'avenant' } as unknown as CommandeDemande,
      '2025-02-04',
    );
    expect(avenant.ok).toBe(false);
    if (!avenant.ok) expect(avenant.raisons[0]?.code).toBe('transition_interdite');
    const annule = cmd({ type: 'annuler', motif: 'Formation reportée' }, ok.demande);
    if (!annule.ok) throw new Error('annulation refusée');
    expect(annule.demande.etat).toBe('annule');
    expect(annule.demande.engagement).toBeNull();
    const encore = cmd({ type: 'decider', sens: 'refuser', motif: 'x' }, annule.demande);
    expect(encore.ok).toBe(false);
  });
});
