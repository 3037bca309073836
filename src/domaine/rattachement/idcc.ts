/**
 * Escape values of the IDCC field in the SIRO table and the DSN: not collective agreements.
 * Source: France compétences, dictionnaire des données de la table SIRO v2.0 (2025-07-31);
 * 9999 = « sans convention collective », 9998 = « convention non encore en vigueur »,
 * 5100/5501 = statuts particuliers. The OPCO is then the one of the sector, declared by the employer.
 */
export const IDCC_ECHAPPEMENT: ReadonlySet<string> = new Set(['5100', '5501', '9998', '9999']);

export function estIdccEchappement(idcc: string): boolean {
  return IDCC_ECHAPPEMENT.has(idcc);
}
