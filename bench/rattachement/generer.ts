import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { genererEchantillonSiro } from '../../src/domaine/rattachement/index.ts';
import { parserCsvAvecEntete } from '../../src/partage/csv.ts';

/**
 * Writes a synthetic SIRO file in the official format with about `taille` rows, following the
 * IDCC/OPCO distribution of idcc-opco-siro-202606.csv (same generator as the demo sample).
 */
export async function genererFichierSiro(
  dossierDonnees: string,
  fichier: string,
  taille: number,
): Promise<{ lignes: number; sirets: string[] }> {
  const agregat = parserCsvAvecEntete(
    readFileSync(path.join(dossierDonnees, 'idcc-opco-siro-202606.csv'), 'utf8'),
    ['idcc', 'opco_fc_label', 'opco_fc_code', 'siret_count'],
  );
  const libelles = new Map(
    agregat.map((l) => [l.valeurs.opco_fc_code ?? '', l.valeurs.opco_fc_label ?? '']),
  );
  const couples = agregat.map((l) => ({
    idcc: l.valeurs.idcc ?? '',
    opcoCode: l.valeurs.opco_fc_code ?? '',
    nbSiret: Number(l.valeurs.siret_count),
  }));
  const total = couples.reduce((s, c) => s + c.nbSiret, 0);
  const partSansOpco = 124_575 / 3_671_884;
  const lignes = genererEchantillonSiro(couples, libelles, {
    cible: Math.round(taille * (1 - partSansOpco) * Math.min(1, total / (total + couples.length))),
    partSansOpco,
    graine: 3_671_884,
    opcoGestionOutreMer: '02',
  });
  const flux = createWriteStream(fichier);
  const sirets: string[] = [];
  for (let i = 0; i < lignes.length; i += 10_000) {
    const lot = lignes.slice(i, i + 10_000);
    for (const l of lot) if (!l.startsWith('SIRET')) sirets.push(l.slice(0, 14));
    if (!flux.write(`${lot.join('\n')}\n`)) await once(flux, 'drain');
  }
  flux.end();
  await once(flux, 'finish');
  return { lignes: lignes.length - 1, sirets };
}
