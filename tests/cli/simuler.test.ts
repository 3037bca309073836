import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import { main } from '../../src/cli/main.ts';
import type { Base } from '../../src/stockage/db.ts';
import { baseDeTest, configDeTest } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { capturer } from '../aide/commande.ts';

const dossier = mkdtempSync(path.join(tmpdir(), 'simuler-'));
let base: Base | undefined;
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  rmSync(dossier, { recursive: true, force: true });
  await base?.fermer();
});

describe('opco simuler apprentissage <situation.json>', () => {
  const situation = {
    dateConclusion: '2025-09-01',
    dateDebut: '2025-09-01',
    dateFin: '2027-08-31',
    dateRupture: '2025-10-10',
    niveau: 6,
    npecAnnuel: 7300,
    partDistanciel: 0,
  };

  it('écrit le même JSON que l’API', async () => {
    const fichier = path.join(dossier, 'situation.json');
    writeFileSync(fichier, JSON.stringify(situation));
    const { sortie } = capturer();
    expect(await main(['node', 'opco', 'simuler', 'apprentissage', fichier, '--json'])).toBe(0);
    vi.restoreAllMocks();
    const cli: unknown = JSON.parse(sortie.join(''));
    base = await baseDeTest();
    const app = await construireApp({
      base,
      config: configDeTest(),
      donnees: { dossier: null, manquants: [] },
      moteur: moteurDeTest(),
    });
    const api: unknown = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/simulations/apprentissage',
        payload: situation,
      })
    ).json();
    await app.close();
    expect(cli).toEqual(api);
    expect(cli).toMatchObject({
      participationEmployeur: 400,
      priseEnCharge: { total: 4440 },
      valeur: 4040,
    });
    // An in-memory PGlite is created for the API: slow on a loaded machine.
  }, 240_000);

  it('imprime par défaut un résumé lisible : total, chiffres principaux, échéancier', async () => {
    const fichier = path.join(dossier, 'resume.json');
    writeFileSync(fichier, JSON.stringify(situation));
    const { sortie } = capturer();
    expect(await main(['node', 'opco', 'simuler', 'apprentissage', fichier])).toBe(0);
    const texte = sortie.join('').replace(/[\u202f\u00a0]/g, ' ');
    const lignes = texte.split('\n');
    // The total paid comes first, then the figures it is made of, then the schedule.
    expect(lignes.find((l) => l.startsWith('Total'))).toBe('Total versé par l’OPCO : 4 040,00 €');
    expect(texte).toContain('Prise en charge des coûts de formation : 4 440,00 €');
    expect(texte).toContain('du 01/09/2025 au 10/04/2026 (222 jours) : 4 440,00 €');
    expect(texte).toContain('Participation de l’employeur déduite : 400,00 €');
    const echeancier = lignes.slice(lignes.indexOf('Échéancier des versements :') + 1);
    expect(echeancier[0]).toMatch(/^ {2}01\/09\/2025 +1 376,00 € {2}Année 1 : avance de 40 %/);
    expect(texte).toMatch(/Textes appliqués : .*L6332-14/);
    expect(texte).not.toContain('{');
  });

  it('dit « fichier introuvable » avec le chemin, pas une erreur JSON', async () => {
    const absent = path.join(dossier, 'absent.json');
    const { erreurs } = capturer();
    expect(await main(['node', 'opco', 'simuler', 'apprentissage', absent])).toBe(1);
    expect(erreurs.join('')).toContain(`Fichier introuvable : ${absent}`);
    expect(erreurs.join('')).not.toContain('JSON');
  });

  it('refuse une situation invalide en nommant le champ, code de sortie 1', async () => {
    const fichier = path.join(dossier, 'invalide.json');
    writeFileSync(fichier, JSON.stringify({ ...situation, partDistanciel: 3 }));
    const { erreurs } = capturer();
    expect(await main(['node', 'opco', 'simuler', 'apprentissage', fichier])).toBe(1);
    expect(erreurs.join('')).toContain('ERR_VALIDATION');
    expect(erreurs.join('')).toContain('situation.partDistanciel');
  });
});
