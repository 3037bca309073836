import type { Action } from './permissions.ts';

/**
 * Entreprise « attestée à la première utilisation » (convention of the platform, docs/comptes.md
 * and docs/conventions.md): a person creates the account of a company by its SIRET, declaring on
 * honour that they may represent it. Until they confirm their e-mail address (link sent through
 * the mail port), their membership is pending and allows reading only.
 */

/** The declaration the person ticks, kept word for word with the attestation. */
export function declarationSurLHonneur(siret: string, courriel: string): string {
  return `Je déclare sur l’honneur être habilité(e) à représenter l’entreprise dont l’établissement a pour SIRET ${siret}, et que l’adresse ${courriel} est la mienne.`;
}

/**
 * What a pending membership (attested, e-mail not yet confirmed) may do: read its own
 * organisation and what belongs to it. Everything else — filing, administering, API keys, audit —
 * waits for the confirmation. The « soi » actions (one's own account) are never restricted.
 */
export const actionsAvantConfirmation: readonly Action[] = ['organisation.lire', 'dossier.lire'];
