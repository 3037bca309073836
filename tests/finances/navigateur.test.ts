import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enregistrerCoordonnees,
  importerDotations,
  noterHorsLivre,
  recevoirFacture,
  reserverEngagement,
} from '../../src/stockage/finances.depot.ts';
import { codeOpco } from '../aide/base.ts';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';
import { bicCfa, bicOpco, engagement, ibanCfa, ibanOpco, provenanceTest } from './aide.ts';

/** The comptable's and the CFA's money pages in Chromium at 390 px (dist/web must be built). */
describe('pages des finances (Chromium sans tête, 390 px)', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let navigateur: Browser;
  let url: string;
  let comptable: Awaited<ReturnType<typeof p.personne>>;
  let cfa: Awaited<ReturnType<typeof p.personne>>;
  let fc: Awaited<ReturnType<typeof p.personne>>;
  const opco = codeOpco('AKTO');
  const siret = completerCles('33445566', '0001');

  beforeAll(async () => {
    p = await plateformeDeTest();
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    const opcoOrg = await p.organisation('opco', { codeOpco: opco }, 'OPCO Test');
    const cfaOrg = await p.organisation('organisme_formation', { siret }, 'CFA Test');
    comptable = await p.personne('compta@opco.test', {
      organisationId: opcoOrg,
      role: 'opco_comptable',
    });
    cfa = await p.personne('cfa@cfa.test', { organisationId: cfaOrg, role: 'cfa_administrateur' });
    const fcOrg = await p.organisation('france_competences', {}, 'France compétences');
    fc = await p.personne('fc@fc.test', {
      organisationId: fcOrg,
      role: 'france_competences_lecteur',
    });
    const db = p.ctx.base.db;
    await importerDotations(
      db,
      [
        {
          opco,
          section: 'alternance',
          origine: 'mutualises',
          annee: 2026,
          montantCentimes: 2_000_000,
          reference: 'd',
          dateReference: '2025-11-27',
        },
      ],
      provenanceTest,
    );
    await enregistrerCoordonnees(db, opco, { nom: 'OPCO Test', iban: ibanOpco, bic: bicOpco });
    await enregistrerCoordonnees(db, siret, { nom: 'CFA Test', iban: ibanCfa, bic: bicCfa });
    await reserverEngagement(db, engagement('W1', 600_000, { opco, siretBeneficiaire: siret }), {
      delaiSoldeMois: 4,
    });
    await recevoirFacture(
      db,
      {
        opco,
        siretCfa: siret,
        referenceCfa: 'F1',
        dateFacture: '2026-02-02',
        lignes: [
          { dossierId: 'W1', numeroEcheance: 1, montantCentimes: 240_000 },
          { dossierId: 'W1', numeroEcheance: 2, montantCentimes: 999_999 },
        ],
      },
      'api',
    );
    // Two engagements the ledger did not book: one where the allocation has come since (it can be
    // booked: no dossier behind it here, the booking says why), one still without allocation.
    await db.transaction().execute(async (trx) => {
      await noterHorsLivre(
        trx,
        engagement('H1', 300_000, { opco, siretBeneficiaire: siret }),
        'engage',
        'aucune dotation (test)',
      );
      await noterHorsLivre(
        trx,
        engagement('H2', 100_000, { opco, siretBeneficiaire: siret, section: 'plan_moins_50' }),
        'engage',
        'aucune dotation en plan (test)',
      );
    });
    navigateur = await lancerNavigateur();
  }, 180_000);
  afterAll(async () => {
    await navigateur?.close();
    await p?.fermer();
  });

  async function connecter(courriel: string, motDePasse: string, espace: string) {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await seConnecter(page, url, courriel, motDePasse);
    // Signed in once the navigation offers the account page.
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Mon compte' })
      .waitFor();
    await page.goto(`${url}${espace}`);
    return page;
  }

  it('le comptable voit les budgets en graphique et en tableau, exécute un lot et voit son fichier, sans débordement', async () => {
    const page = await connecter('compta@opco.test', comptable.motDePasse, '/espace-opco');
    await page.getByRole('heading', { name: 'Budgets consommés' }).waitFor();
    await page.getByRole('img', { name: /Diagramme en barres empilées/ }).waitFor();
    // 20 000 € allocated, 6 000 € engaged of which 2 400 € invoiced.
    await page
      .getByRole('row')
      .filter({
        hasText: /^Alternance20\s000,00\s€14\s000,00\s€3\s600,00\s€2\s400,00\s€0,00\s€$/,
      })
      .waitFor();
    await page
      .getByText(
        /montant supérieur au dû : échéance 2 due 1\u202f800,00 €, facturé 9\u202f999,99 €/,
      )
      .waitFor();
    await page.getByLabel('Date d’exécution').fill('2026-03-01');
    await page.getByRole('button', { name: 'Exécuter le lot' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /1 paiement\(s\) pour 2\s400,00\s€/ })
      .waitFor();
    await page.getByRole('link', { name: 'pain.001 (XML)' }).waitFor();
    const largeur = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(largeur).toBeLessThanOrEqual(390);
  });

  it('le comptable calcule l’état d’appel de fonds, voit le refus chiffré, appelle, enregistre le versement, vérifie la péréquation', async () => {
    const page = await connecter('compta@opco.test', comptable.motDePasse, '/espace-opco');
    await page.getByRole('heading', { name: 'Appels de fonds à France compétences' }).waitFor();
    await page.getByLabel('Date de l’état').fill('2026-06-01');
    await page.getByRole('button', { name: 'Calculer l’état' }).click();
    // W1's advance (2 400 €) is paid and nothing received yet: treasury −2 400 €; 1 800 € due 08-01.
    await page
      .getByText(
        /Appel maximal : le plus petit du besoin net et du reste à verser, 4\u202f200,00 €/,
      )
      .waitFor();
    await page.getByLabel('Montant appelé (€)').fill('5000');
    await page.getByRole('button', { name: 'Appeler les fonds' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Appel de 5\u202f000,00 € refusé : il dépasse .* de 800,00 €/ })
      .waitFor();
    await page.getByLabel('Montant appelé (€)').fill('4200');
    await page.getByRole('button', { name: 'Appeler les fonds' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Appel n° \d+ accepté : 4\s200,00\s€/ })
      .waitFor();
    await page.getByLabel('Référence du versement reçu').fill('FC-2026-06');
    await page.getByLabel('Montant reçu (€)').fill('4200');
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Versement FC-2026-06 enregistré au grand livre' })
      .waitFor();
    await page.getByRole('region', { name: 'Fonds reçus de France compétences' }).waitFor();
    await page.getByLabel('Date du calcul').fill('2026-06-30');
    await page.getByRole('button', { name: 'Vérifier l’éligibilité' }).click();
    await page.getByRole('status').filter({ hasText: 'Non éligible' }).waitFor();
    await page.getByLabel('Année').fill('2026');
    expect(await page.getByRole('link', { name: 'ESF en XLSX' }).getAttribute('href')).toContain(
      '/esf?annee=2026&format=xlsx',
    );
    const largeur = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(largeur).toBeLessThanOrEqual(390);
  });

  it('le comptable voit les engagements non comptabilisés, leur motif, et tente de les comptabiliser', async () => {
    const page = await connecter('compta@opco.test', comptable.motDePasse, '/espace-opco');
    await page.getByRole('heading', { name: 'Engagements non comptabilisés' }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'H1 (version 1)' })
      .filter({ hasText: 'aucune dotation (test)' })
      .filter({ hasText: /3\s000,00\s€/ })
      .waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'H2 (version 1)' })
      .filter({ hasText: 'en attente de la dotation' })
      .waitFor();
    expect(
      await page.getByRole('button', { name: 'Comptabiliser le dossier H2, version 1' }).count(),
    ).toBe(0);
    await page.getByRole('button', { name: 'Comptabiliser le dossier H1, version 1' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText: /Dossier H1 non comptabilisé : l'engagement du dossier H1 est introuvable/,
      })
      .waitFor();
    await page
      .getByRole('link', { name: 'Exporter les engagements non comptabilisés en CSV' })
      .waitFor();
    const largeur = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(largeur).toBeLessThanOrEqual(390);
  });

  it('le CFA voit engagé, facturé, payé et la trésorerie attendue par mois', async () => {
    const page = await connecter('cfa@cfa.test', cfa.motDePasse, '/espace-cfa');
    await page.getByRole('heading', { name: `OPCO ${opco}` }).waitFor();
    await page
      .getByRole('img', { name: /Diagramme en barres : 3\s600,00\s€ attendus sur 3 mois/ })
      .waitFor();
    // Upload by the web page: F1 again is a duplicate, F2 matches the 2nd instalment (1 800 €).
    await page.getByLabel('Code de l’OPCO').fill(opco);
    await page.getByLabel('Fichier CSV').setInputFiles({
      name: 'factures.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros',
          `${siret},F1,2026-03-02,W1,2,1800.00`,
          `${siret},F2,2026-08-02,W1,2,1800.00`,
        ].join('\n'),
      ),
    });
    await page.getByRole('button', { name: 'Déposer' }).click();
    const bilan = page.getByRole('status').filter({ hasText: 'F2 : Acceptée' });
    await bilan.waitFor();
    expect(await bilan.textContent()).toContain('F1 : RefuséeLigne 1 (W1) : facture en double');
    expect(
      await page.getByRole('link', { name: 'Exporter les échéances en CSV' }).getAttribute('href'),
    ).toMatch(/^\/api\/v1\/finances\/cfa\/[^/]+\/export\?format=csv$/);

    // Certificates: a file with an unknown dossier on line 3 is refused whole, the line named.
    const certificats = page.getByLabel('Certificats de réalisation (CSV)');
    await certificats.setInputFiles({
      name: 'certificats.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('dossier,date_realisation\nW1,2026-12-31\nW9,2026-12-31\n'),
    });
    await page.getByRole('button', { name: 'Envoyer les certificats' }).click();
    const alerte = page.getByRole('alert').filter({ hasText: 'rien n’est enregistré' });
    await alerte.waitFor();
    expect(await alerte.textContent()).toContain('ligne 3 : dossier W9 inconnu ou sans engagement');
    await certificats.setInputFiles({
      name: 'certificats.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('dossier,date_realisation\nW1,2026-12-31\n'),
    });
    await page.getByRole('button', { name: 'Envoyer les certificats' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText: /1 certificat\(s\) enregistré\(s\).*Ligne 2 : dossier W1, réalisé le 31\/12\/2026/,
      })
      .waitFor();
    const largeur = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(largeur).toBeLessThanOrEqual(390);
  });

  it('France compétences voit l’utilisation de la dotation de chaque OPCO, en graphique et en tableau', async () => {
    const page = await connecter('fc@fc.test', fc.motDePasse, '/espace-national');
    await page.getByRole('heading', { level: 1, name: 'Espace France compétences' }).waitFor();
    await page.getByRole('heading', { name: 'Utilisation des dotations par OPCO' }).waitFor();
    // 20 000 € allocated, 6 000 € engaged (W1), 2 400 € paid by the comptable's run: 30 %.
    await page
      .getByRole('img', { name: /6\s000,00\s€ engagés sur 20\s000,00\s€ de dotations/ })
      .waitFor();
    await page
      .getByRole('row')
      .filter({
        hasText: new RegExp(
          `^${opco}Alternance202620\\s000,00\\s€6\\s000,00\\s€2\\s400,00\\s€30\\s%$`,
        ),
      })
      .waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Espace France compétences' })
        .getAttribute('aria-current'),
    ).toBe('page');
    const largeur = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(largeur).toBeLessThanOrEqual(390);
  });
});
