import { readFile } from 'node:fs/promises';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { OptionsImport } from './demarrage.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { dateDuNom, importDejaFait, insererParLots, parserTexte, refus } from './commun.ts';

/**
 * Imports a UAI ↔ SIRET mapping of training bodies (the public list of training bodies carries
 * no UAI): a CSV, `;` or `,`, whose header has a column `uai` and a column `siret` (case
 * ignored; other columns ignored) — e.g. the export of the « Référentiel des organismes de
 * formation en apprentissage » (ONISEP, referentiel.apprentissage.onisep.fr) or an extract of
 * RAMSESE. The file is the complete mapping: each import replaces it. One SIRET may have several
 * UAI (sites); one UAI belongs to one SIRET.
 */
export async function importerUaiOrganismes(
  base: Base,
  fichier: string,
  progression: Progression,
  options: OptionsImport = {},
): Promise<ResultatImport> {
  const texte = await readFile(fichier, 'utf8');
  const sommeControle = sommeControleTexte(texte);
  const deja = await importDejaFait(base, 'organismes-uai', sommeControle);
  if (deja) return deja;
  const entete = (texte.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').trim();
  const separateur = entete.split(';').length > entete.split(',').length ? ';' : ',';
  const noms = entete.split(separateur).map((c) => c.replace(/^"|"$/g, ''));
  const colUai = noms.find((c) => c.toLowerCase() === 'uai');
  const colSiret = noms.find((c) => c.toLowerCase() === 'siret');
  if (!colUai || !colSiret) throw refus(fichier, 1, 'en-tête sans colonne « uai » et « siret »');
  const lignes = parserTexte(fichier, texte, [colUai, colSiret], separateur);
  const parUai = new Map<string, string>();
  for (const { numero, valeurs: v } of lignes) {
    const uai = (v[colUai] ?? '').trim().toUpperCase();
    const siret = (v[colSiret] ?? '').replace(/\s/g, '');
    if (uai === '' && siret === '') continue;
    if (!/^[0-9]{7}[A-Z]$/.test(uai))
      throw refus(
        fichier,
        numero,
        `colonne ${colUai} : « ${uai} » n’est pas un UAI (7 chiffres et une lettre)`,
      );
    if (!/^[0-9]{14}$/.test(siret))
      throw refus(
        fichier,
        numero,
        `colonne ${colSiret} : « ${siret} » n’est pas un SIRET (14 chiffres)`,
      );
    const autre = parUai.get(uai);
    if (autre && autre !== siret)
      throw refus(fichier, numero, `UAI ${uai} déjà associé au SIRET ${autre}`);
    parUai.set(uai, siret);
  }
  if (parUai.size === 0) throw refus(fichier, 2, 'aucun couple UAI/SIRET dans le fichier');
  progression.debut('UAI des organismes', parUai.size);
  const r = await importerAvecProvenance(
    base,
    { source: 'organismes-uai', fichier, millesime: dateDuNom(fichier), sommeControle },
    async (trx, importId) => {
      await trx.deleteFrom('organisme_uai').execute();
      await insererParLots([...parUai], 1000, (lot) =>
        trx
          .insertInto('organisme_uai')
          .values(lot.map(([uai, siret]) => ({ uai, siret, import_id: importId })))
          .execute(),
      );
      return {
        lignesLues: lignes.length,
        lignesEcrites: parUai.size,
        details: { demo: options.demo === true, sirets: new Set(parUai.values()).size },
      };
    },
  );
  progression.avance(parUai.size);
  progression.fin(`${parUai.size} UAI`);
  return r;
}
