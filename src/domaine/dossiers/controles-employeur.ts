import type { Droit } from '../../moteur/index.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type { ReferentielsDossier } from '../referentiels-formation/index.ts';
import { resultat } from './controles.ts';
import { nombreAu, P } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/** Checks of an apprenticeship contract on its employer: opposition, OPCO, participation mention. */

export function controleOpposition(
  c:
    | CerfaFa13
    | { employeur: { siret: string }; contrat: { dateConclusion: string; dateDebut: string } },
  r: ReferentielsDossier,
): ResultatControle {
  const code = 'employeur.opposition';
  const champ = 'employeur.siret';
  const debut = c.contrat.dateDebut;
  const active = r.oppositions.find(
    (o) =>
      o.siret === c.employeur.siret &&
      o.du <= debut &&
      (o.au === null || o.au >= c.contrat.dateConclusion),
  );
  if (active)
    return resultat(
      code,
      'bloquant',
      `L'employeur ${active.siret} fait l'objet d'une ${active.nature} du ${active.du}${active.au ? ` au ${active.au}` : ''} (${active.reference}).`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    'Aucune opposition, suspension ni interdiction connue pour cet employeur à ces dates.',
    champ,
  );
}

export function controleOpco(c: { opco: string }, r: ReferentielsDossier): ResultatControle {
  const code = 'employeur.opco';
  const champ = 'opco';
  if (r.opcoAttendu === null)
    return resultat(
      code,
      'a_verifier',
      "L'OPCO de l'employeur n'a pas pu être déterminé (SIRET et IDCC) : un gestionnaire le vérifie.",
      champ,
    );
  if (r.opcoAttendu !== c.opco)
    return resultat(
      code,
      'bloquant',
      `L'employeur relève de l'OPCO ${r.opcoAttendu} (SIRET et convention collective), pas de l'OPCO ${c.opco} qui reçoit le dossier.`,
      champ,
    );
  return resultat(code, 'conforme', `L'employeur relève bien de l'OPCO ${c.opco}.`, champ);
}

export function controleParticipation(droit: Droit, c: CerfaFa13): ResultatControle | null {
  const niveau = nombreAu(droit, P.app.niveauParticipation, c.contrat.dateConclusion);
  if (niveau === undefined || c.formation.niveau < niveau) return null;
  return resultat(
    'contrat.participation_employeur',
    c.mentionParticipationEmployeur ? 'conforme' : 'avertissement',
    c.mentionParticipationEmployeur
      ? `Certification de niveau ${c.formation.niveau} : la participation obligatoire de l'employeur est mentionnée.`
      : `Certification de niveau ${c.formation.niveau} (≥ ${niveau}) : la mention de la participation obligatoire de l'employeur manque ; elle sera déduite de la première avance.`,
    'mentionParticipationEmployeur',
  );
}
