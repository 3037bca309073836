import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categoriesCertifieesAu,
  certificationActiveAu,
  certificationOuverteApprentissageAu,
  oppositionEnVigueur,
  qualiopiApprentissageAu,
} from '../../src/domaine/referentiels-formation/index.ts';
import { importerCertifications } from '../../src/import/referentiels-formation/certifications.importer.ts';
import { importerOppositions } from '../../src/import/referentiels-formation/oppositions.importer.ts';
import { importerOrganismes } from '../../src/import/referentiels-formation/organismes.importer.ts';
import { importerUaiOrganismes } from '../../src/import/referentiels-formation/uai.importer.ts';
import type { ResultatImport } from '../../src/import/provenance.ts';
import { trouverSource } from '../../src/import/sources.ts';
import { ErreurOpco } from '../../src/partage/erreurs.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import {
  chargerReferentielsFormation,
  lireCertification,
  lireOppositions,
  lireOrganisme,
  lireOrganismeParUai,
} from '../../src/stockage/referentiels-formation.depot.ts';
import { baseDeTest, dossierDonnees, moteurDeTest } from '../aide/base.ts';

const liste = path.join(dossierDonnees, 'liste-publique-des-of-2026-11-30.csv');
const standard = path.join(dossierDonnees, 'export_fiches_CSV_Standard_2026_11_30.csv');
const oppositions = path.join(dossierDonnees, 'oppositions-employeurs-2026-11-30.csv');
const uais = path.join(dossierDonnees, 'organismes-uai-2026-11-30.csv');

// SIRET of the sample (donnees/liste-publique-des-of-2026-11-30.csv, fictitious bodies).
const CFA_INDUSTRIE = '90000001900019'; // formation, VAE, apprentissage
const OF_CONTINUE = '90000002700012'; // formation only
const CFA_SANTE = '90000003500015'; // apprentissage only (other columns empty)
const ATELIER = '90000004300019'; // declared, no certification
const CFA_BATIMENT = '90000006800016'; // formation, apprentissage

/** Error of an import: its code, line and message. */
async function erreurDe(p: Promise<unknown>): Promise<ErreurOpco> {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ErreurOpco);
  return e as ErreurOpco;
}

describe(`référentiels de formation : imports (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  const tmp = mkdtempSync(path.join(tmpdir(), 'opco-referentiels-'));
  beforeAll(async () => {
    base = await baseDeTest();
  }, 600_000);
  afterAll(async () => {
    await base.fermer();
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('organismes de formation (liste publique DGEFP)', () => {
    it('importe l’extraction du 2026-11-30 : 7 lignes, 6 organismes (la ligne sans SIRET est comptée à part)', async () => {
      const r = await importerOrganismes(base, liste, progressionMuette);
      expect(r).toMatchObject({
        source: 'organismes',
        statut: 'importe',
        millesime: '2026-11-30',
        lignesLues: 7,
        lignesEcrites: 6,
      });
      const meta = await base.db
        .selectFrom('import_meta')
        .select(['details', 'fichier'])
        .where('id', '=', r.importId)
        .executeTakeFirstOrThrow();
      expect(meta.fichier).toBe('liste-publique-des-of-2026-11-30.csv');
      // Periods opened: industrie 3, continue 1, santé 1, bilans 2 (bilan, VAE), bâtiment 2 = 9.
      expect(meta.details).toMatchObject({
        dateExtraction: '2026-11-30',
        lignesSansSiret: 1,
        periodesQualiopiOuvertes: 9,
        periodesQualiopiCloses: 0,
        certifiesApprentissage: 3,
      });
      const o = await lireOrganisme(base.db, CFA_INDUSTRIE);
      expect(o).toEqual({
        siret: CFA_INDUSTRIE,
        nda: '11755000175',
        uai: null,
        raisonSociale: "CFA DEMONSTRATION DES METIERS DE L'INDUSTRIE",
        dateDeclaration: null,
        certificats: [
          { categories: ['action_formation', 'vae', 'apprentissage'], du: '2026-11-30', au: null },
        ],
        provenance: { source: 'organismes', millesime: '2026-11-30', importId: r.importId },
      });
      expect(qualiopiApprentissageAu(o!, '2026-11-30')).not.toBeNull();
      // Before the first snapshot nothing is known: not certified as far as the data goes.
      expect(qualiopiApprentissageAu(o!, '2026-11-29')).toBeNull();
      const continue_ = await lireOrganisme(base.db, OF_CONTINUE);
      expect(categoriesCertifieesAu(continue_!, '2026-12-15')).toEqual(['action_formation']);
      expect(qualiopiApprentissageAu(continue_!, '2026-12-15')).toBeNull();
      expect((await lireOrganisme(base.db, ATELIER))?.certificats).toEqual([]);
    });

    it('est idempotent : le même fichier une seconde fois ne change rien', async () => {
      const avant = await base.db.selectFrom('import_meta').select(['id']).execute();
      const lignesAvant = await base.db.selectFrom('organisme_qualiopi').selectAll().execute();
      const r = await importerOrganismes(base, liste, progressionMuette);
      expect(r.statut).toBe('deja_importe');
      expect(await base.db.selectFrom('import_meta').select(['id']).execute()).toEqual(avant);
      expect(await base.db.selectFrom('organisme_qualiopi').selectAll().execute()).toEqual(
        lignesAvant,
      );
    });

    it('refuse une ligne mal formée en la nommant, sans rien écrire', async () => {
      const lignes = readFileSync(liste, 'utf8').split('\n');
      const n = lignes.findIndex((l) => l.includes(OF_CONTINUE));
      lignes[n] = lignes[n]!.replace(';true;false;false;false;', ';oui;false;false;false;');
      const mauvais = path.join(tmp, 'liste-publique-des-of-2026-12-05.csv');
      writeFileSync(mauvais, lignes.join('\n'));
      const avant = await base.db.selectFrom('organisme_formation').selectAll().execute();
      const e = await erreurDe(importerOrganismes(base, mauvais, progressionMuette));
      expect(e.code).toBe('ERR_IMPORT_FICHIER_INVALIDE');
      expect(e.info.ligne).toBe(n + 1);
      expect(e.message).toContain('colonne certifications.actionsDeFormation : « oui »');
      expect(await base.db.selectFrom('organisme_formation').selectAll().execute()).toEqual(avant);
    });

    it('refuse un fichier sans date d’extraction dans son nom, ou plus ancien que le dernier importé', async () => {
      const sansDate = path.join(tmp, 'liste-publique-des-of.csv');
      copyFileSync(liste, sansDate);
      writeFileSync(sansDate, readFileSync(liste, 'utf8') + '\n');
      expect(
        (await erreurDe(importerOrganismes(base, sansDate, progressionMuette))).message,
      ).toMatch(/date d’extraction introuvable/);
      const ancien = path.join(tmp, 'liste-publique-des-of-2026-11-01.csv');
      writeFileSync(ancien, readFileSync(liste, 'utf8') + '\n');
      expect((await erreurDe(importerOrganismes(base, ancien, progressionMuette))).message).toMatch(
        /extraction du 2026-11-01 antérieure ou égale à la dernière importée \(2026-11-30\)/,
      );
    });

    it('une extraction suivante prolonge, ouvre et clôt les périodes Qualiopi', async () => {
      const lignes = readFileSync(liste, 'utf8').split('\n');
      const i = (siret: string) => lignes.findIndex((l) => l.includes(siret));
      // Santé loses apprenticeship; the atelier is certified for formation; bâtiment disappears.
      lignes[i(CFA_SANTE)] = lignes[i(CFA_SANTE)]!.replace(';;;;true;', ';;;;false;');
      lignes[i(ATELIER)] = lignes[i(ATELIER)]!.replace(
        ';false;false;false;false;',
        ';true;false;false;false;',
      );
      lignes.splice(i(CFA_BATIMENT), 1);
      const suivant = path.join(tmp, 'liste-publique-des-of-2026-12-01.csv');
      writeFileSync(suivant, lignes.join('\n'));
      const r = await importerOrganismes(base, suivant, progressionMuette);
      expect(r).toMatchObject({ statut: 'importe', millesime: '2026-12-01', lignesEcrites: 5 });
      const sante = await lireOrganisme(base.db, CFA_SANTE);
      // Last seen certified on 2026-11-30: the period ends that day.
      expect(sante?.certificats).toEqual([
        { categories: ['apprentissage'], du: '2026-11-30', au: '2026-11-30' },
      ]);
      expect(qualiopiApprentissageAu(sante!, '2026-11-30')).not.toBeNull();
      expect(qualiopiApprentissageAu(sante!, '2026-12-01')).toBeNull();
      expect((await lireOrganisme(base.db, ATELIER))?.certificats).toEqual([
        { categories: ['action_formation'], du: '2026-12-01', au: null },
      ]);
      // Absent from the new snapshot: kept, its periods closed on the last day it was seen.
      const batiment = await lireOrganisme(base.db, CFA_BATIMENT);
      expect(batiment?.provenance.millesime).toBe('2026-11-30');
      expect(batiment?.certificats).toEqual([
        { categories: ['action_formation', 'apprentissage'], du: '2026-11-30', au: '2026-11-30' },
      ]);
      // Still certified: the period stays open, seen on 2026-12-01.
      expect((await lireOrganisme(base.db, CFA_INDUSTRIE))?.certificats[0]).toEqual({
        categories: ['action_formation', 'vae', 'apprentissage'],
        du: '2026-11-30',
        au: null,
      });
      // The repository's sample again (as at every start-up): already imported, nothing undone.
      expect((await importerOrganismes(base, liste, progressionMuette)).statut).toBe(
        'deja_importe',
      );
      expect((await lireOrganisme(base.db, ATELIER))?.certificats).toHaveLength(1);
    });

    it('associe les UAI du fichier de correspondance (un SIRET peut en avoir plusieurs)', async () => {
      const r = await importerUaiOrganismes(base, uais, progressionMuette);
      expect(r).toMatchObject({ source: 'organismes-uai', lignesLues: 4, lignesEcrites: 4 });
      expect((await lireOrganisme(base.db, CFA_INDUSTRIE))?.uai).toBe('0756000P');
      expect((await lireOrganismeParUai(base.db, '0756001r'))?.siret).toBe(CFA_INDUSTRIE);
      expect(await lireOrganismeParUai(base.db, '0000000A')).toBeNull();
      const mal = path.join(tmp, 'uai.csv');
      writeFileSync(mal, 'siret,uai\n90000001900019,0756000P\n90000002700012,0756000P\n');
      const e = await erreurDe(importerUaiOrganismes(base, mal, progressionMuette));
      expect(e.message).toBe(
        `Fichier ${mal}, ligne 3 : UAI 0756000P déjà associé au SIRET 90000001900019`,
      );
    });
  });

  describe('certifications (RNCP, France compétences)', () => {
    it('importe les fiches et l’ouverture à l’apprentissage lue dans les voies d’accès', async () => {
      const r = await importerCertifications(base, standard, progressionMuette);
      // 7 fiches + 15 voies d'accès read, 7 written.
      expect(r).toMatchObject({
        source: 'certifications',
        statut: 'importe',
        millesime: '2026-11-30',
        lignesLues: 22,
        lignesEcrites: 7,
      });
      const c = await lireCertification(base.db, '36989');
      expect(c).toEqual({
        codeRncp: 'RNCP36989',
        intitule: 'Coordonnateur en prévention des risques',
        niveau: 6,
        actifDu: '2022-10-27',
        actifAu: '2027-10-27',
        ouverteApprentissage: true,
        typeEnregistrement: 'Enregistrement sur demande',
        provenance: { source: 'certifications', millesime: '2026-11-30', importId: r.importId },
      });
      expect(certificationActiveAu(c!, '2027-10-27')).toBe(true);
      expect(certificationActiveAu(c!, '2027-10-28')).toBe(false);
      expect(certificationActiveAu(c!, '2022-10-26')).toBe(false);
      // « Enregistrement de droit » without end date: from Date_Effet, open-ended.
      expect(await lireCertification(base.db, 'RNCP37239')).toMatchObject({
        niveau: 4,
        actifDu: '2023-09-01',
        actifAu: null,
        ouverteApprentissage: true,
      });
      // INACTIVE without end date: ended at the latest the day before the extract.
      expect(await lireCertification(base.db, 'RNCP1006')).toMatchObject({
        actifDu: '2006-06-21',
        actifAu: '2026-11-29',
      });
      // INACTIVE with an end date before the extract: that date.
      expect(await lireCertification(base.db, 'RNCP955')).toMatchObject({
        actifAu: '2026-03-02',
      });
      // Active, no apprenticeship route (continuing education and VAE only).
      const sansApprentissage = await lireCertification(base.db, 'RNCP38512');
      expect(sansApprentissage).toMatchObject({ niveau: 5, ouverteApprentissage: false });
      expect(certificationOuverteApprentissageAu(sansApprentissage!, '2026-12-01')).toBe(false);
      expect(await lireCertification(base.db, 'RNCP99999')).toBeNull();
      expect((await importerCertifications(base, standard, progressionMuette)).statut).toBe(
        'deja_importe',
      );
    });

    it('exige le fichier des voies d’accès et nomme la ligne d’un niveau inconnu', async () => {
      const seul = path.join(tmp, 'export_fiches_CSV_Standard_2026_12_01.csv');
      const lignes = readFileSync(standard, 'utf8').split('\n');
      writeFileSync(seul, lignes.join('\n'));
      expect(
        (await erreurDe(importerCertifications(base, seul, progressionMuette))).message,
      ).toContain('export_fiches_CSV_VoixAcces_2026_12_01.csv introuvable');
      copyFileSync(
        path.join(dossierDonnees, 'export_fiches_CSV_VoixAcces_2026_11_30.csv'),
        path.join(tmp, 'export_fiches_CSV_VoixAcces_2026_12_01.csv'),
      );
      lignes[3] = lignes[3]!.replace(';NIV3;', ';NIVEAU III;');
      writeFileSync(seul, lignes.join('\n'));
      const e = await erreurDe(importerCertifications(base, seul, progressionMuette));
      expect(e.message).toBe(
        `Fichier ${seul}, ligne 4 : colonne Nomenclature_Europe_Niveau : « NIVEAU III » au lieu de NIV1 à NIV8 ou vide`,
      );
      expect((await lireCertification(base.db, 'RNCP1002'))?.niveau).toBe(3);
    });
  });

  describe('employeurs sous opposition ou interdiction (format du dépôt)', () => {
    it('importe la liste et dit ce qui est en vigueur à une date', async () => {
      const r = await importerOppositions(base, oppositions, progressionMuette);
      expect(r).toMatchObject({ source: 'oppositions', lignesLues: 2, lignesEcrites: 2 });
      const opp = await lireOppositions(base.db, '90000007600019');
      expect(opp).toEqual([
        {
          siret: '90000007600019',
          nature: 'opposition',
          du: '2026-03-02',
          au: null,
          reference: 'DREETS Île-de-France, décision 2026-OPP-0042 (démonstration)',
          provenance: { source: 'oppositions', millesime: '2026-11-30', importId: r.importId },
        },
      ]);
      expect(oppositionEnVigueur(opp, '2026-03-01')).toBeNull();
      expect(oppositionEnVigueur(opp, '2026-03-02')?.nature).toBe('opposition');
      const suspension = await lireOppositions(base.db, ATELIER);
      expect(oppositionEnVigueur(suspension, '2026-08-14')?.nature).toBe('suspension');
      expect(oppositionEnVigueur(suspension, '2026-08-15')).toBeNull();
      expect(await lireOppositions(base.db, CFA_INDUSTRIE)).toEqual([]);
    });

    it('refuse une date mal formée ou une fin avant le début, en nommant la ligne', async () => {
      const f = path.join(tmp, 'oppositions.csv');
      writeFileSync(
        f,
        'siret;nature;du;au;reference\n90000007600019;opposition;2026-03-02;;A\n90000002700012;interdiction;02/03/2026;;B\n',
      );
      expect((await erreurDe(importerOppositions(base, f, progressionMuette))).message).toBe(
        `Fichier ${f}, ligne 3 : colonne du : « 02/03/2026 » n’est pas une date AAAA-MM-JJ`,
      );
      writeFileSync(
        f,
        'siret;nature;du;au;reference\n90000002700012;interdiction;2026-03-02;2026-03-01;B\n',
      );
      expect((await erreurDe(importerOppositions(base, f, progressionMuette))).message).toMatch(
        /ligne 2 : colonne au : fin \(2026-03-01\) antérieure au début \(2026-03-02\)/,
      );
      expect(await lireOppositions(base.db, '90000007600019')).toHaveLength(1);
    });
  });

  describe('chargeur en mémoire du port SourceReferentielsFormation', () => {
    it('charge tout pour l’instruction en masse, ou seulement les clés d’un dossier', async () => {
      const source = await chargerReferentielsFormation(base.db);
      // 6 bodies (bâtiment kept), 4 UAI, 7 certifications, 2 employers.
      expect(source.tailles).toEqual({
        organismes: 6,
        uai: 4,
        certifications: 7,
        employeursSousOpposition: 2,
      });
      // First extraction imported in this base: 2026-11-30 (then 2026-12-01).
      expect(source.qualiopiObserveDepuis).toBe('2026-11-30');
      expect(source.organismeParUai('0336000T')?.siret).toBe(CFA_SANTE);
      expect(source.organismeParSiret(CFA_INDUSTRIE)?.uai).toBe('0756000P');
      expect(source.certification('RNCP36989')?.ouverteApprentissage).toBe(true);
      expect(source.oppositions(ATELIER)).toHaveLength(1);
      expect(source.oppositions(CFA_INDUSTRIE)).toEqual([]);

      const un = await chargerReferentielsFormation(base.db, {
        uais: ['0756001R'],
        codesRncp: ['36989'],
        employeurs: [ATELIER],
      });
      expect(un.tailles).toEqual({
        organismes: 1,
        uai: 2,
        certifications: 1,
        employeursSousOpposition: 1,
      });
      expect(un.organismeParUai('0756001R')?.siret).toBe(CFA_INDUSTRIE);
      expect(un.organismeParSiret(OF_CONTINUE)).toBeNull();
      expect(un.certification('RNCP36989')?.niveau).toBe(6);

      // A large batch: keys queried by lots (PostgreSQL caps the parameters of one statement).
      const nombreux = Array.from({ length: 12_000 }, (_, i) => String(10_000_000_000_000 + i));
      const lot = await chargerReferentielsFormation(base.db, {
        sirets: [...nombreux, CFA_SANTE],
        codesRncp: [...nombreux.map((_, i) => `RNCP${800_000 + i}`), 'RNCP1002'],
        employeurs: [...nombreux, '90000007600019'],
      });
      expect(lot.tailles).toEqual({
        organismes: 1,
        uai: 1,
        certifications: 1,
        employeursSousOpposition: 1,
      });
    });
  });

  it('enregistre les quatre sources dans le registre de opco import', () => {
    for (const nom of ['organismes', 'organismes-uai', 'certifications', 'oppositions'])
      expect(trouverSource(nom)?.fichierReference, nom).toBeTruthy();
  });

  describe('échantillon du dépôt au démarrage', () => {
    it('chargé marqué démo tant que rien n’est importé, puis remplacé par la première extraction officielle', async () => {
      const b = await baseDeTest();
      try {
        const demarrer = trouverSource('organismes')?.demarrage;
        if (!demarrer) throw new Error('organismes sans chargement au démarrage');
        const [r] = (await demarrer(b, progressionMuette, dossierDonnees)) as ResultatImport[];
        expect(r).toMatchObject({ statut: 'importe', millesime: '2026-11-30' });
        const meta = await b.db
          .selectFrom('import_meta')
          .select('details')
          .where('id', '=', r!.importId)
          .executeTakeFirstOrThrow();
        expect(meta.details).toMatchObject({ demo: true });
        // An official extraction OLDER than the sample: accepted, and the sample is purged.
        const officiel = path.join(tmp, 'liste-publique-des-of-2026-10-01.csv');
        writeFileSync(
          officiel,
          readFileSync(liste, 'utf8')
            .split('\n')
            .filter((l, i) => i === 0 || l.includes(OF_CONTINUE))
            .join('\n'),
        );
        const o = await importerOrganismes(b, officiel, progressionMuette);
        expect(o).toMatchObject({ statut: 'importe', millesime: '2026-10-01', lignesEcrites: 1 });
        expect(await lireOrganisme(b.db, CFA_INDUSTRIE)).toBeNull();
        expect((await lireOrganisme(b.db, OF_CONTINUE))?.certificats).toEqual([
          { categories: ['action_formation'], du: '2026-10-01', au: null },
        ]);
        // A header whose case changed (« certifications.vae ») and quoted: read the same.
        const casse = path.join(tmp, 'liste-publique-des-of-2026-10-02.csv');
        const [entete, ...corps] = readFileSync(officiel, 'utf8').split('\n');
        writeFileSync(
          casse,
          [
            entete!
              .split(';')
              .map((c) => `"${c.replace('certifications.VAE', 'certifications.vae')}"`)
              .join(';'),
            ...corps,
          ].join('\n'),
        );
        expect(await importerOrganismes(b, casse, progressionMuette)).toMatchObject({
          statut: 'importe',
          lignesEcrites: 1,
        });
        // Next start-up: the source was imported, the sample is not loaded again.
        expect(await demarrer(b, progressionMuette, dossierDonnees)).toEqual([]);
        expect(await lireOrganisme(b.db, CFA_INDUSTRIE)).toBeNull();
        // Never the fictitious oppositions over an official list.
        const liste2 = path.join(tmp, 'oppositions-officielles.csv');
        writeFileSync(liste2, 'siret;nature;du;au;reference\n');
        await importerOppositions(b, liste2, progressionMuette);
        expect(
          await trouverSource('oppositions')?.demarrage?.(b, progressionMuette, dossierDonnees),
        ).toEqual([]);
        expect(await b.db.selectFrom('opposition_employeur').selectAll().execute()).toEqual([]);
      } finally {
        await b.fermer();
      }
    }, 600_000);
  });
});
