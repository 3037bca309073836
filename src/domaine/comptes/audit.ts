import { createHash } from 'node:crypto';

/**
 * The audit trail is a hash chain: each row's hash covers its content and the previous row's
 * hash, so changing or removing any row breaks every hash after it.
 */
export interface ContenuAudit {
  /** Position in the chain, 1 for the first row. */
  rang: number;
  horodatage: string;
  compteId: string | null;
  cleId: string | null;
  organisationId: string | null;
  action: string;
  ressource: string;
  avant: string | null;
  apres: string | null;
}

export interface LigneAudit extends ContenuAudit {
  precedent: string;
  empreinte: string;
}

/** Hash of the (absent) row before the first one. */
export const EMPREINTE_ORIGINE = '0'.repeat(64);

/** SHA-256 of a value's canonical JSON (keys sorted), for the before/after digests. */
export function empreinteValeur(v: unknown): string {
  return createHash('sha256').update(jsonCanonique(v)).digest('hex');
}

export function jsonCanonique(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(jsonCanonique).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jsonCanonique(o[k])}`)
    .join(',')}}`;
}

export function empreinteLigne(precedent: string, c: ContenuAudit): string {
  return createHash('sha256')
    .update(precedent)
    .update('\n')
    .update(contenuCanonique(c))
    .digest('hex');
}

/** The canonical JSON a row's hash covers (after the previous hash and a line feed). */
export function contenuCanonique(c: ContenuAudit): string {
  return jsonCanonique({
    rang: c.rang,
    horodatage: c.horodatage,
    compteId: c.compteId,
    cleId: c.cleId,
    organisationId: c.organisationId,
    action: c.action,
    ressource: c.ressource,
    avant: c.avant,
    apres: c.apres,
  });
}

export type ResultatVerification =
  | { valide: true; lignes: number }
  | { valide: false; lignes: number; rang: number; raison: string };

/** Checks rows in chain order; names the first one that does not fit. */
export function verifierChaine(lignes: Iterable<LigneAudit>): ResultatVerification {
  let precedent = EMPREINTE_ORIGINE;
  let attendu = 1;
  let n = 0;
  for (const l of lignes) {
    n++;
    if (l.rang !== attendu)
      return {
        valide: false,
        lignes: n,
        rang: l.rang,
        raison: `rang ${l.rang} trouvé là où le rang ${attendu} était attendu (ligne supprimée ou insérée)`,
      };
    if (l.precedent !== precedent)
      return {
        valide: false,
        lignes: n,
        rang: l.rang,
        raison: 'l’empreinte précédente ne correspond pas à la ligne d’avant',
      };
    const e = empreinteLigne(precedent, l);
    if (e !== l.empreinte)
      return {
        valide: false,
        lignes: n,
        rang: l.rang,
        raison: 'le contenu de la ligne ne correspond pas à son empreinte (ligne modifiée)',
      };
    precedent = l.empreinte;
    attendu++;
  }
  return { valide: true, lignes: n };
}
