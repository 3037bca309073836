import {
  decider,
  organisationsPermises,
  type Action,
  type Sujet,
} from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { Proprietaires } from '../../stockage/cycle.depot.ts';

/**
 * The guard shared by the dossiers, the requests for funding and their pièces jointes: may the
 * subject do `action` on a row owned by these organisations, through these sides? A decision
 * on a dossier or a request of another OPCO, a read by another company → 403.
 */
export type Cote = keyof Proprietaires;

function peut(sujet: Sujet, action: Action, p: Proprietaires, cotes: readonly Cote[]): boolean {
  if (organisationsPermises(sujet, action) === 'toutes') return true;
  return cotes.some((c) => {
    const id = p[c];
    return id !== null && decider(sujet, action, { organisationId: id }).autorise;
  });
}

export function exiger(
  sujet: Sujet,
  action: Action,
  p: Proprietaires,
  cotes: readonly Cote[],
): void {
  if (!peut(sujet, action, p, cotes))
    throw new ErreurOpco('ERR_ACCES_REFUSE', {
      raison: `${action} : ce dossier n’appartient à aucune organisation pour laquelle vous agissez avec ce droit`,
    });
}
