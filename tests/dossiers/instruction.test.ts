import { describe, expect, it } from 'vitest';
import {
  deriver,
  transition,
  type Commande,
  type ContexteDossier,
  type Dossier,
  type Evenement,
} from '../../src/domaine/dossiers/index.ts';
import { cerfaFa13Schema } from '../../src/partage/cerfa-fa13.schema.ts';
import { contexte, ej20, fa13, fa13Saisi, OPCO, SIRET_EMPLOYEUR } from './aide.ts';

/** Runs commands in order; fails on a refusal. Returns the dossier and every event. */
function suite(c: ContexteDossier, cmds: [Commande, string][]): { d: Dossier; ev: Evenement[] } {
  let d: Dossier | null = null;
  const ev: Evenement[] = [];
  for (const [cmd, date] of cmds) {
    const r = transition(c, d, cmd, date);
    if (!r.ok) throw new Error(JSON.stringify(r.raisons));
    d = r.dossier;
    ev.push(...r.evenements);
  }
  return { d: d as Dossier, ev };
}

const deposer = (cerfa = fa13(), c = contexte(), date = '2025-09-03') =>
  suite(c, [
    [{ type: 'creer', id: 'D1', cerfa }, '2025-09-02'],
    [{ type: 'transmettre' }, date],
  ]);

const resultatDe = (d: Dossier, code: string) =>
  d.instruction?.resultats.filter((r) => r.code === code).map((r) => r.resultat);

describe('instruction automatique d’un contrat d’apprentissage (D6224-2)', () => {
  it('un dossier complet et conforme est engagé sans personne, engagement calculé par le moteur', () => {
    const { d, ev } = deposer();
    expect(d.etat).toBe('engage');
    expect(ev.map((e) => e.type)).toEqual(['cree', 'transmis', 'complet', 'instruit', 'engage']);
    expect(d.decision).toMatchObject({ sens: 'engage', automatique: true, implicite: false });
    expect(d.instruction?.resultats.every((r) => r.resultat === 'conforme')).toBe(true);
    // NPEC 8 000 €/an, contrat de 2 années d'exécution complètes (365 j chacune), niveau 5 :
    // pas de participation ; 2 × 8 000 € = 16 000 €, versés 40/30/20/10 % par année (R6332-25).
    const e = d.engagement?.reservation;
    expect(e?.montantTotalCentimes).toBe(1_600_000);
    expect(e?.echeances.map((x) => x.montantCentimes)).toEqual([
      320_000, 240_000, 160_000, 80_000, 320_000, 240_000, 160_000, 80_000,
    ]);
    expect(e?.echeances[0]?.nature).toBe('avance');
    expect(e?.echeances[3]).toMatchObject({ nature: 'solde', exigeCertificatRealisation: true });
    expect(e).toMatchObject({
      dossierId: 'D1',
      versionDossier: 5,
      opco: OPCO,
      section: 'alternance',
    });
    expect(e?.trace.versionDroit).toMatch(/^droit-[0-9a-f]{16}$/);
    // Each check carries its articles (D6224-2 and the texts it points to).
    const age = d.instruction?.resultats.find((r) => r.code === 'apprenti.age_maximum');
    expect(age?.articles.map((a) => a.article)).toEqual(['L6222-1', 'L6222-2', 'D6222-1']);
  });

  it('délai de 20 jours à compter du dossier complet (R6224-3) : échéance au 20e jour', () => {
    const { d } = deposer(fa13(), contexte({ certification: null }), '2025-09-05');
    expect(d.dateComplet).toBe('2025-09-05');
    expect(d.echeance).toBe('2025-09-25');
    expect(d.silence).toBe('refus');
  });

  it('pièce manquante (D6224-1) : incomplet, le délai ne court pas ; complété puis transmis', () => {
    const c = contexte();
    const sans = fa13((s) => (s.pieces.conventionFormation = false));
    const { d } = suite(c, [
      [{ type: 'creer', id: 'D1', cerfa: sans }, '2025-09-02'],
      [{ type: 'transmettre' }, '2025-09-03'],
    ]);
    expect(d.etat).toBe('incomplet');
    expect(d.manquants).toEqual(['Convention de formation (L6353-1)']);
    expect(d.echeance).toBeNull();
    const r1 = transition(c, d, { type: 'modifier', cerfa: fa13() }, '2025-09-10');
    const r2 = r1.ok && transition(c, r1.dossier, { type: 'transmettre' }, '2025-09-10');
    expect(r2 && r2.ok && r2.dossier.etat).toBe('engage');
    expect(r2 && r2.ok && r2.dossier.dateComplet).toBe('2025-09-10');
  });

  it('âge : 30 ans au début sans dérogation → refus motivé automatique', () => {
    const { d } = deposer(fa13((s) => (s.apprenti.dateNaissance = '1995-01-10')));
    expect(d.etat).toBe('refuse');
    expect(d.decision?.automatique).toBe(true);
    // 30 ans : plus de 29 ans révolus ; et 100 % du SMIC dû à partir de 26 ans (D6222-26).
    expect(d.decision?.raisons.map((r) => r.code)).toEqual([
      'apprenti.age_maximum',
      'remuneration.minimum',
    ]);
    expect(d.decision?.raisons[0]?.message).toContain('30 ans');
  });

  it('dérogation jusqu’à 35 ans à la conclusion (L6222-2 1°, D6222-1)', () => {
    const avec = (naissance: string, finPrecedent: string, niveau: number) =>
      resultatDe(
        deposer(
          fa13((s) => {
            s.apprenti.dateNaissance = naissance;
            Object.assign(s.contrat, {
              causeDerogationAge: 'diplome_superieur',
              contratPrecedent: { dateFin: finPrecedent, niveauDiplome: niveau },
            });
          }),
        ).d,
        'apprenti.age_maximum',
      );
    // 30 ans, précédent contrat fini le 2025-06-30 au niveau 4, BTS niveau 5 : admis.
    expect(avec('1995-01-10', '2025-06-30', 4)).toEqual(['conforme']);
    // 35 ans révolus le 2025-08-25 (né le 1990-08-25) : encore admis ; 36 ans : refus.
    expect(avec('1990-08-25', '2025-06-30', 4)).toEqual(['conforme']);
    expect(avec('1989-08-25', '2025-06-30', 4)).toEqual(['bloquant']);
    // Conclu le 2025-08-25, plus d'un an après le 2024-07-31 : refus (D6222-1 2°).
    expect(avec('1995-01-10', '2024-07-31', 4)).toEqual(['bloquant']);
    // Diplôme de même niveau : refus (L6222-2 1°).
    expect(avec('1995-01-10', '2025-06-30', 5)).toEqual(['bloquant']);
  });

  it('travailleur handicapé : pas de limite d’âge (L6222-2 3°)', () => {
    const { d } = deposer(
      fa13((s) => {
        s.apprenti.dateNaissance = '1980-01-01';
        Object.assign(s.apprenti, { handicap: true });
      }),
    );
    expect(resultatDe(d, 'apprenti.age_maximum')).toEqual(['conforme']);
  });

  it('âge minimum : 15 ans sans le premier cycle du secondaire → refus (L6222-1)', () => {
    const { d } = deposer(
      fa13((s) => {
        s.apprenti.dateNaissance = '2010-06-01';
        Object.assign(s.apprenti, { responsableLegal: { nom: 'Durand', prenom: 'Marc' } });
      }),
    );
    expect(resultatDe(d, 'apprenti.age_minimum')).toEqual(['bloquant']);
  });

  it('durée de 6 mois à 3 ans (L6222-7-1), au jour près', () => {
    const duree = (fin: string) =>
      resultatDe(
        deposer(
          fa13((s) => {
            s.contrat.dateFin = fin;
            s.contrat.remunerations = [
              { du: '2025-09-01', au: fin, tauxPourcent: 100, montantMensuel: 2000 },
            ];
          }),
        ).d,
        'contrat.duree',
      );
    expect(duree('2026-02-28')).toEqual(['conforme']); // 2025-09-01 + 6 mois − 1 jour
    expect(duree('2026-02-27')).toEqual(['bloquant']);
    expect(duree('2028-08-31')).toEqual(['conforme']); // 3 ans exactement
    expect(duree('2028-09-01')).toEqual(['bloquant']);
  });

  it('conclusion après le début → refus (L6222-4)', () => {
    const { d } = deposer(fa13((s) => (s.contrat.dateConclusion = '2025-09-02')));
    expect(resultatDe(d, 'contrat.conclusion_avant_debut')).toEqual(['bloquant']);
  });

  it('formation pratique et CFA au plus tard 3 mois après le début (L6222-12)', () => {
    const pratique = (date: string) =>
      resultatDe(
        deposer(fa13((s) => (s.contrat.dateDebutFormationPratique = date))).d,
        'contrat.debut_formation_pratique',
      );
    expect(pratique('2025-12-01')).toEqual(['conforme']);
    expect(pratique('2025-12-02')).toEqual(['bloquant']);
    const cfa = (date: string) =>
      resultatDe(deposer(fa13((s) => (s.formation.dateDebut = date))).d, 'formation.debut_cfa');
    expect(cfa('2025-12-01')).toEqual(['conforme']);
    expect(cfa('2025-12-02')).toEqual(['bloquant']);
  });

  it('maître d’apprentissage majeur (L6223-8-1) et compétent (R6223-22)', () => {
    const { d } = deposer(
      fa13((s) => {
        s.maitres[0]!.dateNaissance = '2008-01-01';
        s.maitres[0]!.anneesExperience = 1;
      }),
    );
    expect(resultatDe(d, 'maitre.majeur')).toEqual(['bloquant']);
    // 1 an sans diplôme du domaine : moins que les 2 ans de R6223-22 2°, l'accord de branche peut
    // en disposer autrement : laissé à un gestionnaire.
    expect(resultatDe(d, 'maitre.competence')).toEqual(['a_verifier']);
    const avecDiplome = deposer(
      fa13((s) => {
        s.maitres[0]!.anneesExperience = 1;
        s.maitres[0]!.diplomeDuDomaineEtNiveau = true;
      }),
    ).d;
    expect(resultatDe(avecDiplome, 'maitre.competence')).toEqual(['conforme']);
  });

  it('rémunération sous le minimum d’une période (D6222-26) → refus citant la période', () => {
    // 19 ans la 1re année : 43 % du SMIC de 1 801,80 € (11,88 € × 151,67 h) = 774,77 € > 700 €.
    const { d } = deposer(fa13((s) => (s.contrat.remunerations[0]!.montantMensuel = 700)));
    expect(d.etat).toBe('refuse');
    const r = d.decision?.raisons.find((x) => x.code === 'remuneration.minimum');
    expect(r?.message).toContain('700,00 €');
    expect(r?.message).toContain('774,77 €');
    expect(r?.articles.map((a) => a.article)).toEqual(['D6224-2', 'D6222-26']);
  });

  it('certification inactive ou fermée à l’apprentissage → refus ; inconnue → à vérifier', () => {
    const base = contexte().referentiels.certification;
    if (!base) throw new Error();
    expect(
      resultatDe(
        deposer(fa13(), contexte({ certification: { ...base, actifAu: '2025-08-31' } })).d,
        'formation.certification',
      ),
    ).toEqual(['bloquant']);
    expect(
      resultatDe(
        deposer(fa13(), contexte({ certification: { ...base, ouverteApprentissage: false } })).d,
        'formation.certification',
      ),
    ).toEqual(['bloquant']);
    const inconnue = deposer(fa13(), contexte({ certification: null })).d;
    expect(inconnue.etat).toBe('en_cours_instruction');
    expect(inconnue.aVerifier).toEqual(['formation.certification']);
  });

  it('Qualiopi apprentissage à la date de début, 6 mois de grâce du nouveau CFA (R6316-9)', () => {
    const org = contexte().referentiels.organisme;
    if (!org) throw new Error();
    const sans = (declaration: string) =>
      resultatDe(
        deposer(
          fa13(),
          contexte({ organisme: { ...org, certificats: [], dateDeclaration: declaration } }),
        ).d,
        'cfa.qualiopi',
      );
    expect(sans('2025-05-01')).toEqual(['avertissement']); // grâce jusqu'au 2025-11-01
    expect(sans('2025-03-02')).toEqual(['avertissement']); // grâce jusqu'au 2025-09-02
    expect(sans('2025-03-01')).toEqual(['bloquant']); // grâce close le 2025-09-01
    const autreCategorie = deposer(
      fa13(),
      contexte({
        organisme: {
          ...org,
          certificats: [{ categories: ['action_formation'], du: '2022-01-01', au: null }],
        },
      }),
    ).d;
    expect(resultatDe(autreCategorie, 'cfa.qualiopi')).toEqual(['bloquant']);
  });

  it('employeur sous opposition (L6225-1) → refus ; OPCO d’un autre employeur → refus', () => {
    const opp = deposer(
      fa13(),
      contexte({
        oppositions: [
          {
            siret: SIRET_EMPLOYEUR,
            nature: 'opposition',
            du: '2025-01-01',
            au: null,
            reference: 'DREETS IDF 2025-12',
            provenance: { source: 'test', millesime: '2025', importId: null },
          },
        ],
      }),
    ).d;
    expect(opp.etat).toBe('refuse');
    expect(opp.decision?.raisons[0]?.message).toContain('DREETS IDF 2025-12');
    const opco = deposer(fa13(), contexte({ opcoAttendu: '05' })).d;
    expect(resultatDe(opco, 'employeur.opco')).toEqual(['bloquant']);
    expect(
      resultatDe(deposer(fa13(), contexte({ opcoAttendu: null })).d, 'employeur.opco'),
    ).toEqual(['a_verifier']);
  });

  it('niveau 6 sans mention de la participation de l’employeur : avertissement, engagé quand même', () => {
    const { d } = deposer(fa13((s) => (s.formation.niveau = 6)));
    expect(resultatDe(d, 'contrat.participation_employeur')).toEqual(['avertissement']);
    expect(d.etat).toBe('engage');
    // 2 × 8 000 € moins la participation forfaitaire de 750 € (R6332-25-1).
    expect(d.engagement?.reservation.montantTotalCentimes).toBe(1_600_000 - 75_000);
  });
});

describe('décision du gestionnaire, silence, avenant, rupture, annulation', () => {
  const enAttente = () => deposer(fa13(), contexte({ certification: null }), '2025-09-05');

  it('décision sans motif refusée ; avec motif : engagé, non automatique', () => {
    const c = contexte({ certification: null });
    const { d } = enAttente();
    const sans = transition(c, d, { type: 'decider', sens: 'engager', motif: '  ' }, '2025-09-10');
    expect(sans.ok).toBe(false);
    const r = transition(
      c,
      d,
      { type: 'decider', sens: 'engager', motif: 'RNCP vérifié sur le site de France compétences' },
      '2025-09-10',
    );
    expect(r.ok && r.dossier.etat).toBe('engage');
    expect(r.ok && r.dossier.decision?.automatique).toBe(false);
    const refus = transition(
      c,
      d,
      { type: 'decider', sens: 'refuser', motif: 'RNCP inconnu' },
      '2025-09-10',
    );
    expect(refus.ok && refus.dossier.decision?.raisons[0]?.message).toBe('RNCP inconnu');
  });

  it('apprentissage : silence au terme des 20 jours = refus (R6224-3), pas avant', () => {
    const c = contexte({ certification: null });
    const { d } = enAttente();
    expect(transition(c, d, { type: 'appliquer_silence' }, '2025-09-25').ok).toBe(false);
    const r = transition(c, d, { type: 'appliquer_silence' }, '2025-09-26');
    expect(r.ok && r.dossier.etat).toBe('refuse');
    expect(r.ok && r.dossier.decision?.implicite).toBe(true);
    expect(r.ok && r.dossier.decision?.raisons[0]?.articles.map((a) => a.article)).toEqual([
      'R6224-3',
    ]);
    // Once decided, the silence cannot apply again (exactly once).
    expect(r.ok && transition(c, r.dossier, { type: 'appliquer_silence' }, '2025-09-27').ok).toBe(
      false,
    );
  });

  it('professionnalisation : silence = acceptation et dépôt (D6325-2), forfait 9,15 €/h', () => {
    const c = contexte({ opcoAttendu: null });
    const { d } = suite(c, [
      [{ type: 'creer', id: 'P1', cerfa: ej20() }, '2025-09-02'],
      [{ type: 'transmettre' }, '2025-09-03'],
    ]);
    expect(d.etat).toBe('en_cours_instruction');
    expect(d.echeance).toBe('2025-09-23');
    const r = transition(c, d, { type: 'appliquer_silence' }, '2025-09-24');
    expect(r.ok && r.dossier.etat).toBe('engage');
    expect(r.ok && r.dossier.decision?.implicite).toBe(true);
    // 500 h × 9,15 € = 4 575 € (D6332-86).
    expect(r.ok && r.dossier.engagement?.reservation.montantTotalCentimes).toBe(457_500);
  });

  it('contrat de professionnalisation conforme : engagé ; public prioritaire à 15 €/h', () => {
    const c = contexte();
    const p = suite(c, [
      [
        {
          type: 'creer',
          id: 'P1',
          cerfa: ej20((s) => Object.assign(s.salarie, { publicPrioritaire: true })),
        },
        '2025-09-02',
      ],
      [{ type: 'transmettre' }, '2025-09-03'],
    ]).d;
    expect(p.etat).toBe('engage');
    expect(p.engagement?.reservation.montantTotalCentimes).toBe(500 * 1500);
  });

  it('rupture pendant les 45 premiers jours : engagement recalculé aux jours effectués, écart expliqué', () => {
    const c = contexte();
    const { d } = deposer();
    const r = transition(
      c,
      d,
      {
        type: 'rompre',
        dateEffet: '2025-10-10',
        motif: 'periode_libre',
        dateNouveauContrat: '2025-10-11',
      },
      '2025-10-12',
    );
    if (!r.ok) throw new Error();
    expect(r.dossier.etat).toBe('rompu');
    // 40 jours effectués (2025-09-01 → 2025-10-10) × 8 000 € / 365 = 876,71 € (R6332-25 III).
    expect(r.dossier.engagement?.reservation.montantTotalCentimes).toBe(87_671);
    const ev = r.evenements[0];
    expect(ev?.type === 'rupture' && ev.difference?.ecartCentimes).toBe(87_671 - 1_600_000);
  });

  it('avenant : engagement recalculé depuis le nouveau contrat ; annulation avant le début seulement', () => {
    const c = contexte();
    const { d } = deposer();
    const nouveau = fa13((s) => {
      s.contrat.typeContrat = '36';
      s.couts.npecAnnuel = 9000;
    });
    const a = transition(
      c,
      d,
      { type: 'avenant', dateEffet: '2025-10-01', cerfa: nouveau },
      '2025-10-02',
    );
    expect(a.ok && a.dossier.engagement?.reservation.montantTotalCentimes).toBe(1_800_000);
    expect(a.ok && a.dossier.avenants).toBe(1);
    expect(transition(c, d, { type: 'annuler', motif: 'x' }, '2025-09-01').ok).toBe(false);
    const avant = transition(c, d, { type: 'annuler', motif: 'apprenti absent' }, '2025-08-31');
    expect(avant.ok && avant.dossier.etat).toBe('annule');
    expect(avant.ok && avant.dossier.engagement).toBeNull();
  });

  it('transition interdite : refus en valeur, avec sa raison', () => {
    const c = contexte();
    const { d } = deposer();
    const r = transition(c, d, { type: 'transmettre' }, '2025-09-04');
    expect(r).toMatchObject({ ok: false, raisons: [{ code: 'transition_interdite' }] });
  });

  it('l’état est dérivé des événements, rejoués dans l’ordre', () => {
    const { d, ev } = deposer();
    expect(
      deriver(
        'D1',
        ev.length
          ? [{ type: 'cree', date: '2025-09-02', formulaire: 'FA13', cerfa: d.cerfa }, ...ev]
          : [],
      ),
    ).toEqual(d);
  });

  it('schéma FA13 : erreurs nommant le champ', () => {
    const s = fa13Saisi();
    s.employeur.siret = '123';
    const r = cerfaFa13Schema.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['employeur', 'siret']);
  });
});
