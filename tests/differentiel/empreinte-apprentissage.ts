import { createHash } from 'node:crypto';
import type { ContratGenere } from '../../bench/contrats-apprentissage.ts';
import type { Moteur } from '../../src/moteur/index.ts';

/** JSON with sorted keys: the same result gives the same text whatever the key order. */
function canonique(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonique).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonique((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** What the differential compares: every amount, date, reason, source, missing input. */
export interface ResultatCompare {
  complet: unknown;
  rapide: unknown;
}

export function resultatNouveau(moteur: Moteur, c: ContratGenere): ResultatCompare {
  const { situation: s, referentiel: ref } = c;
  const {
    dateEvaluation: _d,
    explication: _e,
    citations: _c,
    unite: _u,
    ...complet
  } = moteur.evaluerApprentissage(s, s.dateConclusion, { npecReferentiel: ref });
  return { complet, rapide: moteur.evaluerApprentissageRapide(s, ref) };
}

/** SHA-256 of the results of a list of contracts. */
export function empreinte(resultats: Iterable<ResultatCompare>): string {
  const h = createHash('sha256');
  for (const r of resultats) h.update(`${canonique(r)}\n`);
  return h.digest('hex');
}
