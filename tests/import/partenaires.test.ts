import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerPartenaires } from '../../src/import/referentiels-formation/partenaires.importer.ts';
import { trouverSource } from '../../src/import/sources.ts';
import { ErreurOpco } from '../../src/partage/erreurs.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import {
  chargerHabilitations,
  chargerReferentielsFormation,
} from '../../src/stockage/referentiels-formation.depot.ts';
import { baseDeTest, dossierDonnees, moteurDeTest } from '../aide/base.ts';

const partenaires = path.join(dossierDonnees, 'export_fiches_CSV_Partenaires_2026_11_30.csv');
const CFA_INDUSTRIE = '90000001900019';
const OF_CONTINUE = '90000002700012';

/**
 * The RNCP « Partenaires » file (bodies habilitated by the certifier, R6113-16): imported
 * all-or-nothing, idempotent, with its provenance; the repository's sample is in the real
 * export's format (donnees/README.md).
 */
describe(`organismes habilités du RNCP : import (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  const tmp = mkdtempSync(path.join(tmpdir(), 'opco-partenaires-'));
  beforeAll(async () => {
    base = await baseDeTest();
  }, 120_000);
  afterAll(async () => {
    await base?.fermer();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('avant tout import, les habilitations sont inconnues (null)', async () => {
    const h = await chargerHabilitations(base.db, null);
    expect(h('RNCP36989')).toBeNull();
  });

  it('importe l’échantillon : fiches RS écartées, doublon gardé une fois, provenance', async () => {
    const r = await importerPartenaires(base, partenaires, progressionMuette);
    expect(r).toMatchObject({
      source: 'certifications-partenaires',
      millesime: '2026-11-30',
      statut: 'importe',
      lignesLues: 6,
      lignesEcrites: 4,
    });
    const meta = await base.db
      .selectFrom('import_meta')
      .select(['details'])
      .where('id', '=', r.importId)
      .executeTakeFirstOrThrow();
    expect(meta.details).toMatchObject({
      certifications: 2,
      lignesRepertoireSpecifique: 1,
      doublons: 1,
    });
    const h = await chargerHabilitations(base.db, ['RNCP36989']);
    expect(h('36989')).toEqual({
      codeRncp: 'RNCP36989',
      millesime: '2026-11-30',
      partenaires: [
        {
          siret: CFA_INDUSTRIE,
          nom: "CFA DEMONSTRATION DES METIERS DE L'INDUSTRIE",
          habilitation: 'HABILITATION_ORGA_FORM',
        },
        {
          siret: OF_CONTINUE,
          nom: 'ORGANISME DEMONSTRATION FORMATION CONTINUE',
          habilitation: 'HABILITATION_FORMER',
        },
      ],
    });
    // A fiche with no partner in the file: an empty list, the file being known.
    expect((await chargerHabilitations(base.db, null))('RNCP37239')).toEqual({
      codeRncp: 'RNCP37239',
      millesime: '2026-11-30',
      partenaires: [],
    });
    const source = await chargerReferentielsFormation(base.db, { codesRncp: ['RNCP1002'] });
    expect(source.habilitations('RNCP1002')?.partenaires.map((p) => p.habilitation)).toEqual([
      'HABILITATION_ORGANISER',
      'HABILITATION_FORMER',
    ]);
  });

  it('le même fichier une seconde fois : déjà importé, rien ne change', async () => {
    const r = await importerPartenaires(base, partenaires, progressionMuette);
    expect(r.statut).toBe('deja_importe');
    const n = await base.db
      .selectFrom('certification_partenaire')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(4);
  });

  it('une ligne fautive refuse tout le fichier en la nommant ; la table reste celle d’avant', async () => {
    const f = path.join(tmp, 'export_fiches_CSV_Partenaires_2026_12_01.csv');
    writeFileSync(
      f,
      'Numero_Fiche;Nom_Partenaire;Siret_Partenaire;Habilitation_Partenaire\n' +
        'RNCP36989;UN ORGANISME;90000001900019;HABILITATION_FORMER\n' +
        'RNCP36989;AUTRE;123;HABILITATION_FORMER\n',
    );
    const e = await importerPartenaires(base, f, progressionMuette).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ErreurOpco);
    expect((e as ErreurOpco).message).toContain('ligne 3');
    expect((e as ErreurOpco).message).toContain('Siret_Partenaire');
    const g = path.join(tmp, 'export_fiches_CSV_Partenaires_2026_12_02.csv');
    writeFileSync(
      g,
      'Numero_Fiche;Nom_Partenaire;Siret_Partenaire;Habilitation_Partenaire\n' +
        'RNCP36989;UN ORGANISME;90000001900019;HABILITATION_EVALUER\n',
    );
    const e2 = await importerPartenaires(base, g, progressionMuette).catch((x: unknown) => x);
    expect((e2 as ErreurOpco).message).toContain('Habilitation_Partenaire');
    const h = await chargerHabilitations(base.db, ['RNCP36989']);
    expect(h('RNCP36989')?.partenaires).toHaveLength(2);
  });

  it('est une source de opco import, chargée au démarrage depuis l’échantillon', () => {
    const s = trouverSource('certifications-partenaires');
    expect(s?.fichierReference).toBe('export_fiches_CSV_Partenaires_2026_11_30.csv');
    expect(s?.demarrage).toBeDefined();
  });
});
