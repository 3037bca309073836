import { isDeepStrictEqual } from 'node:util';
import type { ContratGenere } from '../../bench/contrats-apprentissage.ts';
import type { Moteur } from '../../src/moteur/index.ts';
import type { ancienMoteur } from './ancien-moteur.ts';

/** Runs the old and the new engine on contracts; returns the differences found (both paths). */
export function comparerMoteurs(
  ancien: ReturnType<typeof ancienMoteur>,
  nouveau: Moteur,
  contrats: readonly ContratGenere[],
  maxEcarts = 20,
): {
  contrats: number;
  ecarts: { i: number; chemin: string; ancien: unknown; nouveau: unknown }[];
} {
  const ecarts: { i: number; chemin: string; ancien: unknown; nouveau: unknown }[] = [];
  for (let i = 0; i < contrats.length && ecarts.length < maxEcarts; i++) {
    const { situation: s, referentiel: ref } = contrats[i]!;
    const a = ancien.complet(s, ref);
    const {
      dateEvaluation: _d,
      explication: _e,
      citations: _c,
      unite: _u,
      ...n
    } = nouveau.evaluerApprentissage(s, s.dateConclusion, { npecReferentiel: ref });
    if (!isDeepStrictEqual(a, n)) ecarts.push({ i, chemin: 'complet', ancien: a, nouveau: n });
    const ra = ancien.rapide(s, ref);
    const rn = nouveau.evaluerApprentissageRapide(s, ref);
    if (!isDeepStrictEqual(ra, rn)) ecarts.push({ i, chemin: 'rapide', ancien: ra, nouveau: rn });
  }
  return { contrats: contrats.length, ecarts };
}
