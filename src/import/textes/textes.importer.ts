import path from 'node:path';
import { fusionnerPublications } from '../../domaine/textes/index.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import {
  ecrirePublication,
  lirePublications,
  remplacerVersions,
} from '../../stockage/textes.depot.ts';
import { oublierArticles } from '../../stockage/textes.cache.ts';
import { importerAvecProvenance, type ResultatImport } from '../provenance.ts';
import {
  DOSSIER_CACHE_PAR_DEFAUT,
  PAQUETS_PAR_DEFAUT,
  dossierPaquetInstalle,
  extraireAvecCache,
  type PublicationExtraite,
} from './legi-data.extraction.ts';

export const SOURCE_TEXTES = 'textes';

/**
 * Imports one publication of the Code du travail (a legi-data package folder), then rebuilds
 * the merged history of every article from all stored publications — in one transaction, with
 * provenance (source `textes`, millésime = package version). Idempotent: a publication already
 * stored with the same checksum (same package version, same filter, same extractor) is skipped.
 */
export async function importerPublicationTextes(
  base: Base,
  dossier: string,
  progression: Progression,
  options: { dossierCache?: string } = {},
): Promise<ResultatImport> {
  progression.debut(`Textes ${path.relative(process.cwd(), dossier) || dossier}`, null);
  const pub: PublicationExtraite = await extraireAvecCache(
    dossier,
    options.dossierCache ?? DOSSIER_CACHE_PAR_DEFAUT,
  );
  const deja = await base.db
    .selectFrom('texte_publication')
    .innerJoin('import_meta', 'import_meta.id', 'texte_publication.import_id')
    .select([
      'import_meta.id',
      'import_meta.fichier',
      'import_meta.lignes_lues',
      'import_meta.lignes_ecrites',
    ])
    .where('texte_publication.source', '=', pub.source)
    .where('texte_publication.empreinte', '=', pub.empreinte)
    .executeTakeFirst();
  if (deja) {
    progression.fin(`${pub.source} : déjà importé`);
    return {
      source: SOURCE_TEXTES,
      fichier: deja.fichier,
      millesime: pub.version,
      sommeControle: pub.empreinte,
      importId: deja.id,
      statut: 'deja_importe',
      lignesLues: deja.lignes_lues,
      lignesEcrites: deja.lignes_ecrites,
    };
  }
  const r = await importerAvecProvenance(
    base,
    {
      source: SOURCE_TEXTES,
      fichier: pub.source,
      millesime: pub.version,
      sommeControle: pub.empreinte,
    },
    async (trx, importId) => {
      await ecrirePublication(trx, pub, importId);
      const fusion = fusionnerPublications(await lirePublications(trx));
      const versions = [...fusion.versions.values()].flat();
      await remplacerVersions(trx, versions, fusion.renvois, importId);
      return {
        lignesLues: pub.articles.length,
        lignesEcrites: versions.length,
        details: {
          paquet: pub.paquet,
          version: pub.version,
          dateCode: pub.dateCode,
          filtre: pub.filtre,
          articles: pub.articles.length,
          articlesFusionnes: fusion.versions.size,
          renvois: Object.fromEntries(fusion.renvois),
          versions: versions.length,
          versionsAvecTexte: versions.filter((v) => v.texte !== null).length,
        },
      };
    },
  );
  // The API's cached articles (src/stockage/textes.cache.ts) are read again after this import.
  oublierArticles(base);
  progression.fin(`${pub.source} : ${pub.articles.length} articles`);
  return r;
}

/** The default corpus: every legi-data package of package.json, the oldest publication first. */
export async function importerTextesParDefaut(
  base: Base,
  progression: Progression,
  options: { dossierCache?: string } = {},
): Promise<ResultatImport[]> {
  const resultats: ResultatImport[] = [];
  for (const nom of [...PAQUETS_PAR_DEFAUT].reverse()) {
    const dossier = dossierPaquetInstalle(nom);
    // A package left out of the installation (npm install --omit…) is skipped, not fatal: the
    // API then says which data is missing.
    if (dossier)
      resultats.push(await importerPublicationTextes(base, dossier, progression, options));
  }
  return resultats;
}
