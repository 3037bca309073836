import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';
import { fa13Saisi } from './aide.ts';

/** Flat « a.b.0.c » values of the form's draft, from a nested body. */
function aplatir(o: unknown, prefixe = '', r: Record<string, string | boolean> = {}) {
  if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) aplatir(v, prefixe ? `${prefixe}.${k}` : k, r);
  else if (typeof o === 'boolean') r[prefixe] = o;
  else if (o !== undefined && o !== null) r[prefixe] = String(o);
  return r;
}

/**
 * In Chromium at 390 px: a company member deposits a contract from a saved draft, sees the
 * inline checks with their articles and a field error naming the CERFA field, transmits; the
 * OPCO's gestionnaire finds it in the queue and decides with a reason.
 */
describe('parcours web des dossiers (Chromium sans tête, 390 px)', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let navigateur: Browser;
  let url: string;
  const siretEmployeur = completerCles('12345678', '0001');
  const siretCfa = completerCles('98765432', '0001');
  let membre: Awaited<ReturnType<typeof p.personne>>;
  let gestionnaire: Awaited<ReturnType<typeof p.personne>>;

  beforeAll(async () => {
    p = await plateformeDeTest();
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    const e = await p.organisation('entreprise', { siret: siretEmployeur }, 'Boulangerie Martin');
    await p.organisation('organisme_formation', { siret: siretCfa }, 'CFA');
    const o = await p.organisation('opco', { codeOpco: '03' }, 'OPCO A');
    membre = await p.personne('m@test.fr', { organisationId: e, role: 'entreprise_membre' });
    gestionnaire = await p.personne('g@test.fr', { organisationId: o, role: 'opco_gestionnaire' });
    navigateur = await lancerNavigateur();
  }, 180_000);
  afterAll(async () => {
    await navigateur?.close();
    await p?.fermer();
  });

  async function connecter(page: Page, courriel: string, motDePasse: string) {
    await seConnecter(page, url, courriel, motDePasse);
    await page.getByRole('link', { name: 'Mon compte' }).waitFor();
  }

  it('dépôt, contrôles cités, transmission, puis décision motivée du gestionnaire', async () => {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await connecter(page, 'm@test.fr', membre.motDePasse);
    const s = fa13Saisi();
    s.employeur.siret = siretEmployeur;
    s.formation.organisme.siret = siretCfa;
    const brouillon = aplatir(s);
    delete brouillon.formulaire;
    await page.evaluate(
      (v) => localStorage.setItem('opco.dossier.fa13.brouillon', JSON.stringify(v)),
      brouillon,
    );
    await page.goto(`${url}/dossiers/nouveau`);
    await page
      .getByRole('heading', { level: 1, name: "Déposer un contrat d'apprentissage" })
      .waitFor();
    // A wrong SIRET: the error is said next to the field.
    const siret = page.getByLabel("N° SIRET de l'établissement d'exécution du contrat *");
    await siret.fill('123');
    await page.getByText('14 chiffres attendus').waitFor();
    await siret.fill(siretEmployeur);
    // Complete again: the instruction's checks appear under their section, with the article.
    const formation = page.getByRole('list', { name: 'Contrôles : La formation et le CFA' });
    await formation.getByText('À vérifier par un gestionnaire').first().waitFor();
    expect(await formation.getByRole('link', { name: 'D6224-2 7°' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.getByRole('button', { name: "Transmettre à l'OPCO" }).click();
    await page
      .getByRole('heading', { level: 1, name: "Contrat d'apprentissage de Léa Durand" })
      .waitFor();
    await page.getByText("En cours d'instruction (EN_COURS_INSTRUCTION)").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    // Bulk deposit: one valid contract, one with a wrong field, progress announced.
    await page.goto(`${url}/dossiers/lot`);
    const faux = { ...s, apprenti: { ...s.apprenti, dateNaissance: '2006-13-01' } };
    const s2 = { ...s, apprenti: { ...s.apprenti, prenom: 'Zoé' } };
    await page.getByLabel('Fichier de contrats').setInputFiles({
      name: 'lot.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${JSON.stringify(s2)}\n${JSON.stringify(faux)}\n`),
    });
    await page.getByText('2 / 2 contrat(s) traité(s)').waitFor();
    await page.getByRole('link', { name: "En cours d'instruction" }).waitFor();
    await page.getByText("L'APPRENTI(E) — Date de naissance", { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();

    await connecter(page, 'g@test.fr', gestionnaire.motDePasse);
    await page.goto(`${url}/dossiers/file-attente`);
    await page.getByRole('link', { name: 'Léa Durand' }).click();
    await page.getByLabel('Motif (obligatoire) *').fill('Certification vérifiée au RNCP');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByText('Prise en charge accordée').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Engagement : 16 000,00 €' }).waitFor();
    await contexte.close();
  }, 120_000);
});
