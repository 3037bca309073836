import { messageChamp } from '../partage/libelles.ts';
import { phrase } from './format.ts';

/** An error answer of the API (problem+json), kept whole so that pages can point at fields. */
export class ErreurApi extends Error {
  constructor(
    message: string,
    readonly statut: number,
    readonly erreurs: readonly { champ: string; message: string }[],
  ) {
    super(message);
    this.name = 'ErreurApi';
  }
}

function erreursDe(corps: unknown): { champ: string; message: string }[] {
  if (!corps || typeof corps !== 'object' || !('erreurs' in corps)) return [];
  const e = corps.erreurs;
  if (!Array.isArray(e)) return [];
  return e.flatMap((x: unknown) =>
    x &&
    typeof x === 'object' &&
    'champ' in x &&
    'message' in x &&
    typeof x.champ === 'string' &&
    typeof x.message === 'string'
      ? [{ champ: x.champ, message: x.message }]
      : [],
  );
}

/**
 * What to tell a person about a failure: the fields in error named by their labels (never
 * « query.siret »), otherwise the problem's detail, otherwise `defaut`.
 */
export function messageProbleme(e: unknown, defaut = 'La requête a échoué.'): string {
  if (e instanceof Error) return phrase(e.message);
  const erreurs = erreursDe(e);
  if (erreurs.length > 0)
    return phrase(erreurs.map((x) => messageChamp(x.champ, x.message)).join(' ; '));
  if (e && typeof e === 'object' && 'detail' in e && typeof e.detail === 'string')
    return phrase(e.detail);
  return defaut;
}

/** Fetches JSON from the API; on failure throws an ErreurApi worded for a person. */
export async function lireJson<T>(url: string, init?: RequestInit): Promise<T> {
  let r: Response;
  try {
    r = await fetch(url, init);
  } catch {
    throw new ErreurApi('Le serveur ne répond pas : réessayez dans un instant.', 0, []);
  }
  const corps: unknown = await r.json().catch(() => null);
  if (!r.ok) throw new ErreurApi(messageProbleme(corps, r.statusText), r.status, erreursDe(corps));
  return corps as T;
}
