import type { Droit } from '../../moteur/index.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type { ReferentielsDossier } from '../referentiels-formation/index.ts';
import {
  controleAgeMaximum,
  controleAgeMinimum,
  controleRepresentantLegal,
} from './controles-age.ts';
import {
  controleConclusion,
  controleDuree,
  controleFormationPratique,
} from './controles-contrat-dates.ts';
import { controleOpco, controleOpposition, controleParticipation } from './controles-employeur.ts';
import {
  controleCertification,
  controleDebutCfa,
  controleDureeCfa,
  controleQualiopi,
} from './controles-formation.ts';
import { controleHabilitation, controleNombreApprentis } from './controles-maitre-habilitation.ts';
import { controleMaitres } from './controles-maitres.ts';
import { controleRemuneration } from './controles-remuneration.ts';
import type { ResultatControle } from './types.ts';

/**
 * The automatic instruction of an apprenticeship contract: every check D6224-2 lists, and the
 * texts it points to, as one function each returning a result with its citations,
 * grouped by family in the modules `controles-*.ts` (re-exported here). Pure: the
 * reference records come already looked up (ReferentielsDossier), the law through `droit`.
 */

export {
  controleAgeMaximum,
  controleAgeMinimum,
  controleRepresentantLegal,
} from './controles-age.ts';
export {
  controleConclusion,
  controleDuree,
  controleFormationPratique,
} from './controles-contrat-dates.ts';
export { controleOpco, controleOpposition, controleParticipation } from './controles-employeur.ts';
export {
  controleCertification,
  controleDebutCfa,
  controleDureeCfa,
  controleQualiopi,
} from './controles-formation.ts';
export { controleMaitres } from './controles-maitres.ts';
export { controleRemuneration } from './controles-remuneration.ts';

/** Every check of an apprenticeship contract, in the order of D6224-2. */
export function instruireApprentissage(
  droit: Droit,
  c: CerfaFa13,
  r: ReferentielsDossier,
): ResultatControle[] {
  const res = [
    controleCertification(c, r),
    controleAgeMinimum(droit, c),
    controleAgeMaximum(droit, c),
    controleRepresentantLegal(droit, c),
    ...controleMaitres(droit, c),
    controleRemuneration(droit, c),
    controleOpposition(c, r),
    controleQualiopi(droit, c, r),
    controleDuree(droit, c),
    controleConclusion(c),
    controleFormationPratique(droit, c),
    controleDebutCfa(droit, c),
    controleDureeCfa(droit, c),
    controleOpco(c, r),
  ];
  const participation = controleParticipation(droit, c);
  if (participation) res.push(participation);
  // Facts gathered by the adapter (not run when absent): R6223-6, D6224-2 6°.
  res.push(...controleNombreApprentis(droit, c, r));
  const habilitation = controleHabilitation(droit, c, r);
  if (habilitation) res.push(habilitation);
  return res;
}

/** D6224-1: documents sent with the contract. Returns the French names of what is missing. */
export function piecesManquantesApprentissage(c: CerfaFa13): string[] {
  const m: string[] = [];
  if (c.formation.cfaEntreprise) {
    if (!c.pieces.annexePedagogique) m.push('Annexe pédagogique et financière (CFA d’entreprise)');
  } else if (!c.pieces.conventionFormation) m.push('Convention de formation (L6353-1)');
  const d = c.contrat.typeDerogation;
  if ((d === '21' || d === '22') && !c.pieces.conventionTripartite)
    m.push('Convention tripartite de durée (L6222-7-1)');
  return m;
}
