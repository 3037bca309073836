import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErreurOpco, registreErreurs } from '../src/partage/erreurs.ts';

const doc = readFileSync(path.resolve(import.meta.dirname, '..', 'docs', 'errors.md'), 'utf8');

/** `## CODE` sections of docs/errors.md with the status each one states. */
function codesDocumentes(): Map<string, number | null> {
  const sections = doc.split(/^## /m).slice(1);
  return new Map(
    sections.map((s) => {
      const code = s.split('\n')[0]!.trim();
      const statut = /Statut : (\d{3})/.exec(s)?.[1];
      return [code, statut ? Number(statut) : null];
    }),
  );
}

describe('registre des erreurs et docs/errors.md', () => {
  it('documente exactement les codes du registre, avec le même statut HTTP', () => {
    const documentes = codesDocumentes();
    expect([...documentes.keys()].sort()).toEqual(Object.keys(registreErreurs).sort());
    for (const [code, e] of Object.entries(registreErreurs)) {
      expect(documentes.get(code), code).toBe(e.statut);
    }
  });

  it('nomme ses codes ERR_<CAS> en majuscules ASCII', () => {
    for (const code of Object.keys(registreErreurs)) expect(code).toMatch(/^ERR_[A-Z0-9_]+$/);
  });

  it('remplit le modèle de message avec les informations de l’erreur', () => {
    const e = new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
      fichier: 'opcos.csv',
      ligne: 5,
      probleme: 'colonne siren : SIREN à 9 chiffres attendu',
    });
    expect(e.message).toBe(
      'Fichier opcos.csv, ligne 5 : colonne siren : SIREN à 9 chiffres attendu',
    );
    expect(e.statut).toBe(422);
  });
});
