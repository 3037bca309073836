import { createHash } from 'node:crypto';
import type { ResultatSalaireApprenti } from '../../src/moteur/index.ts';

/** What the wage and contributions differential compares: every amount, date, rate, warning, error. */
export function resultat(f: () => unknown): unknown {
  try {
    const r = f();
    if (r !== null && typeof r === 'object' && 'periodes' in r) {
      const s = r as ResultatSalaireApprenti;
      return {
        ageDebut: s.ageDebut,
        avertissements: s.avertissements,
        periodes: s.periodes.map(({ explication: _x, ...p }) => p),
      };
    }
    if (r !== null && typeof r === 'object' && 'cfp' in r) {
      const { explication: _x, references: _r, ...montants } = r as Record<string, unknown>;
      return montants;
    }
    return r;
  } catch (e) {
    return { erreur: (e as { code?: string }).code ?? String(e) };
  }
}

/** SHA-256 of a list of results (JSON, keys in the order the results give them). */
export function empreinte(resultats: Iterable<unknown>): string {
  const h = createHash('sha256');
  for (const r of resultats) h.update(`${JSON.stringify(r)}\n`);
  return h.digest('hex');
}
