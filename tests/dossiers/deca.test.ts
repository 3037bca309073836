import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jourParis } from '../../src/api/dossiers/service.ts';
import { main } from '../../src/cli/main.ts';
import { contratDeca, mouvementDecaDans, statutDeca } from '../../src/domaine/dossiers/deca.ts';
import {
  transition,
  type Cerfa,
  type Commande,
  type Dossier,
  type Evenement,
} from '../../src/domaine/dossiers/index.ts';
import type { ReferentielsDossier } from '../../src/domaine/referentiels-formation/index.ts';
import { contratDecaSchema } from '../../src/partage/deca.schema.ts';
import { capturer } from '../aide/commande.ts';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';
import { contexte, ej20, fa13, fa13Saisi } from './aide.ts';

/** Runs commands in order; fails on a refusal. */
function suite(
  cmds: [Commande, string][],
  cerfa: Cerfa = fa13(),
  r: Partial<ReferentielsDossier> = {},
): { d: Dossier; ev: Evenement[] } {
  const c = contexte(r);
  let d: Dossier | null = null;
  const ev: Evenement[] = [];
  for (const [cmd, date] of [
    [{ type: 'creer', id: 'D1', cerfa }, '2025-08-28'] as [Commande, string],
    ...cmds,
  ]) {
    const r = transition(c, d, cmd, date);
    if (!r.ok) throw new Error(JSON.stringify(r.raisons));
    d = r.dossier;
    ev.push(...r.evenements);
  }
  return { d: d as Dossier, ev };
}

describe('objet contrat de DECA (D6224-4, R6332-33) : correspondance pure', () => {
  it('contrat d’apprentissage engagé : statut "", dispositif APPR, champs du CERFA', () => {
    const { d, ev } = suite([[{ type: 'transmettre' }, '2025-08-28']]);
    expect(d.etat).toBe('engage');
    const c = contratDeca(d, ev);
    expect(contratDecaSchema.parse(c)).toEqual(c);
    expect(c).toMatchObject({
      numeroInterne: 'D1',
      alternant: { nom: 'Durand', prenom: 'Léa', sexe: 'F', dateNaissance: '2006-03-15' },
      formation: {
        dateDebutFormation: '2025-09-15',
        dateFinFormation: '2027-06-30',
        rncp: 'RNCP35185',
        typeDiplome: '54',
      },
      etablissementFormation: { siret: '98765432100019' },
      organismeFormationResponsable: { uaiCfa: '0751234A', siret: '98765432100019' },
      detailsContrat: {
        noContrat: null,
        dateDebutContrat: '2025-09-01',
        dateFinContrat: '2027-08-31',
        dateEffetAvenant: null,
        noAvenant: null,
        statut: '',
        typeContrat: '11',
        dispositif: 'APPR',
        dateConclusion: '2025-08-25',
      },
      employeur: { siret: '12345678900011', codeIdcc: '843', adresse: { codePostal: '75011' } },
      rupture: null,
    });
  });

  it('avenant : numéro et date d’effet ; rupture : statut Rompu et bloc rupture ; annulation : Annulé', () => {
    const avenant = fa13((x) => {
      x.contrat.typeContrat = '36';
      x.contrat.dureeHebdoHeures = 30;
    });
    const { d, ev } = suite([
      [{ type: 'transmettre' }, '2025-08-28'],
      [{ type: 'avenant', dateEffet: '2025-10-01', cerfa: avenant }, '2025-09-20'],
      [{ type: 'rompre', dateEffet: '2025-10-10', motif: 'accord_commun' }, '2025-10-12'],
    ]);
    expect(statutDeca(d)).toBe('Rompu');
    expect(contratDeca(d, ev)).toMatchObject({
      detailsContrat: {
        noAvenant: '1',
        dateEffetAvenant: '2025-10-01',
        typeContrat: '36',
        statut: 'Rompu',
      },
      rupture: {
        dateEffetRupture: '2025-10-10',
        codeMotifRupture: 'accord_commun',
        commentaireRupture: null,
        dateSignalement: '2025-10-12',
      },
    });
    const a = suite([
      [{ type: 'transmettre' }, '2025-08-28'],
      [{ type: 'annuler', motif: 'contrat non exécuté' }, '2025-08-30'],
    ]);
    expect(contratDeca(a.d, a.ev)?.detailsContrat.statut).toBe('Annulé');
    expect(mouvementDecaDans(ev, '2025-10-11', '2025-10-31')).toBe(true);
    expect(mouvementDecaDans(ev, '2025-11-01', null)).toBe(false);
  });

  it('refusé : statut « Non déposable » et le refus avec ses motifs (codes, articles) ; en instruction : pas d’objet DECA ; professionnalisation : PROF', () => {
    const refuse = suite(
      [[{ type: 'transmettre' }, '2025-08-28']],
      fa13((x) => (x.opco = '05')),
    );
    expect(refuse.d.etat).toBe('refuse');
    const c = contratDeca(refuse.d, refuse.ev);
    expect(contratDecaSchema.parse(c)).toEqual(c);
    expect(c?.detailsContrat).toMatchObject({ statut: 'Non déposable', dispositif: 'APPR' });
    expect(c?.refus).toMatchObject({
      dateDecision: '2025-08-28',
      automatique: true,
      implicite: false,
    });
    const opco = c?.refus?.motifs.find((m) => m.code === 'employeur.opco');
    expect(opco?.articles.map((a) => a.article)).toContain('L6332-1 I 1°');
    expect(opco?.articles[0]?.id).toMatch(/^LEGIARTI/);
    expect(c?.refus?.libelleMotifNonDepot).toContain(opco?.message ?? 'absent');
    expect(mouvementDecaDans(refuse.ev, '2025-08-28', '2025-08-28')).toBe(true);
    // A gestionnaire's refusal: its motive, not automatic (a check left « à vérifier » first).
    const aVerifier = { certification: null };
    const manuel = suite(
      [
        [{ type: 'transmettre' }, '2025-08-28'],
        [{ type: 'decider', sens: 'refuser', motif: 'Maître non éligible' }, '2025-09-02'],
      ],
      fa13(),
      aVerifier,
    );
    expect(contratDeca(manuel.d, manuel.ev)?.refus).toMatchObject({
      automatique: false,
      implicite: false,
      motifs: [{ code: 'decision_gestionnaire', message: 'Maître non éligible', articles: [] }],
    });
    // Silence worth refusal (R6224-3).
    const silence = suite(
      [
        [{ type: 'transmettre' }, '2025-08-28'],
        [{ type: 'appliquer_silence' }, '2025-09-30'],
      ],
      fa13(),
      aVerifier,
    );
    expect(contratDeca(silence.d, silence.ev)?.refus).toMatchObject({
      automatique: true,
      implicite: true,
      motifs: [{ code: 'silence_vaut_refus' }],
    });
    const enCours = suite([[{ type: 'transmettre' }, '2025-08-28']], fa13(), aVerifier);
    expect(enCours.d.etat).toBe('en_cours_instruction');
    expect(contratDeca(enCours.d, enCours.ev)).toBeNull();
    const pro = suite([[{ type: 'transmettre' }, '2025-08-28']], ej20());
    expect(pro.d.etat).toBe('engage');
    expect(contratDeca(pro.d, pro.ev)?.detailsContrat).toMatchObject({
      dispositif: 'PROF',
      dateFinContrat: '2026-08-31',
    });
  });
});

describe('GET /api/v1/dossiers/export/deca et opco deca exporter', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const siretEmployeur = completerCles('12345678', '0001');
  const siretCfa = completerCles('98765432', '0001');
  type Session = Awaited<ReturnType<typeof p.personne>>;
  let entreprise: Session;
  let gestionnaireA: Session;
  let gestionnaireB: Session;
  let national: Session;
  let id = '';
  const aujourdhui = jourParis(new Date());
  const dossierCli = mkdtempSync(path.join(tmpdir(), 'deca-cli-'));
  const h = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
  const exporter = (s: Session, q = '') =>
    p.app.inject({ method: 'GET', url: `/api/v1/dossiers/export/deca${q}`, headers: h(s) });

  beforeAll(async () => {
    p = await plateformeDeTest();
    const e = await p.organisation('entreprise', { siret: siretEmployeur }, 'Boulangerie Martin');
    const c = await p.organisation('organisme_formation', { siret: siretCfa }, 'CFA');
    const oa = await p.organisation('opco', { codeOpco: '03' }, 'OPCO A');
    const ob = await p.organisation('opco', { codeOpco: '05' }, 'OPCO B');
    const fc = await p.organisation('france_competences', {}, 'France compétences');
    void c;
    entreprise = await p.personne('e@test.fr', { organisationId: e, role: 'entreprise_membre' });
    gestionnaireA = await p.personne('ga@test.fr', {
      organisationId: oa,
      role: 'opco_gestionnaire',
    });
    gestionnaireB = await p.personne('gb@test.fr', {
      organisationId: ob,
      role: 'opco_gestionnaire',
    });
    national = await p.personne('fc@test.fr', {
      organisationId: fc,
      role: 'france_competences_lecteur',
    });
    const s = fa13Saisi();
    s.employeur.siret = siretEmployeur;
    s.formation.organisme.siret = siretCfa;
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: h(entreprise),
      payload: s,
    });
    expect(r.statusCode).toBe(201);
    id = r.json<{ id: string }>().id;
    // Left to a gestionnaire (no reference data loaded), engaged by the OPCO's gestionnaire.
    const dec = await p.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/decision`,
      headers: h(gestionnaireA),
      payload: { sens: 'engager', motif: 'Certification et Qualiopi vérifiés' },
    });
    expect(dec.json<{ dossier: { etat: string } }>().dossier.etat).toBe('engage');
  }, 300_000);
  afterAll(async () => {
    await p?.fermer();
    rmSync(dossierCli, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('le gestionnaire de l’OPCO reçoit ses contrats déposés, une ligne NDJSON chacun', async () => {
    const r = await exporter(gestionnaireA, `?du=${aujourdhui}&au=${aujourdhui}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/x-ndjson');
    expect(r.headers['content-disposition']).toContain(`deca-${aujourdhui}-${aujourdhui}.ndjson`);
    const lignes = r.body.split('\n').filter((l) => l !== '');
    expect(lignes).toHaveLength(1);
    const c = contratDecaSchema.parse(JSON.parse(lignes[0] ?? ''));
    expect(c).toMatchObject({
      numeroInterne: id,
      detailsContrat: { statut: '', dispositif: 'APPR', noContrat: null },
      employeur: { siret: siretEmployeur },
    });
    // Outside the period: nothing.
    expect((await exporter(gestionnaireA, '?au=2020-01-01')).body).toBe('');
  });

  it('un autre OPCO ne voit rien ; entreprise et lecteur national : 403 ; période inversée : 400', async () => {
    const b = await exporter(gestionnaireB);
    expect(b.statusCode).toBe(200);
    expect(b.body).toBe('');
    expect((await exporter(entreprise)).statusCode).toBe(403);
    expect((await exporter(national)).statusCode).toBe(403);
    const inverse = await exporter(gestionnaireA, '?du=2026-02-01&au=2026-01-01');
    expect(inverse.statusCode).toBe(400);
  });

  it('un contrat refusé par le gestionnaire est exporté avec son motif (D6224-4), statut « Non déposable »', async () => {
    const s = fa13Saisi();
    s.employeur.siret = siretEmployeur;
    s.formation.organisme.siret = siretCfa;
    s.apprenti.nom = 'Refusé';
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: h(entreprise),
      payload: s,
    });
    const refuseId = r.json<{ id: string }>().id;
    const dec = await p.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${refuseId}/decision`,
      headers: h(gestionnaireA),
      payload: { sens: 'refuser', motif: 'Certification fermée à l’apprentissage' },
    });
    expect(dec.json<{ dossier: { etat: string } }>().dossier.etat).toBe('refuse');
    const e = await exporter(gestionnaireA, `?du=${aujourdhui}&au=${aujourdhui}`);
    const lignes = e.body
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => contratDecaSchema.parse(JSON.parse(l)));
    expect(lignes.map((l) => l.detailsContrat.statut).sort()).toEqual(['', 'Non déposable']);
    expect(lignes.find((l) => l.numeroInterne === refuseId)).toMatchObject({
      refus: {
        dateDecision: aujourdhui,
        automatique: false,
        libelleMotifNonDepot: 'Certification fermée à l’apprentissage',
        motifs: [{ code: 'decision_gestionnaire' }],
      },
    });
    expect(lignes.find((l) => l.numeroInterne === id)?.refus).toBeNull();
    // Another OPCO still sees nothing.
    expect((await exporter(gestionnaireB)).body).toBe('');
  });

  it('opco deca exporter écrit le même NDJSON (opérateur, --opco)', async () => {
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('OPCO_DB_PATH', path.join(dossierCli, 'db'));
    const depot = path.join(dossierCli, 'contrat.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(depot, JSON.stringify(fa13Saisi()));
    let c = capturer();
    expect(await main(['node', 'opco', 'dossiers', 'deposer', depot])).toBe(0);
    vi.restoreAllMocks();
    // Not engaged (no reference data in this base): nothing deposited to export.
    const sortie = path.join(dossierCli, 'deca.ndjson');
    c = capturer();
    expect(
      await main(['node', 'opco', 'deca', 'exporter', '--opco', '03', '--sortie', sortie]),
    ).toBe(0);
    expect(c.sortie.join('')).toContain('0 contrat(s) écrit(s)');
    expect(readFileSync(sortie, 'utf8')).toBe('');
    vi.restoreAllMocks();
    c = capturer();
    expect(await main(['node', 'opco', 'deca', 'exporter', '--du', '2026-13-01'])).toBe(1);
    expect(c.erreurs.join('')).toContain('--du');
  }, 120_000);
});
