import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { registreErreurs } from '../../src/partage/erreurs.ts';

const doc = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');

/** The section of docs/errors.md for one code, or null. */
function section(code: string): string | null {
  const m = new RegExp(`^## ${code}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(doc);
  return m ? (m[1] ?? '') : null;
}

test.each(Object.keys(registreErreurs).filter((c) => c.startsWith('ERR_TEXTE_')))(
  '%s est documenté dans docs/errors.md avec son statut',
  (code) => {
    const s = section(code);
    expect(s, `section ## ${code}`).not.toBeNull();
    const statut = registreErreurs[code as keyof typeof registreErreurs].statut;
    expect(s).toContain(`**${statut}**`);
  },
);

test('les codes des textes sont ceux attendus', () => {
  expect(Object.keys(registreErreurs).filter((c) => c.startsWith('ERR_TEXTE_'))).toEqual([
    'ERR_TEXTE_ARTICLE_INCONNU',
    'ERR_TEXTE_NON_EN_VIGUEUR',
    'ERR_TEXTE_VERSION_INCONNUE',
    'ERR_TEXTE_INDISPONIBLE',
    'ERR_TEXTE_PUBLICATION_INCONNUE',
    'ERR_TEXTE_CITATIONS_INVALIDES',
  ]);
});
