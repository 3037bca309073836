import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargerDonneesReference, trouverSource } from '../../src/import/sources.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import { obtenirRattacheur } from '../../src/stockage/rattachement.depot.ts';
import { baseDeTest, dossierDonnees } from '../aide/base.ts';

type BaseTest = Awaited<ReturnType<typeof baseDeTest>>;
let base: BaseTest;
const dossier = mkdtempSync(path.join(tmpdir(), 'siro-'));

function fichier(nom: string, lignes: string[]): string {
  const f = path.join(dossier, nom);
  writeFileSync(f, `${lignes.join('\n')}\n`);
  return f;
}

async function importer(source: string, f: string) {
  const s = trouverSource(source);
  if (!s) throw new Error(source);
  return s.importer(base, f, progressionMuette);
}

async function compter(
  table: 'siro_etablissement' | 'idcc_opco' | 'convention' | 'naf' | 'npec_cpne_idcc',
) {
  const r = await base.db
    .selectFrom(table)
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  base = await baseDeTest();
  await chargerDonneesReference(base, dossierDonnees, dossierDonnees, () => progressionMuette);
});
afterAll(async () => {
  await base.fermer();
});

describe('imports du rattachement', () => {
  it('charge au premier démarrage les référentiels réels et l’échantillon de démonstration', async () => {
    expect(await compter('idcc_opco')).toBe(1052);
    expect(await compter('naf')).toBe(1707);
    // 467 rows in the 2019-10 table, of which 424 name an IDCC (the 43 others are « NA »).
    expect(await compter('npec_cpne_idcc')).toBe(424);
    const usuels = await base.db
      .selectFrom('convention_nom_usuel')
      .select(['idcc', 'nom'])
      .where('nom', 'in', ['Syntec', 'HCR'])
      .orderBy('idcc')
      .execute();
    expect(usuels).toEqual([
      { idcc: '1486', nom: 'Syntec' },
      { idcc: '1979', nom: 'HCR' },
    ]);
    const conv = await base.db
      .selectFrom('convention')
      .select(['idcc', 'titre_court', 'origine'])
      .where('idcc', 'in', ['1486', '2511', '1841'])
      .orderBy('idcc')
      .execute();
    expect(conv).toEqual([
      { idcc: '1486', titre_court: expect.any(String), origine: 'kali-data' },
      // 1841 is only in idcc-list-bal.csv, on a row naming "1740 1841 1843".
      {
        idcc: '1841',
        titre_court: expect.stringContaining('Bâtiment de la région parisienne'),
        origine: 'idcc-list-bal',
      },
      { idcc: '2511', titre_court: 'Sport', origine: 'kali-data' },
    ]);
    const demo = await base.db.selectFrom('siro_millesime').selectAll().execute();
    expect(demo).toHaveLength(1);
    expect(demo[0]).toMatchObject({ millesime: '2026-06', demo: true });
    expect(await compter('siro_etablissement')).toBe(demo[0]?.nb_etablissements);
    const r = await obtenirRattacheur(base, true);
    const reponse = r.parIdcc('1486', null);
    expect(reponse.opco?.nom).toBe('ATLAS');
  });

  it('est idempotent : le même fichier deux fois ne change rien', async () => {
    const avant = await compter('siro_etablissement');
    const bilan = await chargerDonneesReference(
      base,
      dossierDonnees,
      dossierDonnees,
      () => progressionMuette,
    );
    expect(bilan.resultats.map((r) => [r.source, r.statut])).toEqual([
      ['opcos', 'deja_importe'],
      ['idcc-opco', 'deja_importe'],
      ['conventions', 'deja_importe'],
      ['noms-usuels', 'deja_importe'],
      ['naf', 'deja_importe'],
      ['cpne-idcc', 'deja_importe'],
      ['siro', 'deja_importe'],
      ['npec', 'deja_importe'],
      ['textes', 'deja_importe'],
      ['textes', 'deja_importe'],
    ]);
    expect(await compter('siro_etablissement')).toBe(avant);
  });

  it('refuse un fichier SIRO invalide en nommant la ligne, sans rien écrire', async () => {
    const avant = await compter('siro_etablissement');
    const f = fichier('siro-202501.csv', [
      'SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION',
      '73282932000074|1486|ATLAS|',
      '73282932000082|0016|OPCO INCONNU|',
    ]);
    await expect(importer('siro', f)).rejects.toThrow(
      /siro-202501\.csv, ligne 3 : OPCO_PROPRIETAIRE « OPCO INCONNU » n’est pas un OPCO connu/,
    );
    const f2 = fichier('siro-202502.csv', ['73282932000074|1486|ATLAS', '']);
    await expect(importer('siro', f2)).rejects.toThrow(/ligne 1 : 3 champ\(s\) au lieu de 4/);
    const f4 = fichier('siro-202503.csv', ['73282932000074|16|ATLAS|']);
    await expect(importer('siro', f4)).rejects.toThrow(/ligne 1 : IDCC « 16 » invalide/);
    const f5 = fichier('siro-202504.csv', ['7328293200007|1486|ATLAS|']);
    await expect(importer('siro', f5)).rejects.toThrow(
      /ligne 1 : SIRET « 7328293200007 » invalide/,
    );
    const f3 = fichier('siro-sans-date.csv', ['73282932000074|1486|ATLAS|']);
    await expect(importer('siro', f3)).rejects.toThrow(/millésime introuvable/);
    expect(await compter('siro_etablissement')).toBe(avant);
    const echecs = await base.db
      .selectFrom('import_meta')
      .select('statut')
      .where('source', '=', 'siro')
      .where('statut', '=', 'echoue')
      .execute();
    expect(echecs).toHaveLength(4);
  });

  it('refuse un agrégat IDCC → OPCO invalide en nommant la ligne', async () => {
    const f = fichier('idcc-opco-siro-202501.csv', [
      'idcc,opco_fc_label,opco_fc_code,siret_count',
      '1486,ATLAS,03,10',
      '1486,ATLAS,03,5',
    ]);
    await expect(importer('idcc-opco', f)).rejects.toThrow(
      /ligne 3 : couple IDCC 1486 \/ ATLAS en double/,
    );
  });

  it('garde les millésimes datés ; un millésime officiel remplace la démonstration', async () => {
    const A = '73282932000074';
    await importer(
      'siro',
      fichier('siro-202501.csv', [
        'SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION',
        `${A}|1486|OPCO2I|`,
      ]),
    );
    const r2 = await importer(
      'siro',
      fichier('siro-202606.csv', [
        `${A}|1486|ATLAS|AKTO`,
        '73282932000082|9999||',
        '73282932000090|||',
      ]),
    );
    expect(r2).toMatchObject({
      statut: 'importe',
      lignesLues: 3,
      lignesEcrites: 3,
      millesime: '2026-06',
    });
    const millesimes = await base.db
      .selectFrom('siro_millesime')
      .select(['millesime', 'demo'])
      .orderBy('millesime')
      .execute();
    expect(millesimes).toEqual([
      { millesime: '2025-01', demo: false },
      { millesime: '2026-06', demo: false },
    ]);
    expect(await compter('siro_etablissement')).toBe(4);
    const r = await obtenirRattacheur(base, true);
    expect(r.parSiret(A, '2025-06-30')).toMatchObject({
      statut: 'trouve',
      opco: { nom: 'OPCO2I' },
      demo: false,
    });
    expect(r.parSiret(A, '2026-06-01')).toMatchObject({
      opco: { nom: 'ATLAS' },
      opcoGestion: { nom: 'AKTO' },
    });
    expect(r.parSiret(A, null).explication).not.toContain('démonstration');
    expect(r.parSiret('73282932000082', null).statut).toBe('idcc_echappement');
    expect(r.parSiret('73282932000090', null).statut).toBe('sans_opco');
    // With an official vintage, the first-start loader no longer loads the sample.
    const bilan = await chargerDonneesReference(
      base,
      dossierDonnees,
      dossierDonnees,
      () => progressionMuette,
    );
    expect(bilan.resultats.map((r) => r.source)).not.toContain('siro');
    expect(bilan.manquants.filter((m) => m.includes('SIRET-OPCO'))).toEqual([]);
    expect(await compter('siro_etablissement')).toBe(4);
  });
});
