import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listerAudit } from '../../src/stockage/audit.depot.ts';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';
import { fa13Saisi } from './aide.ts';

/**
 * Pièces jointes of a dossier through the API: upload (PDF, PNG, JPEG, 10 Mio, content checked
 * against the declared type), SHA-256 recorded and on the audit trail, download byte for byte,
 * and who may read or add them (company, CFA on mandate, staff of the dossier's OPCO; not
 * another company, another OPCO, nor national readers).
 */
describe('pièces jointes des dossiers', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  const siretEmployeur = completerCles('12345678', '0001');
  const siretCfa = completerCles('98765432', '0001');
  type Session = Awaited<ReturnType<typeof p.personne>>;
  let entreprise: Session;
  let autreEntreprise: Session;
  let cfa: Session;
  let gestionnaireA: Session;
  let gestionnaireB: Session;
  let national: Session;
  let id = '';

  const h = (s: Session, extra: Record<string, string> = {}) => ({
    cookie: s.cookie,
    'x-csrf-token': s.csrf,
    ...extra,
  });
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n', 'latin1');
  const joindre = (
    s: Session,
    corps: Buffer,
    type: string,
    q = 'nature=contrat_signe&nom=contrat.pdf',
  ) =>
    p.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/pieces?${q}`,
      headers: h(s, { 'content-type': type }),
      payload: corps,
    });

  beforeAll(async () => {
    p = await plateformeDeTest();
    const e = await p.organisation('entreprise', { siret: siretEmployeur }, 'Boulangerie Martin');
    const e2 = await p.organisation('entreprise', { siret: completerCles('55555555', '0001') });
    const c = await p.organisation('organisme_formation', { siret: siretCfa }, 'CFA');
    const oa = await p.organisation('opco', { codeOpco: '03' }, 'OPCO A');
    const ob = await p.organisation('opco', { codeOpco: '05' }, 'OPCO B');
    const fc = await p.organisation('france_competences', {}, 'France compétences');
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
  }, 300_000);
  afterAll(async () => p?.fermer());

  it('joindre un PDF : 201, empreinte SHA-256, au journal d’audit, relu octet pour octet', async () => {
    const r = await joindre(entreprise, pdf, 'application/pdf');
    expect(r.statusCode).toBe(201);
    const piece = r.json<{ id: string; sha256: string; taille: number; libelleNature: string }>();
    const attendu = createHash('sha256').update(pdf).digest('hex');
    expect(piece.sha256).toBe(attendu);
    expect(piece.taille).toBe(pdf.length);
    expect(piece.libelleNature).toBe('Contrat signé (CERFA signé par les parties)');

    const liste = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/pieces`,
      headers: h(gestionnaireA),
    });
    expect(liste.statusCode).toBe(200);
    expect(liste.json<{ pieces: { id: string; nomFichier: string }[] }>().pieces).toEqual([
      expect.objectContaining({ id: piece.id, nomFichier: 'contrat.pdf' }),
    ]);

    const dl = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/pieces/${piece.id}`,
      headers: h(cfa),
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers.etag).toBe(`"${attendu}"`);
    expect(dl.headers['content-disposition']).toContain('filename="contrat.pdf"');
    expect(Buffer.compare(dl.rawPayload, pdf)).toBe(0);

    const audit = await listerAudit(p.ctx.base.db, 'toutes', 50);
    const ligne = audit.find((l) => l.ressource === `dossier:${id}/piece:${piece.id}`);
    expect(ligne?.action).toBe('dossier.piece.joindre');
    expect(ligne?.compteId).toBe(entreprise.compteId);
  });

  it('le CFA du dossier joint une image PNG ; une image JPEG de l’entreprise', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await joindre(
      cfa,
      png,
      'image/png',
      'nature=convention_formation&nom=convention.png',
    );
    expect(r.statusCode).toBe(201);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    expect(
      (await joindre(entreprise, jpeg, 'image/jpeg', 'nature=autre&nom=photo.jpg')).statusCode,
    ).toBe(201);
  });

  it('refus : type non accepté (415), contenu qui ne correspond pas au type, trop gros (413), nature inconnue', async () => {
    const zip = await joindre(entreprise, Buffer.from('PK\u0003\u0004'), 'application/zip');
    expect(zip.statusCode).toBe(415);
    expect(zip.json<{ code: string }>().code).toBe('ERR_TYPE_MEDIA');
    const faux = await joindre(entreprise, Buffer.from('<html>'), 'application/pdf');
    expect(faux.statusCode).toBe(400);
    expect(faux.json<{ detail: string }>().detail).toContain(
      'n’est pas un fichier application/pdf',
    );
    const gros = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const r413 = await joindre(entreprise, gros, 'application/pdf');
    expect(r413.statusCode).toBe(413);
    expect(r413.json<{ code: string }>().code).toBe('ERR_CORPS_TROP_GRAND');
    const nature = await joindre(entreprise, pdf, 'application/pdf', 'nature=photo&nom=a.pdf');
    expect(nature.statusCode).toBe(400);
    expect(nature.json<{ detail: string }>().detail).toContain('Nature de la pièce jointe');
    const nom = await joindre(entreprise, pdf, 'application/pdf', 'nature=autre&nom=..%2Fetc');
    expect(nom.statusCode).toBe(400);
  });

  it('accès : ni une autre entreprise, ni un autre OPCO, ni un lecteur national ; l’OPCO ne dépose pas', async () => {
    const liste = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/pieces`,
      headers: h(entreprise),
    });
    const [premiere] = liste.json<{ pieces: { id: string }[] }>().pieces;
    for (const s of [autreEntreprise, gestionnaireB, national]) {
      const l = await p.app.inject({
        method: 'GET',
        url: `/api/v1/dossiers/${id}/pieces`,
        headers: h(s),
      });
      expect(l.statusCode).toBe(403);
      const dl = await p.app.inject({
        method: 'GET',
        url: `/api/v1/dossiers/${id}/pieces/${premiere?.id}`,
        headers: h(s),
      });
      expect(dl.statusCode).toBe(403);
      expect(dl.body).not.toContain('%PDF');
    }
    for (const s of [autreEntreprise, gestionnaireA, gestionnaireB, national])
      expect((await joindre(s, pdf, 'application/pdf')).statusCode).toBe(403);
    const inconnu = await p.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${id}/pieces/inconnue`,
      headers: h(entreprise),
    });
    expect(inconnu.statusCode).toBe(404);
  });
});
