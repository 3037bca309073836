import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jourParis } from '../../src/api/dossiers/service.ts';
import { listerAudit } from '../../src/stockage/audit.depot.ts';
import { importerDotations, solde, verifierGrandLivre } from '../../src/stockage/finances.depot.ts';
import { completerCles, plateformeDeTest, type Session } from '../comptes/aide.ts';
import { acSaisi, planSaisi, tutoratSaisi } from './aide.ts';
import { preparerReferentiels } from './referentiels.ts';

/**
 * POST /api/v1/demandes and the reads and commands, through the API with real accounts, on the
 * default ports (the company's OPCO from the loaded IDCC → OPCO table, the OPCO list for the
 * barèmes' slugs, the ledger): idempotency, who sees what, booking on the ledger's sections with
 * balances asserted, « dans la limite des fonds disponibles », and an action collective whose
 * places are never exceeded by concurrent requests. Figures: tests/demandes/domaine.test.ts.
 */
describe('API des demandes de prise en charge', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const siret = completerCles('12345678', '0001');
  const siretOrganisme = completerCles('98765432', '0001');
  const annee = jourParis(new Date()).slice(0, 4);
  let entreprise: Session;
  let autreEntreprise: Session;
  let gestionnaireA: Session;
  let gestionnaireB: Session;
  let national: Session;
  let opcoA = '';
  const concurrentes: Session[] = [];
  const siretsConcurrents: string[] = [];
  // Ledger accounts (codeCompte: opco|section|origine|branche|nature|reference).
  const DISPO_PLAN = `03|plan_moins_50|mutualises|-|disponible|${annee}`;
  const DISPO_ALT = `03|alternance|mutualises|-|disponible|${annee}`;
  const ENGAGE_PLAN = `03|plan_moins_50|mutualises|1486|engage|${siretOrganisme}`;
  const ENGAGE_TUTORAT = `03|alternance|mutualises|1486|engage|${siret}`;

  const h = (s: Session, extra: Record<string, string> = {}) => ({
    cookie: s.cookie,
    'x-csrf-token': s.csrf,
    ...extra,
  });
  const plan = (modif: (x: ReturnType<typeof planSaisi>) => void = () => {}) => {
    const x = planSaisi();
    x.entreprise.siret = siret;
    x.action.organismeSiret = siretOrganisme;
    x.dateDebut = '2027-01-11';
    x.dateFin = '2027-01-13';
    modif(x);
    return x;
  };
  const poster = (s: Session, url: string, payload: object, extra: Record<string, string> = {}) =>
    p.app.inject({ method: 'POST', url, headers: h(s, extra), payload });
  const lire = (s: Session, url: string) => p.app.inject({ method: 'GET', url, headers: h(s) });

  beforeAll(async () => {
    p = await plateformeDeTest();
    const db = p.ctx.base.db;
    await preparerReferentiels(p.ctx.base);
    await importerDotations(
      db,
      [
        {
          opco: '03',
          section: 'plan_moins_50',
          origine: 'mutualises',
          annee: Number(annee),
          montantCentimes: 500_000,
          reference: 'FC-TEST-PDC',
          dateReference: `${annee}-01-15`,
        },
        {
          opco: '03',
          section: 'alternance',
          origine: 'mutualises',
          annee: Number(annee),
          montantCentimes: 300_000,
          reference: 'FC-TEST-ALT',
          dateReference: `${annee}-01-15`,
        },
      ],
      { fichier: 'test', empreinte: 'test' },
    );
    const e = await p.organisation('entreprise', { siret }, 'Bureau Martin');
    const e2 = await p.organisation('entreprise', { siret: completerCles('55555555', '0001') });
    opcoA = await p.organisation('opco', { codeOpco: '03' }, 'Atlas');
    const ob = await p.organisation('opco', { codeOpco: '05' }, 'OPCO B');
    entreprise = await p.personne('e@test.fr', { organisationId: e, role: 'entreprise_membre' });
    autreEntreprise = await p.personne('e2@test.fr', {
      organisationId: e2,
      role: 'entreprise_administrateur',
    });
    gestionnaireA = await p.personne('ga@test.fr', {
      organisationId: opcoA,
      role: 'opco_gestionnaire',
    });
    gestionnaireB = await p.personne('gb@test.fr', {
      organisationId: ob,
      role: 'opco_gestionnaire',
    });
    const fc = await p.organisation('france_competences', {}, 'France compétences');
    national = await p.personne('fc@test.fr', {
      organisationId: fc,
      role: 'france_competences_lecteur',
    });
    for (let i = 0; i < 6; i++) {
      const s = completerCles(`4${i}345678`.slice(0, 8), '0001');
      const org = await p.organisation('entreprise', { siret: s });
      siretsConcurrents.push(s);
      concurrentes.push(
        await p.personne(`c${i}@test.fr`, { organisationId: org, role: 'entreprise_membre' }),
      );
    }
  }, 240_000);
  afterAll(async () => p?.fermer());

  let premiere = '';

  it('plan < 50 : engagée sur la section plan_moins_50, le même dépôt deux fois avec une clé → une demande', async () => {
    const r1 = await poster(entreprise, '/api/v1/demandes', plan(), {
      'idempotency-key': 'demande-plan-0001',
    });
    expect(r1.statusCode).toBe(201);
    const d = r1.json();
    premiere = d.id;
    expect(d.etat).toBe('engage');
    expect(d.libelleEtat).toBe('Engagé');
    expect(d.engagement).toMatchObject({
      montantTotalCentimes: 231_000,
      section: 'plan_moins_50',
      siretBeneficiaire: siretOrganisme,
      bareme: { id: 'atlas_217', depuis: '2024-01-01' },
      dateDesParametres: jourParis(new Date()),
    });
    expect(d.engagement.versionDroit).toMatch(/^droit-/);
    const r2 = await poster(entreprise, '/api/v1/demandes', plan(), {
      'idempotency-key': 'demande-plan-0001',
    });
    expect(r2.statusCode).toBe(200);
    expect(r2.json().id).toBe(premiere);
    const conflit = await poster(
      entreprise,
      '/api/v1/demandes',
      plan((x) => (x.heures = 7)),
      {
        'idempotency-key': 'demande-plan-0001',
      },
    );
    expect(conflit.statusCode).toBe(409);
    expect(conflit.json().code).toBe('ERR_IDEMPOTENCE_CONFLIT');
    expect(await solde(p.ctx.base.db, ENGAGE_PLAN)).toBe(231_000);
    expect(await solde(p.ctx.base.db, DISPO_PLAN)).toBe(500_000 - 231_000);
  });

  it('une erreur de saisie nomme le champ en français', async () => {
    const r = await poster(
      entreprise,
      '/api/v1/demandes',
      plan((x) => (x.entreprise.siret = '12')),
    );
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain("Entreprise — N° SIRET de l'établissement");
  });

  it('qui voit quoi : l’entreprise et son OPCO ; ni une autre entreprise, ni un autre OPCO', async () => {
    expect((await lire(entreprise, `/api/v1/demandes/${premiere}`)).statusCode).toBe(200);
    expect((await lire(gestionnaireA, `/api/v1/demandes/${premiere}`)).statusCode).toBe(200);
    expect((await lire(autreEntreprise, `/api/v1/demandes/${premiere}`)).statusCode).toBe(403);
    expect((await lire(gestionnaireB, `/api/v1/demandes/${premiere}`)).statusCode).toBe(403);
    const ids = async (s: Session) =>
      (await lire(s, '/api/v1/demandes')).json().demandes.map((x: { id: string }) => x.id);
    expect(await ids(entreprise)).toEqual([premiere]);
    expect(await ids(gestionnaireA)).toEqual([premiere]);
    expect(await ids(autreEntreprise)).toEqual([]);
    expect(await ids(gestionnaireB)).toEqual([]);
    // A company cannot file for another company's SIRET.
    const r = await poster(autreEntreprise, '/api/v1/demandes', plan());
    expect(r.statusCode).toBe(403);
    // Requests are not contracts: the dossiers' routes do not see them.
    expect((await lire(entreprise, `/api/v1/dossiers/${premiere}`)).statusCode).toBe(404);
    expect((await lire(entreprise, '/api/v1/dossiers')).json().dossiers).toEqual([]);
    const hist = (await lire(entreprise, `/api/v1/demandes/${premiere}/historique`)).json();
    expect(hist.evenements.map((e: { type: string }) => e.type)).toEqual([
      'cree',
      'transmis',
      'complet',
      'instruit',
      'engage',
    ]);
  });

  it('enveloppe annuelle et « dans la limite des fonds disponibles » : la troisième demande est refusée avec les chiffres', async () => {
    const r2 = await poster(entreprise, '/api/v1/demandes', plan());
    expect(r2.json().engagement.montantTotalCentimes).toBe(231_000);
    expect(await solde(p.ctx.base.db, DISPO_PLAN)).toBe(38_000);
    // Envelope 6 000 € − 4 620 € engaged = 1 380 € asked, 380 € available in the section.
    const r3 = await poster(entreprise, '/api/v1/demandes', plan());
    const d3 = r3.json();
    expect(d3.etat).toBe('refuse');
    const fonds = d3.decision.raisons.find(
      (x: { code: string }) => x.code === 'plan_moins_50.fonds_epuises',
    );
    expect(fonds.message).toMatch(/disponible 380,00 €, demandé 1\s380,00 €, manque 1\s000,00 €/);
    expect(await solde(p.ctx.base.db, DISPO_PLAN)).toBe(38_000);
  });

  it("annulation motivée : l'engagement est contre-passé", async () => {
    const r = await poster(entreprise, `/api/v1/demandes/${premiere}/annulation`, {
      motif: 'Formation reportée',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().accepte).toBe(true);
    expect(r.json().demande.etat).toBe('annule');
    expect(await solde(p.ctx.base.db, DISPO_PLAN)).toBe(38_000 + 231_000);
    expect(await solde(p.ctx.base.db, ENGAGE_PLAN)).toBe(231_000);
  });

  it('aide tutorale : section alternance ; fonds insuffisants → file du gestionnaire, décision « engager » refusée avec les chiffres', async () => {
    const t = () => {
      const x = tutoratSaisi();
      x.entreprise.siret = siret;
      return x;
    };
    const r1 = await poster(entreprise, '/api/v1/demandes', t());
    expect(r1.json().engagement).toMatchObject({
      montantTotalCentimes: 237_000,
      section: 'alternance',
    });
    expect(await solde(p.ctx.base.db, ENGAGE_TUTORAT)).toBe(237_000);
    expect(await solde(p.ctx.base.db, DISPO_ALT)).toBe(63_000);
    const r2 = await poster(entreprise, '/api/v1/demandes', t());
    const d2 = r2.json();
    expect(d2.etat).toBe('en_cours_instruction');
    expect(d2.aVerifier).toEqual(['demande.fonds_disponibles']);
    const file = (await lire(gestionnaireA, '/api/v1/demandes/file-attente')).json();
    expect(file.demandes.map((x: { id: string }) => x.id)).toEqual([d2.id]);
    expect((await lire(gestionnaireB, '/api/v1/demandes/file-attente')).json().demandes).toEqual(
      [],
    );
    const autre = await poster(gestionnaireB, `/api/v1/demandes/${d2.id}/decision`, {
      sens: 'engager',
      motif: 'x',
    });
    expect(autre.statusCode).toBe(403);
    const dec = await poster(gestionnaireA, `/api/v1/demandes/${d2.id}/decision`, {
      sens: 'engager',
      motif: 'Tuteur vérifié',
    });
    expect(dec.json().accepte).toBe(false);
    expect(dec.json().raisons[0].code).toBe('demande.fonds_disponibles');
    const refus = await poster(gestionnaireA, `/api/v1/demandes/${d2.id}/decision`, {
      sens: 'refuser',
      motif: 'Fonds de la section alternance épuisés pour l’année',
    });
    expect(refus.json().demande.etat).toBe('refuse');
    expect(await solde(p.ctx.base.db, DISPO_ALT)).toBe(63_000);
  });

  it("action collective : 6 demandes concurrentes pour 3 places → 3 engagées, 3 refusées « complet », jamais plus d'inscrits que de places", async () => {
    const s = await poster(gestionnaireA, `/api/v1/organisations/${opcoA}/actions-collectives`, {
      intitule: 'Management de proximité',
      dateDebut: '2027-03-01',
      places: 3,
      prixNegocie: 900,
      tauxFinancement: 0.8,
      idccEligibles: ['1486'],
      effectifMax: 49,
      organismeSiret: siretOrganisme,
    });
    expect(s.statusCode).toBe(201);
    const session = s.json().id as number;
    const rs = await Promise.all(
      concurrentes.map((c, i) => {
        const x = acSaisi(session);
        x.entreprise.siret = siretsConcurrents[i] ?? '';
        x.stagiaires = 1;
        return poster(c, '/api/v1/demandes', x);
      }),
    );
    const etats = rs.map((r) => r.json().etat as string);
    expect(etats.filter((e) => e === 'engage')).toHaveLength(3);
    expect(etats.filter((e) => e === 'refuse')).toHaveLength(3);
    for (const r of rs.filter((x) => x.json().etat === 'refuse'))
      expect(r.json().decision.raisons.map((x: { code: string }) => x.code)).toEqual([
        'action_collective.complet',
      ]);
    for (const r of rs.filter((x) => x.json().etat === 'engage')) {
      expect(r.json().engagement.montantTotalCentimes).toBe(72_000);
      // Paid to the session's provider named in the catalogue.
      expect(r.json().engagement.siretBeneficiaire).toBe(siretOrganisme);
      expect(r.json().inscription).toEqual(expect.any(Number));
    }
    const { rows } = await sql<{ n: number | string }>`
      select coalesce(sum(stagiaires), 0) as n from action_collective_inscription
      where session_id = ${session} and not annulee`.execute(p.ctx.base.db);
    expect(Number(rows[0]?.n)).toBe(3);
    const cat = (await p.app.inject({ method: 'GET', url: '/api/v1/actions-collectives' })).json();
    const publiee = (cat.sessions ?? cat).find((x: { id: number }) => x.id === session);
    expect(publiee.placesRestantes).toBe(0);
    // Cancelling an engaged request frees its place.
    const i = rs.findIndex((x) => x.json().etat === 'engage');
    const c = concurrentes[i] as Session;
    const a = await poster(c, `/api/v1/demandes/${rs[i]?.json().id}/annulation`, {
      motif: 'Salarié absent',
    });
    expect(a.json().demande.etat).toBe('annule');
    const apres = (
      await p.app.inject({ method: 'GET', url: '/api/v1/actions-collectives' })
    ).json();
    expect(
      (apres.sessions ?? apres).find((x: { id: number }) => x.id === session).placesRestantes,
    ).toBe(1);
  }, 120_000);

  it('brouillon : enregistré sans instruction, vu de la seule entreprise, modifié, pièce jointe, puis transmis et instruit comme un dépôt', async () => {
    const b = await poster(
      entreprise,
      '/api/v1/demandes?brouillon=true',
      plan((x) => (x.heures = 14)),
      { 'idempotency-key': 'demande-brouillon-0001' },
    );
    expect(b.statusCode).toBe(201);
    const d = b.json();
    expect(d).toMatchObject({ etat: 'brouillon', instruction: null, engagement: null });
    // Replayed with the same key: the same draft; the same key for a transmitted body: 409.
    const rejoue = await poster(
      entreprise,
      '/api/v1/demandes?brouillon=true',
      plan((x) => (x.heures = 14)),
      { 'idempotency-key': 'demande-brouillon-0001' },
    );
    expect(rejoue.statusCode).toBe(200);
    expect(rejoue.json().id).toBe(d.id);
    const autreCorps = await poster(
      entreprise,
      '/api/v1/demandes',
      plan((x) => (x.heures = 14)),
      { 'idempotency-key': 'demande-brouillon-0001' },
    );
    expect(autreCorps.statusCode).toBe(409);
    // Visible only to its company: to its OPCO, a national reader, another company, it does not exist.
    expect((await lire(entreprise, `/api/v1/demandes/${d.id}`)).statusCode).toBe(200);
    expect((await lire(gestionnaireA, `/api/v1/demandes/${d.id}`)).statusCode).toBe(404);
    expect((await lire(national, `/api/v1/demandes/${d.id}`)).statusCode).toBe(404);
    expect((await lire(autreEntreprise, `/api/v1/demandes/${d.id}`)).statusCode).toBe(404);
    const ids = async (s: Session) =>
      (await lire(s, '/api/v1/demandes')).json().demandes.map((x: { id: string }) => x.id);
    expect(await ids(entreprise)).toContain(d.id);
    expect(await ids(gestionnaireA)).not.toContain(d.id);
    expect(await ids(national)).not.toContain(d.id);
    const decision = await poster(gestionnaireA, `/api/v1/demandes/${d.id}/decision`, {
      sens: 'refuser',
      motif: 'x',
    });
    expect(decision.statusCode).toBe(404);
    // Modified: the whole form, still a draft; the OPCO cannot modify it.
    const m = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/demandes/${d.id}`,
      headers: h(entreprise),
      payload: plan((x) => (x.heures = 7)),
    });
    expect(m.statusCode).toBe(200);
    expect(m.json()).toMatchObject({ accepte: true, demande: { etat: 'brouillon' } });
    expect(m.json().demande.formulaire.heures).toBe(7);
    const mOpco = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/demandes/${d.id}`,
      headers: h(gestionnaireA),
      payload: plan(),
    });
    expect(mOpco.statusCode).toBe(403); // no right to deposit at all
    // A piece on the draft: the company's only while it is a draft.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');
    const joindre = (s: Session) =>
      p.app.inject({
        method: 'POST',
        url: `/api/v1/demandes/${d.id}/pieces?nature=convention_formation&nom=convention.pdf`,
        headers: h(s, { 'content-type': 'application/pdf' }),
        payload: pdf,
      });
    const j = await joindre(entreprise);
    expect(j.statusCode).toBe(201);
    expect(j.json().sha256).toBe(
      (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex'),
    );
    expect((await lire(gestionnaireA, `/api/v1/demandes/${d.id}/pieces`)).statusCode).toBe(403);
    const faux = await p.app.inject({
      method: 'POST',
      url: `/api/v1/demandes/${d.id}/pieces?nature=convention_formation&nom=faux.pdf`,
      headers: h(entreprise, { 'content-type': 'application/pdf' }),
      payload: Buffer.from('pas un PDF'),
    });
    expect(faux.statusCode).toBe(400);
    // Transmitted: instructed and engaged like a deposit, booked on the ledger (the funds
    // left in the section after the actions collectives: 1 250 €; 7 h asked: 770 €).
    const engageAvant = await solde(p.ctx.base.db, ENGAGE_PLAN);
    const t = await poster(entreprise, `/api/v1/demandes/${d.id}/transmission`, {});
    expect(t.statusCode).toBe(200);
    const td = t.json().demande;
    expect(td.decision?.raisons ?? []).toEqual([]);
    expect(td.etat).toBe('engage');
    expect(td.engagement.montantTotalCentimes).toBe(77_000);
    expect(await solde(p.ctx.base.db, ENGAGE_PLAN)).toBe(
      engageAvant + td.engagement.montantTotalCentimes,
    );
    const hist = (await lire(entreprise, `/api/v1/demandes/${d.id}/historique`)).json();
    expect(hist.evenements.map((e: { type: string }) => e.type)).toEqual([
      'cree',
      'modifie',
      'transmis',
      'complet',
      'instruit',
      'engage',
    ]);
    // Transmitted again: refused (a value), nothing written.
    const encore = await poster(entreprise, `/api/v1/demandes/${d.id}/transmission`, {});
    expect(encore.json().accepte).toBe(false);
    expect(encore.json().raisons[0].code).toBe('transition_interdite');
    // Now the OPCO reads it and its pieces; not another OPCO, not a national reader.
    expect((await lire(gestionnaireA, `/api/v1/demandes/${d.id}`)).statusCode).toBe(200);
    const pieces = await lire(gestionnaireA, `/api/v1/demandes/${d.id}/pieces`);
    expect(pieces.statusCode).toBe(200);
    expect(pieces.json().pieces.map((x: { nomFichier: string }) => x.nomFichier)).toEqual([
      'convention.pdf',
    ]);
    const contenu = await lire(
      gestionnaireA,
      `/api/v1/demandes/${d.id}/pieces/${j.json().id as string}`,
    );
    expect(contenu.rawPayload.equals(pdf)).toBe(true);
    for (const s of [gestionnaireB, national, autreEntreprise])
      expect((await lire(s, `/api/v1/demandes/${d.id}/pieces`)).statusCode).toBe(403);
    expect((await joindre(gestionnaireA)).statusCode).toBe(403);
    const audit = await listerAudit(p.ctx.base.db, 'toutes', 200);
    expect(
      audit.some(
        (l) =>
          l.action === 'demande.piece.joindre' &&
          l.ressource === `demande:${d.id}/piece:${j.json().id as string}`,
      ),
    ).toBe(true);
    transmise = td;
  });

  let transmise: { id: string; engagement: { montantTotalCentimes: number } } | null = null;

  it('solde sur le montant réalisé : au plus l’engagement, la différence libérée sur le grand livre et au journal ; refus : plus que l’engagé, mauvais état, autre OPCO', async () => {
    const d = transmise as NonNullable<typeof transmise>;
    const engage = d.engagement.montantTotalCentimes;
    const url = `/api/v1/demandes/${d.id}/solde`;
    expect((await poster(gestionnaireB, url, { montantRealise: 1 })).statusCode).toBe(403);
    expect((await poster(entreprise, url, { montantRealise: 1 })).statusCode).toBe(403);
    const trop = await poster(gestionnaireA, url, { montantRealise: engage / 100 + 0.01 });
    expect(trop.statusCode).toBe(200);
    expect(trop.json().accepte).toBe(false);
    expect(trop.json().raisons[0]).toMatchObject({
      code: 'demande.solde',
      articles: [expect.objectContaining({ article: 'R6332-25' })],
    });
    expect(trop.json().raisons[0].message).toContain('supérieur au montant engagé');
    expect(trop.json().demande.etat).toBe('engage');
    // Settlement rests on invoices: none yet → more than invoiced.
    const sansFacture = await poster(gestionnaireA, url, { montantRealise: 1 });
    expect(sansFacture.json().raisons[0].code).toBe('demande.facture');
    const lue = (await lire(entreprise, `/api/v1/demandes/${d.id}`)).json();
    const f = await poster(entreprise, `/api/v1/demandes/${d.id}/factures`, {
      numero: 'FD-2027-0042',
      siretEmetteur: lue.engagement.siretBeneficiaire,
      dateFacture: jourParis(new Date()),
      montantHT: (engage - 10_000) / 100,
      montantTTC: (engage - 10_000) / 100,
    });
    expect(f.json()).toMatchObject({ accepte: true, totalHtCentimes: engage - 10_000 });
    const dispoAvant = await solde(p.ctx.base.db, DISPO_PLAN);
    const engageAvant = await solde(p.ctx.base.db, ENGAGE_PLAN);
    const ok = await poster(gestionnaireA, url, {
      montantRealise: (engage - 10_000) / 100,
      motif: 'Certificat de réalisation : un stagiaire absent une journée',
    });
    expect(ok.json().accepte).toBe(true);
    expect(ok.json().demande).toMatchObject({
      etat: 'solde',
      solde: {
        montantRealiseCentimes: engage - 10_000,
        libereCentimes: 10_000,
        motif: 'Certificat de réalisation : un stagiaire absent une journée',
      },
      engagement: { montantTotalCentimes: engage - 10_000 },
    });
    // The difference released: back to the section's available funds.
    expect(await solde(p.ctx.base.db, DISPO_PLAN)).toBe(dispoAvant + 10_000);
    expect(await solde(p.ctx.base.db, ENGAGE_PLAN)).toBe(engageAvant - 10_000);
    const audit = await listerAudit(p.ctx.base.db, 'toutes', 200);
    expect(
      audit.some((l) => l.action === 'demande.solde' && l.ressource === `demande:${d.id}`),
    ).toBe(true);
    // Wrong state: settled already.
    const deux = await poster(gestionnaireA, url, { montantRealise: 1 });
    expect(deux.json().accepte).toBe(false);
    expect(deux.json().raisons[0].code).toBe('transition_interdite');
    expect(await solde(p.ctx.base.db, DISPO_PLAN)).toBe(dispoAvant + 10_000);
  });

  it('le grand livre reste équilibré', async () => {
    const v = await verifierGrandLivre(p.ctx.base.db);
    expect(v.anomalies).toEqual([]);
    expect(v.valide).toBe(true);
  });
});
