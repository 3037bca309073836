import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completerCles, plateformeDeTest, type Session } from '../comptes/aide.ts';
import { texteDuPdf } from '../aide/pdf.ts';
import { fa13Saisi } from './aide.ts';

/**
 * POST /api/v1/dossiers and the commands, through the API with real accounts: idempotency,
 * field errors naming the CERFA field, who sees what, the gestionnaire's queue, a decision
 * with its required reason on the audit trail, and 403 on another OPCO's dossier.
 */
describe('API des dossiers', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const siretEmployeur = completerCles('12345678', '0001');
  const siretCfa = completerCles('98765432', '0001');
  let entreprise: Session;
  let autreEntreprise: Session;
  let gestionnaireA: Session;
  let gestionnaireB: Session;
  let cfa: Session;

  const corps = (modif: (s: ReturnType<typeof fa13Saisi>) => void = () => {}) => {
    const s = fa13Saisi();
    s.employeur.siret = siretEmployeur;
    s.formation.organisme.siret = siretCfa;
    modif(s);
    return s;
  };
  const h = (s: Session, extra: Record<string, string> = {}) => ({
    cookie: s.cookie,
    'x-csrf-token': s.csrf,
    ...extra,
  });

  beforeAll(async () => {
    p = await plateformeDeTest();
    const e = await p.organisation('entreprise', { siret: siretEmployeur }, 'Boulangerie Martin');
    const e2 = await p.organisation('entreprise', { siret: completerCles('55555555', '0001') });
    const c = await p.organisation('organisme_formation', { siret: siretCfa }, 'CFA');
    const oa = await p.organisation('opco', { codeOpco: '03' }, 'OPCO A');
    const ob = await p.organisation('opco', { codeOpco: '05' }, 'OPCO B');
    entreprise = await p.personne('e@test.fr', { organisationId: e, role: 'entreprise_membre' });
    autreEntreprise = await p.personne('e2@test.fr', {
      organisationId: e2,
      role: 'entreprise_administrateur',
    });
    cfa = await p.personne('c@test.fr', { organisationId: c, role: 'cfa_membre' });
    gestionnaireA = await p.personne('ga@test.fr', {
      organisationId: oa,
      role: 'opco_gestionnaire',
    });
    gestionnaireB = await p.personne('gb@test.fr', {
      organisationId: ob,
      role: 'opco_gestionnaire',
    });
  }, 120_000);
  afterAll(async () => p.fermer());

  let id = '';

  it('le même dépôt deux fois avec une clé d’idempotence → un seul dossier', async () => {
    const envoyer = (payload: object) =>
      p.app.inject({
        method: 'POST',
        url: '/api/v1/dossiers',
        headers: h(entreprise, { 'idempotency-key': 'depot-0001-martin' }),
        payload,
      });
    const r1 = await envoyer(corps());
    expect(r1.statusCode).toBe(201);
    id = r1.json<{ id: string }>().id;
    const r2 = await envoyer(corps());
    expect(r2.statusCode).toBe(200);
    expect(r2.json<{ id: string }>().id).toBe(id);
    const conflit = await envoyer(corps((s) => (s.contrat.dureeHebdoHeures = 30)));
    expect(conflit.statusCode).toBe(409);
    expect(conflit.json<{ code: string }>().code).toBe('ERR_IDEMPOTENCE_CONFLIT');
    const l = await p.app.inject({
      method: 'GET',
      url: '/api/v1/dossiers',
      headers: h(entreprise),
    });
    expect(l.json<{ dossiers: unknown[] }>().dossiers).toHaveLength(1);
  });

  it('le dossier déposé est instruit : référentiels absents → à vérifier, délai de 20 jours', async () => {
    const r = await p.app.inject({ method: 'GET', url: `/api/v1/dossiers/${id}`, headers: h(cfa) });
    expect(r.statusCode).toBe(200);
    const d = r.json<{
      etat: string;
      etatApiCfa: string;
      aVerifier: string[];
      echeance: string;
      dateComplet: string;
    }>();
    expect(d.etat).toBe('en_cours_instruction');
    expect(d.etatApiCfa).toBe('EN_COURS_INSTRUCTION');
    expect(d.aVerifier).toEqual([
      'formation.certification',
      'cfa.qualiopi',
      'employeur.opco',
      'formation.habilitation_organisme',
    ]);
  });

  it('une erreur de champ nomme le champ du CERFA en français → 400', async () => {
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: h(entreprise),
      payload: corps((s) => {
        s.employeur.siret = '123';
        s.apprenti.dateNaissance = '2006-02-30';
      }),
    });
    expect(r.statusCode).toBe(400);
    const detail = r.json<{ detail: string }>().detail;
    expect(detail).toContain("L'EMPLOYEUR — N° SIRET de l'établissement d'exécution du contrat");
    expect(detail).toContain("L'APPRENTI(E) — Date de naissance");
  });

  it('déposer pour l’employeur d’une autre entreprise → 403', async () => {
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: h(autreEntreprise),
      payload: corps(),
    });
    expect(r.statusCode).toBe(403);
  });

  it('chacun voit les siens : l’OPCO B ne voit ni la liste ni le dossier de l’OPCO A', async () => {
    const lb = await p.app.inject({
      method: 'GET',
      url: '/api/v1/dossiers',
      headers: h(gestionnaireB),
    });
    expect(lb.json<{ dossiers: unknown[] }>().dossiers).toHaveLength(0);
    const gb = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}`,
      headers: h(gestionnaireB),
    });
    expect(gb.statusCode).toBe(403);
    const f = await p.app.inject({
      method: 'GET',
      url: '/api/v1/dossiers/file-attente',
      headers: h(gestionnaireA),
    });
    expect(f.json<{ dossiers: { id: string }[] }>().dossiers.map((d) => d.id)).toEqual([id]);
  });

  it('décision sur un dossier d’un autre OPCO → 403 ; sans motif → 400 ; motivée → engagé et tracé', async () => {
    const decider = (s: Session, payload: object) =>
      p.app.inject({
        method: 'POST',
        url: `/api/v1/dossiers/${id}/decision`,
        headers: h(s),
        payload,
      });
    expect((await decider(gestionnaireB, { sens: 'engager', motif: 'ok' })).statusCode).toBe(403);
    const sans = await decider(gestionnaireA, { sens: 'engager', motif: '' });
    expect(sans.statusCode).toBe(400);
    expect(sans.json<{ detail: string }>().detail).toContain('Motif');
    const r = await decider(gestionnaireA, {
      sens: 'engager',
      motif: 'Certification et Qualiopi vérifiés sur les listes publiques',
    });
    expect(r.statusCode).toBe(200);
    const rep = r.json<{
      accepte: boolean;
      dossier: { etat: string; engagement: { montantTotalCentimes: number } };
    }>();
    expect(rep.accepte).toBe(true);
    expect(rep.dossier.etat).toBe('engage');
    // NPEC 8 000 € × 2 années complètes (R6332-25, prorata aux jours : 365/365).
    expect(rep.dossier.engagement.montantTotalCentimes).toBe(1_600_000);
    const audit = await p.ctx.base.db
      .selectFrom('audit' as never)
      .select(['action' as never])
      .execute();
    expect((audit as { action: string }[]).map((a) => a.action)).toContain('dossier.engage');
    // No allocation on this fresh platform: engaged, its engagement shown as not booked.
    const vu = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}`,
      headers: h(gestionnaireA),
    });
    expect(
      vu.json<{
        grandLivre: { reserve: unknown; nonReserve: { montantCentimes: number; motif: string } };
      }>().grandLivre,
    ).toMatchObject({
      reserve: null,
      nonReserve: { montantCentimes: 1_600_000, motif: expect.stringContaining('aucune dotation') },
    });
    // A second decision on an engaged dossier is refused as a value, with its reason.
    const encore = await decider(gestionnaireA, { sens: 'refuser', motif: 'non' });
    expect(encore.json<{ accepte: boolean; raisons: { code: string }[] }>()).toMatchObject({
      accepte: false,
      raisons: [{ code: 'transition_interdite' }],
    });
  });

  it('rupture par l’entreprise : engagement recalculé ; historique lisible', async () => {
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/rupture`,
      headers: h(entreprise),
      payload: {
        dateEffet: '2025-10-10',
        motif: 'periode_libre',
        dateNouveauContrat: '2025-10-11',
      },
    });
    expect(r.statusCode).toBe(200);
    expect(
      r.json<{ dossier: { etat: string; engagement: { montantTotalCentimes: number } } }>().dossier,
    ).toMatchObject({ etat: 'rompu', engagement: { montantTotalCentimes: 87_671 } });
    const hist = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/historique`,
      headers: h(gestionnaireA),
    });
    const types = hist.json<{ evenements: { type: string }[] }>().evenements.map((e) => e.type);
    expect(types).toEqual([
      'cree',
      'transmis',
      'complet',
      'instruit',
      'mis_en_attente',
      'engage',
      'rupture',
    ]);
  });

  it('API CFA : états et échéancier du dossier pour le logiciel du CFA', async () => {
    const etats = await p.app.inject({
      method: 'GET',
      url: '/api/v1/cfa/dossiers/etats',
      headers: h(cfa),
    });
    expect(etats.json()).toMatchObject({
      total: 1,
      count: 1,
      page: 1,
      etats: [{ numeroInterne: id, etat: 'RUPTURE' }],
    });
    const d = await p.app.inject({
      method: 'GET',
      url: `/api/v1/cfa/dossiers/${id}`,
      headers: h(cfa),
    });
    const corps = d.json<{ engagement: number; echeances: { montantTotal: number }[] }>();
    expect(corps.engagement).toBe(876.71);
    expect(corps.echeances.reduce((s, e) => s + Math.round(e.montantTotal * 100), 0)).toBe(87_671);
    const autre = await p.app.inject({
      method: 'GET',
      url: `/api/v1/cfa/dossiers/${id}`,
      headers: h(gestionnaireB),
    });
    expect(autre.statusCode).toBe(403);
  });

  it('imprimer le CERFA : un PDF (pdf-lib) relu, titré du CERFA, ses champs sous leur rubrique', async () => {
    const r = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/cerfa.pdf`,
      headers: h(entreprise),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/pdf');
    const doc = await PDFDocument.load(r.rawPayload);
    expect(doc.getTitle()).toBe("CONTRAT D'APPRENTISSAGE — CERFA FA13 (n° 10103*14)");
    expect(doc.getKeywords()).toContain(siretEmployeur);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    const [largeur, hauteur] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect([Math.round(largeur), Math.round(hauteur)]).toEqual([595, 842]);
    const texte = texteDuPdf(doc);
    expect(texte).toContain("CONTRAT D'APPRENTISSAGE — CERFA FA13 (n° 10103*14)");
    expect(texte).toContain("L'APPRENTI(E)");
    expect(texte).toContain('Nom de naissance|Durand');
    expect(texte).toContain(`N° SIRET de l'établissement d'exécution du contrat|${siretEmployeur}`);
    expect(texte).toContain('Code RNCP|RNCP35185');
    expect(texte).toContain("ce n'est pas le formulaire Cerfa officiel");
  });
});
