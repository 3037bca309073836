import type { z } from 'zod';
import type {
  dossierCompletSchema,
  evenementDossierSchema,
  reponseCommandeSchema,
  resultatControleSchema,
  VueDossier,
} from '../../../partage/dossiers.schema.ts';
import { libelleChamp } from '../../../partage/libelles.ts';

export type DossierComplet = z.infer<typeof dossierCompletSchema>;
export type ReponseCommande = z.infer<typeof reponseCommandeSchema>;
export type ResultatControleDto = z.infer<typeof resultatControleSchema>;
export type EvenementDto = z.infer<typeof evenementDossierSchema>;
export type { VueDossier };

/** An API failure, with the field errors named by their CERFA labels. */
export class ErreurDossier extends Error {
  constructor(
    message: string,
    readonly statut: number,
    readonly champs: readonly { champ: string; message: string }[],
  ) {
    super(message);
  }
}

/** Calls the dossiers API with the session cookie and the CSRF token of the signed-in person. */
export async function appelDossiers<T>(
  methode: 'GET' | 'POST' | 'PUT',
  url: string,
  csrf: string | null | undefined,
  corps?: unknown,
  entetes: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...entetes };
  if (corps !== undefined) headers['content-type'] = 'application/json';
  if (methode !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let r: Response;
  try {
    r = await fetch(url, {
      method: methode,
      headers,
      credentials: 'same-origin',
      ...(corps !== undefined ? { body: JSON.stringify(corps) } : {}),
    });
  } catch {
    throw new ErreurDossier('Le serveur ne répond pas : réessayez dans un instant.', 0, []);
  }
  const json: unknown = await r.json().catch(() => null);
  if (!r.ok) {
    const p = (json ?? {}) as { detail?: string; erreurs?: { champ: string; message: string }[] };
    const champs = (p.erreurs ?? []).map((e) => ({
      champ: e.champ.replace(/^body\./, ''),
      message: e.message,
    }));
    throw new ErreurDossier(p.detail ?? r.statusText, r.status, champs);
  }
  return json as T;
}

/** « L'APPRENTI(E) — Date de naissance » → « Date de naissance » (the section is the legend). */
export function libelleCourt(chemin: string): string {
  const l = libelleChamp(chemin) ?? chemin;
  const i = l.indexOf(' — ');
  return i >= 0 ? l.slice(i + 3) : l;
}

export const libellesResultat: Record<ResultatControleDto['resultat'], string> = {
  conforme: 'Conforme',
  bloquant: 'Bloquant',
  avertissement: 'Avertissement',
  a_verifier: 'À vérifier par un gestionnaire',
};
