import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { trouverSource } from '../../src/import/sources.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import { baseDeTest, configDeTest, dossierDonnees, moteurDeTest } from '../aide/base.ts';

/** The read API over the samples of donnees/ (fictitious bodies, RNCP export format). */
describe(`API des référentiels de formation (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  let vide: Awaited<ReturnType<typeof baseDeTest>>;
  let app: AppZod;
  let appVide: AppZod;
  beforeAll(async () => {
    base = await baseDeTest();
    vide = await baseDeTest();
    for (const nom of ['organismes', 'organismes-uai', 'certifications', 'oppositions']) {
      // As at start-up: the repository's sample, loaded because nothing was imported, marked demo.
      const r = await trouverSource(nom)?.demarrage?.(base, progressionMuette, dossierDonnees);
      if (!Array.isArray(r) || r.length !== 1) throw new Error(`${nom} : ${String(r)}`);
    }
    const donnees = { dossier: dossierDonnees, manquants: [] };
    app = await construireApp({ base, config: configDeTest(), donnees });
    appVide = await construireApp({ base: vide, config: configDeTest(), donnees });
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await appVide.close();
    await base.fermer();
    await vide.fermer();
  });

  it('GET /api/v1/organismes/{siret} : NDA, UAI, certificats Qualiopi et état à la date', async () => {
    const r = await app.inject('/api/v1/organismes/90000001900019?date=2026-12-01');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      siret: '90000001900019',
      nda: '11755000175',
      uai: '0756000P',
      uais: ['0756000P', '0756001R'],
      raisonSociale: "CFA DEMONSTRATION DES METIERS DE L'INDUSTRIE",
      dateDeclaration: null,
      certificats: [
        { categories: ['action_formation', 'vae', 'apprentissage'], du: '2026-11-30', au: null },
      ],
      aLaDate: {
        date: '2026-12-01',
        categoriesCertifiees: ['action_formation', 'vae', 'apprentissage'],
        qualiopiApprentissage: true,
        etatQualiopiApprentissage: 'certifie',
        qualiopiObserveDepuis: '2026-11-30',
      },
      provenance: {
        source: 'organismes',
        millesime: '2026-11-30',
        importId: expect.any(Number),
        fichier: 'liste-publique-des-of-2026-11-30.csv',
        demo: true,
      },
    });
    // Formation continue only: not certified for apprenticeship.
    const of = (await app.inject('/api/v1/organismes/90000002700012?date=2026-12-01')).json();
    expect(of.aLaDate).toEqual({
      date: '2026-12-01',
      categoriesCertifiees: ['action_formation'],
      qualiopiApprentissage: false,
      etatQualiopiApprentissage: 'non_certifie',
      qualiopiObserveDepuis: '2026-11-30',
    });
    // Before the first extraction imported: unknown, not « not certified ».
    const avant = (await app.inject('/api/v1/organismes/90000001900019?date=2026-09-01')).json();
    expect(avant.aLaDate).toMatchObject({
      qualiopiApprentissage: false,
      etatQualiopiApprentissage: 'inconnu',
    });
  });

  it('GET /api/v1/certifications/{rncp} : niveau, dates, apprentissage, avec ou sans préfixe', async () => {
    const r = await app.inject('/api/v1/certifications/36989?date=2027-10-28');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      codeRncp: 'RNCP36989',
      intitule: 'Coordonnateur en prévention des risques',
      niveau: 6,
      actifDu: '2022-10-27',
      actifAu: '2027-10-27',
      ouverteApprentissage: true,
      // The day after the end of registration.
      aLaDate: { date: '2027-10-28', active: false, ouverteApprentissage: false },
      provenance: {
        source: 'certifications',
        millesime: '2026-11-30',
        importId: expect.any(Number),
        fichier: 'export_fiches_CSV_Standard_2026_11_30.csv',
        demo: true,
      },
    });
    const sans = (await app.inject('/api/v1/certifications/RNCP38512?date=2026-12-01')).json();
    expect(sans.aLaDate).toEqual({ date: '2026-12-01', active: true, ouverteApprentissage: false });
  });

  it('400 en nommant le champ en français, 404 pour un inconnu, 503 sans données', async () => {
    const siret = await app.inject('/api/v1/organismes/90000001900018');
    expect(siret.statusCode).toBe(400);
    expect(siret.headers['content-type']).toContain('application/problem+json');
    expect(siret.json().detail).toContain('SIRET');
    expect(siret.json().detail).toContain('clé de contrôle (Luhn) invalide');
    const rncp = await app.inject('/api/v1/certifications/RS5000');
    expect(rncp.statusCode).toBe(400);
    expect(rncp.json().detail).toContain('Code RNCP');
    const date = await app.inject('/api/v1/certifications/36989?date=2026-02-30');
    expect(date.statusCode).toBe(400);
    expect(date.json().detail).toContain('Date');

    const inconnu = await app.inject('/api/v1/organismes/73282932000074');
    expect(inconnu.statusCode).toBe(404);
    expect(inconnu.json()).toMatchObject({ code: 'ERR_RESSOURCE_INTROUVABLE' });
    expect((await app.inject('/api/v1/certifications/RNCP99999')).statusCode).toBe(404);

    const absent = await appVide.inject('/api/v1/certifications/36989');
    expect(absent.statusCode).toBe(503);
    expect(absent.json()).toMatchObject({ code: 'ERR_DONNEES_ABSENTES' });
    expect(absent.json().detail).toContain('« certifications »');
    expect((await appVide.inject('/api/v1/organismes/90000001900019')).statusCode).toBe(503);
  });
});
