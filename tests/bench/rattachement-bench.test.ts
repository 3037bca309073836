import { describe, expect, it } from 'vitest';
import { benchRattachement } from '../../bench/rattachement/rattachement.bench.ts';
import { dossierDonnees } from '../aide/base.ts';

/** The benchmark code itself runs (tiny sizes, PGlite only, no HTTP); timings are not checked. */
describe('banc d’essai du rattachement', () => {
  it('tourne sur une petite taille et compte juste', async () => {
    const r = await benchRattachement({
      dossierDonnees,
      taille: 3000,
      databaseUrl: undefined,
      pglite: true,
      tailleLot: 2000,
      dureeHttpMs: 0,
      journal: () => {},
    });
    const fichier = r.fichier as { lignes: number };
    const pglite = r.importPglite as { lignes: number; ratio: number };
    const lot = r.lotEnMemoire as { csv: { sirets: number; octets: number } };
    expect(fichier.lignes).toBeGreaterThan(2000);
    expect(pglite.lignes).toBe(fichier.lignes);
    expect(pglite.ratio).toBeGreaterThan(0);
    expect(lot.csv.sirets).toBe(2000);
    // Header + 2000 rows of at least 40 bytes.
    expect(lot.csv.octets).toBeGreaterThan(2000 * 40);
  });
});
