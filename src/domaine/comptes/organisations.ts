import { verifierIdcc, verifierSiren, verifierSiret } from '../entreprise/index.ts';
import type { IdentifiantsOrganisation, TypeOrganisation } from './roles.ts';

export type Verification<T> =
  { ok: true; valeur: T } | { ok: false; champ: string; probleme: string };

/** Identifiers given for a new organisation (any may be absent; each kind requires its own). */
export interface IdentifiantsSaisis {
  siren?: string | undefined;
  siret?: string | undefined;
  sirets?: readonly string[] | undefined;
  uai?: string | undefined;
  codeOpco?: string | undefined;
  idcc?: string | undefined;
  cpne?: string | undefined;
}

/** UAI (unité administrative immatriculée): 7 characters then a check letter. */
export function verifierUai(brut: string): Verification<string> {
  const s = brut.trim().toUpperCase();
  if (!/^[0-9]{7}[A-Z]$/.test(s))
    return { ok: false, champ: 'uai', probleme: 'un UAI a 7 chiffres suivis d’une lettre' };
  return { ok: true, valeur: s };
}

/**
 * Checks the identifiers an organisation of this kind must carry: an entreprise one SIREN or
 * one or more SIRETs (the SIREN is then the SIRETs' one), a CFA a SIRET (UAI optional: a new
 * CFA may be funded before it has one), an OPCO its two-digit code, a branche its IDCC.
 */
export function verifierIdentifiants(
  type: TypeOrganisation,
  e: IdentifiantsSaisis,
): Verification<IdentifiantsOrganisation> {
  switch (type) {
    case 'entreprise': {
      const sirets: string[] = [];
      for (const brut of [...(e.sirets ?? []), ...(e.siret ? [e.siret] : [])]) {
        const v = verifierSiret(brut);
        if (!v.ok) return { ok: false, champ: 'siret', probleme: v.probleme };
        if (!sirets.includes(v.valeur)) sirets.push(v.valeur);
      }
      let siren: string | null = null;
      if (e.siren) {
        const v = verifierSiren(e.siren);
        if (!v.ok) return { ok: false, champ: 'siren', probleme: v.probleme };
        siren = v.valeur;
      } else if (sirets[0]) siren = sirets[0].slice(0, 9);
      if (!siren)
        return { ok: false, champ: 'siret', probleme: 'une entreprise a un SIREN ou un SIRET' };
      const autre = sirets.find((s) => !s.startsWith(siren));
      if (autre)
        return {
          ok: false,
          champ: 'siret',
          probleme: `le SIRET ${autre} n’appartient pas au SIREN ${siren}`,
        };
      return { ok: true, valeur: { siren, sirets } };
    }
    case 'organisme_formation': {
      if (!e.siret)
        return { ok: false, champ: 'siret', probleme: 'un organisme de formation a un SIRET' };
      const v = verifierSiret(e.siret);
      if (!v.ok) return { ok: false, champ: 'siret', probleme: v.probleme };
      let uai: string | null = null;
      if (e.uai) {
        const u = verifierUai(e.uai);
        if (!u.ok) return u;
        uai = u.valeur;
      }
      return { ok: true, valeur: { siret: v.valeur, uai } };
    }
    case 'opco': {
      const c = (e.codeOpco ?? '').trim();
      if (!/^[0-9]{2}$/.test(c))
        return {
          ok: false,
          champ: 'opco',
          probleme: 'un OPCO est désigné par son code France compétences à deux chiffres',
        };
      return { ok: true, valeur: { codeOpco: c } };
    }
    case 'branche': {
      if (!e.idcc) return { ok: false, champ: 'idcc', probleme: 'une branche a un IDCC' };
      const v = verifierIdcc(e.idcc);
      if (!v.ok) return { ok: false, champ: 'idcc', probleme: v.probleme };
      return { ok: true, valeur: { idcc: v.valeur, cpne: e.cpne?.trim() || null } };
    }
    case 'france_competences':
    case 'etat':
      return { ok: true, valeur: {} };
  }
}

/** ASVS 2.1: at least 12 characters, at most 128, no composition rule, not the e-mail. */
export function verifierMotDePasse(motDePasse: string, courriel: string): Verification<string> {
  const n = [...motDePasse].length;
  if (n < 12)
    return {
      ok: false,
      champ: 'motDePasse',
      probleme: 'le mot de passe doit avoir au moins 12 caractères',
    };
  if (n > 128)
    return {
      ok: false,
      champ: 'motDePasse',
      probleme: 'le mot de passe doit avoir au plus 128 caractères',
    };
  if (motDePasse.trim().toLowerCase() === courriel.trim().toLowerCase())
    return {
      ok: false,
      champ: 'motDePasse',
      probleme: 'le mot de passe ne peut pas être le courriel',
    };
  return { ok: true, valeur: motDePasse };
}

export function normaliserCourriel(brut: string): string {
  return brut.trim().toLowerCase();
}
