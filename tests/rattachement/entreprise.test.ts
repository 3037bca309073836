import { describe, expect, it } from 'vitest';
import {
  cleLuhnValide,
  completerCles,
  verifierIdcc,
  verifierSiren,
  valeurSiretRapide,
  verifierSiret,
} from '../../src/domaine/entreprise/index.ts';

describe('SIRET / SIREN', () => {
  it('accepte un SIRET à clé de Luhn valide, avec ou sans espaces', () => {
    expect(verifierSiret('73282932000074')).toEqual({ ok: true, valeur: '73282932000074' });
    expect(verifierSiret('732 829 320 00074')).toEqual({ ok: true, valeur: '73282932000074' });
  });

  it('refuse la mauvaise longueur, les caractères et la mauvaise clé, en disant pourquoi', () => {
    expect(verifierSiret('7328293200007')).toEqual({
      ok: false,
      probleme: 'un SIRET a 14 chiffres (13 reçu(s))',
    });
    expect(verifierSiret('7328293200007A')).toEqual({
      ok: false,
      probleme: 'un SIRET ne contient que des chiffres',
    });
    expect(verifierSiret('73282932000075')).toEqual({
      ok: false,
      probleme: 'clé de contrôle (Luhn) invalide',
    });
  });

  it('applique la règle propre à La Poste (SIREN 356000000) : somme des chiffres multiple de 5', () => {
    // 3+5+6+1 = 15: valid for La Poste although the Luhn key fails.
    expect(cleLuhnValide('35600000000001')).toBe(false);
    expect(verifierSiret('35600000000001').ok).toBe(true);
    // 3+5+6+4+8 = 26: refused, with La Poste's rule named.
    const r = verifierSiret('35600000000048');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.probleme).toContain('La Poste');
    // The SIREN itself follows Luhn.
    expect(verifierSiren('356000000').ok).toBe(true);
  });

  it('vérifie un SIREN et normalise un IDCC sur 4 chiffres', () => {
    expect(verifierSiren('732829320').ok).toBe(true);
    expect(verifierSiren('732829321').ok).toBe(false);
    expect(verifierSiren('73282932').ok).toBe(false);
    expect(verifierIdcc('16')).toEqual({ ok: true, valeur: '0016' });
    expect(verifierIdcc('12345').ok).toBe(false);
  });

  it('complète les deux clés d’un SIRET synthétique', () => {
    const s = completerCles('99123456', '0001');
    expect(s).toMatch(/^99123456[0-9]0001[0-9]$/);
    expect(verifierSiret(s).ok).toBe(true);
    expect(verifierSiren(s.slice(0, 9)).ok).toBe(true);
  });

  it('le chemin rapide du traitement en masse décide comme verifierSiret', () => {
    let graine = 7;
    const hasard = () => {
      graine = (Math.imul(graine, 1103515245) + 12345) >>> 0;
      return graine;
    };
    let valides = 0;
    for (let k = 0; k < 20000; k++) {
      // Half La Poste establishments, half anything; some with a letter.
      let s =
        k % 2 === 0
          ? `356000000${String(hasard() % 100000).padStart(5, '0')}`
          : String(hasard() % 1e9).padStart(9, '0') + String(hasard() % 100000).padStart(5, '0');
      if (k % 97 === 0) s = `${s.slice(0, 13)}x`;
      const lent = verifierSiret(s);
      const rapide = valeurSiretRapide(s);
      expect(rapide >= 0, s).toBe(lent.ok);
      if (lent.ok) {
        valides++;
        expect(rapide).toBe(Number(s));
      }
    }
    // About one in ten (Luhn) and one in five (La Poste) are valid.
    expect(valides).toBeGreaterThan(2000);
  });
});
