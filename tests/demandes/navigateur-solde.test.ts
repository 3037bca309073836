import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jourParis } from '../../src/api/dossiers/service.ts';
import { importerDotations } from '../../src/stockage/finances.depot.ts';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { completerCles, plateformeDeTest, type Session } from '../comptes/aide.ts';
import { planSaisi } from './aide.ts';
import { preparerReferentiels } from './referentiels.ts';

/**
 * In Chromium at 1 280 and 390 px, on one request's page: the company modifies its engaged
 * request (avenant 2 310 € → 1 540 €, the difference explained), records an invoice (1 000 € HT)
 * and sees a duplicate refused; the OPCO's gestionnaire settles on the invoices (1 000 €
 * realised, 540 € released). Real values asserted; no horizontal scroll.
 */
describe('fiche d’une demande : modification et solde sur factures (Chromium sans tête)', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let navigateur: Browser;
  let url: string;
  const siret = completerCles('12345678', '0001');
  const siretOrganisme = completerCles('98765432', '0001');
  let membre: Session & { motDePasse: string };
  let gestionnaire: Session & { motDePasse: string };

  beforeAll(async () => {
    p = await plateformeDeTest();
    await preparerReferentiels(p.ctx.base);
    const annee = jourParis(new Date()).slice(0, 4);
    await importerDotations(
      p.ctx.base.db,
      [
        {
          opco: '03',
          section: 'plan_moins_50',
          origine: 'mutualises',
          annee: Number(annee),
          montantCentimes: 1_000_000,
          reference: 'FC-TEST-PDC',
          dateReference: `${annee}-01-15`,
        },
      ],
      { fichier: 'test', empreinte: 'test' },
    );
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    const e = await p.organisation('entreprise', { siret }, 'Bureau Martin');
    const o = await p.organisation('opco', { codeOpco: '03' }, 'Atlas');
    membre = await p.personne('m@test.fr', { organisationId: e, role: 'entreprise_membre' });
    gestionnaire = await p.personne('g@test.fr', {
      organisationId: o,
      role: 'opco_gestionnaire',
    });
    navigateur = await lancerNavigateur();
  }, 180_000);
  afterAll(async () => {
    await navigateur?.close();
    await p?.fermer();
  });

  async function deposer(intitule: string): Promise<string> {
    const x = planSaisi();
    x.entreprise.siret = siret;
    x.action.organismeSiret = siretOrganisme;
    x.action.intitule = intitule;
    x.dateDebut = '2027-01-11';
    x.dateFin = '2027-01-13';
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/demandes',
      headers: { cookie: membre.cookie, 'x-csrf-token': membre.csrf },
      payload: x,
    });
    expect(r.json().engagement.montantTotalCentimes).toBe(231_000);
    return r.json().id as string;
  }
  const sansDefilement = async (page: Page, largeur: number) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      largeur,
    );

  for (const largeur of [1280, 390])
    it(`à ${largeur} px : avenant, facture, doublon refusé, solde sur factures`, async () => {
      const id = await deposer(`Excel avancé ${largeur}`);
      const viewport = { width: largeur, height: 900 };
      const c1 = await navigateur.newContext({ viewport });
      const page = await c1.newPage();
      await seConnecter(page, url, 'm@test.fr', membre.motDePasse);
      await page.getByRole('link', { name: 'Mon compte' }).waitFor();
      await page.goto(`${url}/demandes/${id}`);
      await page.getByText(/Montant pris en charge : 2\s310,00\s€/).waitFor();
      await page.getByText('Modifier la demande').click();
      await page.getByLabel('Durée par stagiaire (heures)', { exact: true }).fill('14');
      await page.getByLabel('Motif de la modification').fill('Deux jours au lieu de trois');
      await sansDefilement(page, largeur);
      await page.getByRole('button', { name: 'Enregistrer la modification' }).click();
      await page
        .getByText(/Avenant enregistré\. Engagement porté de 2310,00 € à 1540,00 € \(−770,00 €\)/)
        .waitFor();
      await page.getByText(/Montant pris en charge : 1\s540,00\s€/).waitFor();
      await page.getByRole('heading', { name: 'Modifications' }).waitFor();
      // The invoice: the training body's, 1 000 € HT, 1 200 € TTC.
      const aujourdhui = jourParis(new Date());
      await page.getByLabel('Numéro de la facture').fill(`F-${largeur}-1`);
      expect(await page.getByLabel(/SIRET de l'émetteur/).inputValue()).toBe(siretOrganisme);
      await page.getByLabel('Date de la facture').fill(aujourdhui);
      await page.getByLabel('Montant HT (€)').fill('1000');
      await page.getByLabel('Montant TTC (€)').fill('1200');
      await page.getByRole('button', { name: 'Déposer la facture' }).click();
      await page.getByText(/Total facturé : 1\s000,00\s€ HT sur 1\s540,00\s€ engagés/).waitFor();
      const table = page.getByRole('table', { name: 'Factures reçues' });
      await table.getByText(`F-${largeur}-1`).waitFor();
      await table.getByText(/1\s200,00\s€/).waitFor();
      // The same number again: refused, cited.
      await page.getByLabel('Numéro de la facture').fill(`F-${largeur}-1`);
      await page.getByLabel('Montant HT (€)').fill('10');
      await page.getByRole('button', { name: 'Déposer la facture' }).click();
      await page
        .getByRole('alert')
        .getByText(/déjà reçue.*\(R6332-25\)/)
        .waitFor();
      await sansDefilement(page, largeur);
      await c1.close();
      // The OPCO's gestionnaire settles on the invoices.
      const c2 = await navigateur.newContext({ viewport });
      const g = await c2.newPage();
      await seConnecter(g, url, 'g@test.fr', gestionnaire.motDePasse);
      await g.getByRole('link', { name: 'Mon compte' }).waitFor();
      await g.goto(`${url}/demandes/${id}`);
      await g.getByText(/Solde proposé : 1\s000,00\s€/).waitFor();
      expect(await g.getByRole('button', { name: 'Déposer la facture' }).count()).toBe(0);
      expect(await g.getByText('Modifier la demande').count()).toBe(0);
      await sansDefilement(g, largeur);
      await g.getByLabel('Motif (certificat de réalisation…)').fill('Certificat reçu');
      await g.getByRole('button', { name: 'Solder la demande' }).click();
      await g
        .getByText(/1\s000,00\s€ réalisés sur 1 facture\(s\), 540,00\s€ libérés — Certificat reçu/)
        .waitFor();
      await sansDefilement(g, largeur);
      await c2.close();
    }, 180_000);
});
