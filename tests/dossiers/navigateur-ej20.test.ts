import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lancerNavigateur, seConnecter } from '../aide/navigateur.ts';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';
import { ej20Saisi, fa13Saisi } from './aide.ts';

/** Flat « a.b.0.c » values of the form's draft, from a nested body. */
function aplatir(o: unknown, prefixe = '', r: Record<string, string | boolean> = {}) {
  if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) aplatir(v, prefixe ? `${prefixe}.${k}` : k, r);
  else if (typeof o === 'boolean') r[prefixe] = o;
  else if (o !== undefined && o !== null) r[prefixe] = String(o);
  return r;
}

/**
 * In Chromium at 390 px: a company member deposits a professionalisation contract (CERFA EJ20)
 * — a missing field is announced, linked to its field and focused — then, on an engaged
 * apprenticeship contract, declares an avenant and sees the engagement recomputed with the
 * difference explained, and joins a signed contract as a PDF.
 */
describe('dépôt EJ20, avenant et pièces jointes (Chromium sans tête, 390 px)', () => {
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

  const largeur = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  it('dépôt du contrat de professionnalisation : erreur annoncée et focalisée, puis transmission', async () => {
    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await seConnecter(page, url, 'm@test.fr', membre.motDePasse);
    await page.getByRole('link', { name: 'Mon compte' }).waitFor();
    const s = ej20Saisi();
    s.employeur.siret = siretEmployeur;
    s.formation.organisme.siret = siretCfa;
    const brouillon = aplatir(s);
    delete brouillon.formulaire;
    delete brouillon['salarie.nom'];
    await page.evaluate(
      (v) => localStorage.setItem('opco.dossier.ej20.brouillon', JSON.stringify(v)),
      brouillon,
    );
    await page.goto(`${url}/dossiers`);
    await page.getByRole('link', { name: 'Déposer un contrat de professionnalisation' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Déposer un contrat de professionnalisation' })
      .waitFor();
    // Sections as on the CERFA, with legends.
    for (const legende of ["L'employeur", 'Le salarié', 'Le tuteur', 'Le contrat', 'La formation'])
      await page.getByRole('group', { name: legende, exact: true }).waitFor();
    // Transmit with the employee's name missing: summary, error under the field, focus on it.
    await page.getByRole('button', { name: "Transmettre à l'OPCO" }).click();
    const nom = page.getByLabel('Nom de naissance *');
    await page.getByRole('list', { name: 'Champs à corriger' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('champ-salarie-nom');
    expect(await nom.getAttribute('aria-invalid')).toBe('true');
    const decrit = await nom.getAttribute('aria-describedby');
    expect(await page.locator(`#${decrit}`).textContent()).toBeTruthy();
    expect(await largeur(page)).toBeLessThanOrEqual(390);
    await nom.fill('Petit');
    // Complete: the instruction's checks show under their section with their article.
    const tous = page.getByText(/^Tous les contrôles \(\d+\)$/);
    await tous.click();
    expect(await page.getByRole('link', { name: /^D6325-/ }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: "Transmettre à l'OPCO" }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Contrat de professionnalisation de Hugo Petit' })
      .waitFor();
    await page.getByText(/\((EN_COURS_INSTRUCTION|ENGAGE)\)/).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('opco.dossier.ej20.brouillon'))).toBe(
      null,
    );
    expect(await largeur(page)).toBeLessThanOrEqual(390);
    await contexte.close();
  }, 120_000);

  it('avenant sur un contrat engagé : engagement recalculé, écart expliqué ; pièce jointe PDF', async () => {
    // An engaged apprenticeship contract (deposited, then engaged by the gestionnaire).
    const s = fa13Saisi();
    s.employeur.siret = siretEmployeur;
    s.formation.organisme.siret = siretCfa;
    const depot = await p.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { cookie: membre.cookie, 'x-csrf-token': membre.csrf },
      payload: s,
    });
    expect(depot.statusCode).toBe(201);
    const id = depot.json<{ id: string }>().id;
    const decision = await p.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/decision`,
      headers: { cookie: gestionnaire.cookie, 'x-csrf-token': gestionnaire.csrf },
      payload: { sens: 'engager', motif: 'Certification vérifiée' },
    });
    expect(decision.json<{ accepte: boolean }>().accepte).toBe(true);

    const contexte = await navigateur.newContext({ viewport: { width: 390, height: 844 } });
    const page = await contexte.newPage();
    await seConnecter(page, url, 'm@test.fr', membre.motDePasse);
    await page.getByRole('link', { name: 'Mon compte' }).waitFor();
    await page.goto(`${url}/dossiers/${id}`);
    await page.getByRole('heading', { level: 2, name: 'Engagement : 16 000,00 €' }).waitFor();
    const avenant = page.getByRole('form', { name: 'Déclarer un avenant' });
    // No date of effect: said and focused.
    await avenant.getByRole('button', { name: "Déclarer l'avenant" }).click();
    await avenant.getByText("date d'effet attendue").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dateEffetAvenant');
    await avenant.getByLabel("Date d'effet de l'avenant *").fill('2026-01-01');
    await avenant.getByLabel("Type de contrat ou d'avenant *").selectOption('36');
    await avenant.getByLabel('Niveau de prise en charge annuel (€)').fill('9000');
    const modifs = avenant.getByRole('list', { name: "Modifications de l'avenant" });
    await modifs.getByText('Niveau de prise en charge annuel (€) : 8000 → 9000').waitFor();
    expect(await largeur(page)).toBeLessThanOrEqual(390);
    await avenant.getByRole('button', { name: "Déclarer l'avenant" }).click();
    await page
      .getByRole('status')
      .getByText('engagement 16 000,00 € → 18 000,00 € (+2 000,00 €)', { exact: false })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: 'Engagement : 18 000,00 €' }).waitFor();
    await page
      .getByRole('region', { name: 'Historique' })
      .getByText('Avenant au 2026-01-01', { exact: false })
      .waitFor();

    // A signed contract as a PDF: listed with its size and digest, downloadable.
    const pieces = page.getByRole('region', { name: 'Pièces jointes' });
    await pieces.getByText('Aucune pièce jointe.').waitFor();
    await pieces.getByLabel('Nature de la pièce *').selectOption('contrat_signe');
    await pieces.getByLabel('Fichier (PDF, PNG ou JPEG, 10 Mio au plus) *').setInputFiles({
      name: 'contrat-signé.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await pieces.getByRole('button', { name: 'Joindre la pièce' }).click();
    await pieces.getByRole('link', { name: 'contrat-signé.pdf' }).waitFor();
    await pieces
      .getByRole('cell', { name: 'Contrat signé (CERFA signé par les parties)' })
      .waitFor();
    // A file of another type is refused before sending, the message tied to the field.
    await pieces.getByLabel('Fichier (PDF, PNG ou JPEG, 10 Mio au plus) *').setInputFiles({
      name: 'a.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('texte'),
    });
    await pieces.getByRole('button', { name: 'Joindre la pièce' }).click();
    await pieces
      .getByText('Type de fichier non accepté (text/plain) : PDF, PNG ou JPEG.')
      .waitFor();
    expect(await largeur(page)).toBeLessThanOrEqual(390);
    await contexte.close();
  }, 120_000);
});
