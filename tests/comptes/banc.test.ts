import { describe, expect, it } from 'vitest';
import { benchComptes } from '../../bench/comptes/comptes.bench.ts';

/** The benchmark code runs (1 s of load per route, 2 sign-ins); timings are not checked. */
describe('banc d’essai des comptes', () => {
  it('mesure les trois charges et la connexion argon2id', async () => {
    const r = await benchComptes({
      dureeS: 1,
      connexions: 2,
      connexionsArgon: 2,
      tours: 1,
      journal: () => {},
    });
    expect(r.connexion.n).toBe(2);
    expect(r.connexion.medianeMs).toBeGreaterThan(0);
    for (const c of [r.http.publique, r.http.parSession, r.http.parCle]) {
      expect(c.requetes).toBeGreaterThan(0);
      expect(c.non2xx).toBe(0);
    }
  }, 180_000);
});
