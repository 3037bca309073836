import type { Droit, Moteur, NpecReferentiel } from '../../moteur/index.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type { SourceReferentielsFormation } from '../referentiels-formation/index.ts';
import { situationDepuisFa13 } from './engagement.ts';
import {
  instruireApprentissage,
  piecesManquantesApprentissage,
} from './instruction-apprentissage.ts';
import { referentielsDuDossier } from './referentiels.ts';

export interface ResultatMasse {
  issue: 'incomplet' | 'engage' | 'refuse' | 'a_verifier';
  bloquants: number;
  aVerifier: number;
  /** What the engagement would book (engine's fast path), when engaged. */
  montantCentimes: number | null;
}

/**
 * The automatic instruction of one apprenticeship dossier for bulk runs (a national year, the
 * benchmark): the same checks and the same engine as `transition`, without recording events
 * and with the engine's fast path (total only, no explanation) for the engagement.
 */
export function instruireEnMasse(
  droit: Droit,
  moteur: Moteur,
  source: SourceReferentielsFormation,
  opcoAttendu: string | null,
  c: CerfaFa13,
  npec: NpecReferentiel | null = null,
): ResultatMasse {
  if (piecesManquantesApprentissage(c).length > 0)
    return { issue: 'incomplet', bloquants: 0, aVerifier: 0, montantCentimes: null };
  const res = instruireApprentissage(droit, c, referentielsDuDossier(source, c, opcoAttendu));
  let bloquants = 0;
  let aVerifier = 0;
  for (const r of res)
    if (r.resultat === 'bloquant') bloquants++;
    else if (r.resultat === 'a_verifier') aVerifier++;
  if (bloquants > 0) return { issue: 'refuse', bloquants, aVerifier, montantCentimes: null };
  if (aVerifier > 0) return { issue: 'a_verifier', bloquants, aVerifier, montantCentimes: null };
  let r;
  try {
    r = moteur.evaluerApprentissageRapide(
      situationDepuisFa13(c),
      c.couts.npecAnnuel === undefined ? npec : null,
    );
  } catch {
    return { issue: 'a_verifier', bloquants, aVerifier: 1, montantCentimes: null };
  }
  if (r.npecApplique === null)
    return { issue: 'a_verifier', bloquants, aVerifier: 1, montantCentimes: null };
  return { issue: 'engage', bloquants, aVerifier, montantCentimes: r.verse };
}
