import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOSSIER_DONNEES_DEPOT, lireConfig } from '../../src/config.ts';
import { sourcesImport } from '../../src/import/sources.ts';
import { FICHIER_ARTICLES } from '../../src/droit/versions-articles.ts';
import { dossierDonnees } from '../aide/base.ts';

const readme = readFileSync(path.join(dossierDonnees, 'README.md'), 'utf8');

/** Rows of the inventory table of donnees/README.md: file → its cells. */
function inventaire(): Map<string, string[]> {
  const lignes = new Map<string, string[]>();
  for (const l of readme.split('\n')) {
    const m = /^\| `([^`]+)` \|(.*)\|$/.exec(l);
    if (m?.[1] && m[2]) lignes.set(m[1], m[2].split('|').map((c) => c.trim()));
  }
  return lignes;
}

describe('données de référence portées par le dépôt (donnees/)', () => {
  it('est le dossier de données par défaut, OPCO_DATA_DIR le remplaçant', () => {
    expect(DOSSIER_DONNEES_DEPOT).toBe(dossierDonnees);
    expect(lireConfig({}, '/ailleurs').dataDir).toBe(dossierDonnees);
    expect(lireConfig({ OPCO_DATA_DIR: 'autre' }, '/ailleurs').dataDirCherche).toBe(
      '/ailleurs/autre',
    );
  });

  it('décrit chaque fichier dans le README (source, millésime, licence) avec sa somme SHA-256 exacte', () => {
    const fichiers = readdirSync(dossierDonnees)
      .filter((f) => f !== 'README.md')
      .sort();
    const inv = inventaire();
    expect([...inv.keys()].sort()).toEqual(fichiers);
    for (const f of fichiers) {
      const cellules = inv.get(f) ?? [];
      // Chargé par | Source | Millésime | Licence | SHA-256
      expect(cellules, f).toHaveLength(5);
      for (const c of cellules) expect(c, f).not.toBe('');
      const sha = createHash('sha256')
        .update(readFileSync(path.join(dossierDonnees, f)))
        .digest('hex');
      expect(cellules[4], `SHA-256 de ${f} dans donnees/README.md`).toBe(sha);
    }
  });

  it('contient chaque fichier que le démarrage et le moteur lisent', () => {
    const lus = [
      ...sourcesImport.flatMap((s) => (s.fichierReference ? [s.fichierReference] : [])),
      FICHIER_ARTICLES,
    ];
    const presents = new Set(readdirSync(dossierDonnees));
    for (const f of lus) expect(presents.has(f), f).toBe(true);
    const inv = inventaire();
    for (const s of sourcesImport)
      if (s.fichierReference) expect(inv.get(s.fichierReference)?.[0], s.nom).toContain(s.nom);
  });

  it('garde les codes France compétences des OPCO et marque celui d’Uniformation comme déduit', () => {
    const lignes = readFileSync(path.join(dossierDonnees, 'opcos.csv'), 'utf8').trim().split('\n');
    expect(lignes[0]).toBe('fc_code,fc_label,siren,slug,lba_label,code_infere,note_code');
    const parCode = new Map(lignes.slice(1).map((l) => [l.slice(0, 2), l]));
    // The codes France compétences sent (conseillers-entreprises #3668), 04 inferred.
    for (const [code, nom] of [
      ['01', 'OPCO2I'],
      ['02', 'AFDAS'],
      ['03', 'ATLAS'],
      ['05', 'CONSTRUCTYS'],
      ['06', 'OPCO EP'],
      ['07', 'AKTO'],
      ['08', "L'OPCOMMERCE"],
      ['09', 'OPCO MOBILITES'],
      ['10', 'OCAPIAT'],
      ['11', 'OPCO SANTE'],
    ] as const)
      expect(parCode.get(code), code).toMatch(new RegExp(`^${code},${nom},.*,false,$`));
    expect(parCode.get('04')).toMatch(/^04,UNIFORMATION COHESION SOCIALE,.*,true,"Code déduit/);
  });

  it('cite une source pour chaque nom usuel de convention', () => {
    const lignes = readFileSync(path.join(dossierDonnees, 'conventions-noms-usuels.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lignes[0]).toBe('idcc,nom_usuel,source');
    for (const l of lignes.slice(1)) expect(l, l).toMatch(/^[0-9]{4},[^,]+,.{20,}$/);
    expect(lignes).toContainEqual(expect.stringMatching(/^1486,Syntec,/));
    expect(lignes).toContainEqual(expect.stringMatching(/^1979,HCR,/));
  });
});
