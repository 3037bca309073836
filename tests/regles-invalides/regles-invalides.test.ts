import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chargerRegles } from '../../src/moteur/index.ts';
import { ErreurOpco } from '../../src/partage/erreurs.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * One fixture per refusal of the rule loader (unknown name, cycle, type error, unknown
 * mechanism or key…). Each fixture adds its rules to a minimal scheme `essai`; its first line
 * says `# attendu: <règle> | <fragment of the problem>`; the refusal names the file and the rule.
 */
const dossier = path.join(import.meta.dirname, 'fixtures');
const dispositif = readFileSync(path.join(import.meta.dirname, 'dispositif-essai.yaml'), 'utf8');
const fixtures = readdirSync(dossier)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const parametres = moteurDeTest().droit.parametres;

function charger(fichier: string, source: string) {
  const textes = new Map([
    ['essai/dispositif.yaml', dispositif],
    [fichier, source],
  ]);
  return chargerRegles(
    { fichiers: () => [...textes.keys()], lire: (c) => textes.get(c) ?? '' },
    parametres,
  );
}

describe('le chargeur de règles refuse les règles invalides', () => {
  it.each(fixtures)('%s', (f) => {
    const source = readFileSync(path.join(dossier, f), 'utf8');
    const m = /^# attendu: (.+?) \| (.+)$/m.exec(source);
    expect(m, 'ligne « # attendu: » absente').not.toBeNull();
    const [, regle, probleme] = m as unknown as [string, string, string];
    const fichier = `essai/${f}`;
    let erreur: unknown;
    try {
      charger(fichier, source);
    } catch (e) {
      erreur = e;
    }
    expect(erreur).toBeInstanceOf(ErreurOpco);
    const e = erreur as ErreurOpco;
    expect(e.code).toBe('ERR_REGLE_INVALIDE');
    expect(e.info.fichier).toBe(fichier);
    expect(e.info.regle).toBe(regle);
    expect(String(e.info.probleme)).toContain(probleme);
    expect(e.message).toContain(fichier);
  });

  it('des règles valides se chargent, typées, avec leurs références', () => {
    const d = charger(
      'essai/valide.yaml',
      [
        'essai.total:',
        '  description: "Total plafonné"',
        '  references: [D6332-83]',
        '  unite: €',
        '  formule:',
        '    plafond:',
        '      valeur: entree.montant',
        '      plafond: parametre.apprentissage.frais_annexes.premier_equipement_plafond',
      ].join('\n'),
    ).get('essai');
    const r = d?.regles.get('essai.total');
    expect(r?.formule.type).toBe('nombre');
    expect(r?.unite).toBe('€');
    expect(r?.references[0]?.article).toBe('D6332-83');
  });

  it('les règles du dépôt (droit/regles) se chargent', () => {
    const regles = moteurDeTest().droit.dispositifs.get('apprentissage')?.regles;
    expect(regles?.size).toBeGreaterThan(20);
    for (const r of regles?.values() ?? []) expect(r.references.length).toBeGreaterThan(0);
  });
});
