/**
 * SIRET / SIREN primitives (INSEE). A SIREN has 9 digits, a SIRET 14 (SIREN + NIC); both carry
 * a Luhn check key. Exception: the establishments of La Poste (SIREN 356000000) use their own
 * rule, the sum of the 14 digits of the SIRET is a multiple of 5 (INSEE, « Contrôle de la clé
 * SIRET de La Poste »).
 */

export const SIREN_LA_POSTE = '356000000';

export type Verification<T> = { ok: true; valeur: T } | { ok: false; probleme: string };

/** Luhn check over a string of digits (already checked to be digits). */
export function cleLuhnValide(chiffres: string): boolean {
  let somme = 0;
  const n = chiffres.length;
  for (let i = 0; i < n; i++) {
    let c = chiffres.charCodeAt(n - 1 - i) - 48;
    if (i % 2 === 1) {
      c *= 2;
      if (c > 9) c -= 9;
    }
    somme += c;
  }
  return somme % 10 === 0;
}

function sommeChiffres(chiffres: string): number {
  let s = 0;
  for (let i = 0; i < chiffres.length; i++) s += chiffres.charCodeAt(i) - 48;
  return s;
}

function nettoyer(brut: string): string {
  // Users paste SIRETs with spaces ("123 456 789 00012"): spaces are not an error.
  return brut.replace(/[\s\u00a0]/g, '');
}

/** Checks a SIRET: 14 digits, Luhn key, or La Poste's rule for SIREN 356000000. */
export function verifierSiret(brut: string): Verification<string> {
  const s = nettoyer(brut);
  if (!/^[0-9]*$/.test(s)) return { ok: false, probleme: 'un SIRET ne contient que des chiffres' };
  if (s.length !== 14)
    return { ok: false, probleme: `un SIRET a 14 chiffres (${s.length} reçu(s))` };
  if (s.startsWith(SIREN_LA_POSTE)) {
    if (sommeChiffres(s) % 5 !== 0)
      return {
        ok: false,
        probleme:
          'clé de contrôle invalide (établissement de La Poste : la somme des chiffres doit être un multiple de 5)',
      };
    return { ok: true, valeur: s };
  }
  if (!cleLuhnValide(s)) return { ok: false, probleme: 'clé de contrôle (Luhn) invalide' };
  return { ok: true, valeur: s };
}

/** Checks a SIREN: 9 digits and a Luhn key. */
export function verifierSiren(brut: string): Verification<string> {
  const s = nettoyer(brut);
  if (!/^[0-9]*$/.test(s)) return { ok: false, probleme: 'un SIREN ne contient que des chiffres' };
  if (s.length !== 9) return { ok: false, probleme: `un SIREN a 9 chiffres (${s.length} reçu(s))` };
  if (!cleLuhnValide(s)) return { ok: false, probleme: 'clé de contrôle (Luhn) invalide' };
  return { ok: true, valeur: s };
}

/** Checks an IDCC: 1 to 4 digits, returned zero-padded to 4 ("16" → "0016"). */
export function verifierIdcc(brut: string): Verification<string> {
  const s = brut.trim();
  if (!/^[0-9]{1,4}$/.test(s))
    return { ok: false, probleme: 'un IDCC est un nombre de 1 à 4 chiffres' };
  return { ok: true, valeur: s.padStart(4, '0') };
}

/**
 * Builds a valid SIRET from a SIREN prefix of 8 digits and a NIC prefix of 4 digits by choosing
 * both check digits (used to generate synthetic demonstration data).
 */
export function completerCles(siren8: string, nic4: string): string {
  let siren = '';
  for (let k = 0; k <= 9; k++) {
    if (cleLuhnValide(siren8 + k)) {
      siren = siren8 + k;
      break;
    }
  }
  for (let k = 0; k <= 9; k++) {
    const s = siren + nic4 + k;
    if (cleLuhnValide(s)) return s;
  }
  throw new Error(`aucune clé pour ${siren8}/${nic4}`);
}

/**
 * Fast path for bulk work: the numeric value of a SIRET written as exactly 14 digits with a
 * valid key (Luhn, or La Poste's rule), else -1 (then call verifierSiret for the reason).
 * One pass, no allocation.
 */
export function valeurSiretRapide(s: string): number {
  if (s.length !== 14) return -1;
  let valeur = 0;
  let luhn = 0;
  let somme = 0;
  for (let i = 0; i < 14; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    valeur = valeur * 10 + c;
    somme += c;
    // From the right, every second digit is doubled: positions 0, 2, … from the left (14 digits).
    if (i % 2 === 0) luhn += c * 2 > 9 ? c * 2 - 9 : c * 2;
    else luhn += c;
  }
  if (valeur >= 35600000000000 && valeur < 35600000100000) return somme % 5 === 0 ? valeur : -1;
  return luhn % 10 === 0 ? valeur : -1;
}

/**
 * The same key check as valeurSiretRapide for a SIRET already held as its numeric value (14
 * digits, leading zeros included): true when its key is valid. No string, no allocation.
 */
export function cleSiretValeurValide(valeur: number): boolean {
  if (!Number.isInteger(valeur) || valeur < 0 || valeur >= 1e14) return false;
  let v = valeur;
  let luhn = 0;
  let somme = 0;
  for (let i = 13; i >= 0; i--) {
    const c = v % 10;
    v = (v - c) / 10;
    somme += c;
    if (i % 2 === 0) luhn += c * 2 > 9 ? c * 2 - 9 : c * 2;
    else luhn += c;
  }
  if (valeur >= 35600000000000 && valeur < 35600000100000) return somme % 5 === 0;
  return luhn % 10 === 0;
}
