import type { Moteur, NpecReferentiel, ResultatApprentissage } from '../moteur/index.ts';
import type { EntreeSimulationApprentissage } from '../partage/simulation-apprentissage.schema.ts';

/** Port to the NPEC referential: (RNCP, IDCC, conclusion date) → NPEC with its source. */
export type ChercherNpec = (
  rncp: string,
  idcc: string,
  dateConclusion: string,
) => Promise<NpecReferentiel | null>;

/**
 * The apprenticeship simulation shared by the API and the CLI: looks the NPEC up when it is not
 * given, then evaluates with the engine at the evaluation date (default: conclusion date).
 */
export async function simulerApprentissage(
  moteur: Moteur,
  chercherNpec: ChercherNpec | null,
  entree: EntreeSimulationApprentissage,
): Promise<ResultatApprentissage> {
  const { dateEvaluation, ...situation } = entree;
  const npecReferentiel =
    situation.npecAnnuel === undefined && situation.rncp && situation.idcc && chercherNpec
      ? await chercherNpec(situation.rncp, situation.idcc, situation.dateConclusion)
      : null;
  return moteur.evaluerApprentissage(
    { ...situation, niveau: situation.niveau as 3 | 4 | 5 | 6 | 7 | 8 },
    dateEvaluation ?? situation.dateConclusion,
    { npecReferentiel },
  );
}
