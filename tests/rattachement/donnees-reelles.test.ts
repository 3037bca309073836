import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rattacheur } from '../../src/domaine/rattachement/index.ts';
import { reglagesRattachementParDefaut } from '../../src/config.ts';
import { chargerDonneesReference } from '../../src/import/sources.ts';
import { parserCsvAvecEntete } from '../../src/partage/csv.ts';
import { progressionMuette } from '../../src/partage/progression.ts';
import { obtenirRattacheur } from '../../src/stockage/rattachement.depot.ts';
import { baseDeTest, dossierDonnees } from '../aide/base.ts';

/**
 * The finder on real data: for every real IDCC of France compétences' 2026-06 table (escape
 * values aside), the majority OPCO the finder names is the one of the file.
 */
type BaseTest = Awaited<ReturnType<typeof baseDeTest>>;
let base: BaseTest;
let r: Rattacheur;

const lignes = parserCsvAvecEntete(
  readFileSync(path.join(dossierDonnees, 'idcc-opco-siro-202606.csv'), 'utf8'),
  ['idcc', 'opco_fc_code', 'opco_fc_label', 'siret_count', 'is_majority', 'is_escape_value'],
);

beforeAll(async () => {
  base = await baseDeTest();
  await chargerDonneesReference(base, dossierDonnees, dossierDonnees, () => progressionMuette);
  r = await obtenirRattacheur(base, true);
}, 600_000);
afterAll(async () => {
  await base.fermer();
});

describe('données réelles : idcc-opco-siro-202606.csv', () => {
  const reels = lignes.filter((l) => l.valeurs.is_escape_value === 'false');
  const majoritaires = reels.filter((l) => l.valeurs.is_majority === 'true');

  it('compte 951 IDCC réels, dont 56 à plusieurs OPCO', () => {
    expect(new Set(reels.map((l) => l.valeurs.idcc)).size).toBe(951);
    // One tie: IDCC 9062 has 1 SIRET at AKTO and 1 at OCAPIAT, both flagged as majority.
    expect(majoritaires).toHaveLength(952);
    const parIdcc = new Map<string, number>();
    for (const l of reels)
      parIdcc.set(l.valeurs.idcc ?? '', (parIdcc.get(l.valeurs.idcc ?? '') ?? 0) + 1);
    const plusieurs = [...parIdcc.values()].filter((n) => n > 1);
    expect(plusieurs).toHaveLength(56);
  });

  it('donne pour chaque IDCC réel l’OPCO majoritaire du fichier', () => {
    const ecarts: string[] = [];
    let nbRegroupes = 0;
    const idccs = [...new Set(reels.map((l) => l.valeurs.idcc ?? ''))];
    expect(idccs).toHaveLength(951);
    for (const idcc of idccs) {
      const duFichier = reels.filter((l) => l.valeurs.idcc === idcc);
      const attendus = duFichier
        .filter((l) => l.valeurs.is_majority === 'true')
        .map((l) => `${l.valeurs.opco_fc_code} ${l.valeurs.opco_fc_label}`)
        .sort();
      const rep = r.parIdcc(idcc, '2026-09-30');
      const trouves = rep.repartition
        .filter((p) => p.majoritaire)
        .map((p) => `${p.opco.code} ${p.opco.nom}`)
        .sort();
      if (JSON.stringify(trouves) !== JSON.stringify(attendus))
        ecarts.push(
          `${idcc}: majoritaire(s) ${trouves.join('/')} au lieu de ${attendus.join('/')}`,
        );
      if (!rep.opco || !attendus.includes(`${rep.opco.code} ${rep.opco.nom}`))
        ecarts.push(
          `${idcc}: OPCO ${rep.opco?.nom ?? 'aucun'} hors des majoritaires ${attendus.join('/')}`,
        );
      // Several OPCOs, unless the majority one holds at least the threshold share (99.9 %).
      const comptes = duFichier.map((l) => Number(l.valeurs.siret_count));
      const total = comptes.reduce((a, n) => a + n, 0);
      const dominant =
        Math.max(...comptes) / total >= reglagesRattachementParDefaut.seuilOpcoUnique;
      const statut = duFichier.length > 1 && !dominant ? 'idcc_plusieurs_opco' : 'trouve';
      if (rep.statut !== statut) ecarts.push(`${idcc}: statut ${rep.statut} au lieu de ${statut}`);
      const nbMinoritaires = duFichier.length > 1 && dominant ? duFichier.length - 1 : 0;
      if (rep.minoritaires.length !== nbMinoritaires)
        ecarts.push(
          `${idcc}: ${rep.minoritaires.length} minoritaire(s) au lieu de ${nbMinoritaires}`,
        );
      if (duFichier.length > 1 && dominant) nbRegroupes++;
      const parts = rep.repartition.map((p) => `${p.opco.code}:${p.nbSiret}`).sort();
      const partsFichier = duFichier
        .map((l) => `${l.valeurs.opco_fc_code}:${l.valeurs.siret_count}`)
        .sort();
      if (JSON.stringify(parts) !== JSON.stringify(partsFichier))
        ecarts.push(`${idcc}: parts ${parts.join(',')}`);
    }
    expect(ecarts).toEqual([]);
    // 22 of the 56 real IDCC with several OPCOs have one above 99.9 % (1486, 1979, 0016…).
    expect(nbRegroupes).toBe(22);
    expect(r.parIdcc('9062', null).explication).toContain('à égalité');
  });

  it('répond « valeur d’échappement » pour 5100, 5501, 9998 et 9999', () => {
    for (const idcc of ['5100', '5501', '9998', '9999'])
      expect(r.parIdcc(idcc, null).statut, idcc).toBe('idcc_echappement');
  });
});
