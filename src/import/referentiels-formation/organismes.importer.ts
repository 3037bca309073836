import type { CategorieQualiopi } from '../../domaine/referentiels-formation/index.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { OptionsImport } from './demarrage.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { dateDuNom, importDejaFait, insererParLots, lireCsvSeparateur, refus } from './commun.ts';

/**
 * Columns of the DGEFP « Liste publique des organismes de formation » (data.gouv.fr, CSV `;`)
 * that the import reads; the file has more (address, declared figures, specialities…), ignored.
 */
const COLONNES = [
  'numeroDeclarationActivite',
  'denomination',
  'siren',
  'siretEtablissementDeclarant',
  'certifications.actionsDeFormation',
  'certifications.bilansDeCompetences',
  'certifications.VAE',
  'certifications.actionsDeFormationParApprentissage',
] as const;

/** Column of the list → Qualiopi category (L6313-1). */
const CATEGORIES: ReadonlyArray<readonly [(typeof COLONNES)[number], CategorieQualiopi]> = [
  ['certifications.actionsDeFormation', 'action_formation'],
  ['certifications.bilansDeCompetences', 'bilan_competences'],
  ['certifications.VAE', 'vae'],
  ['certifications.actionsDeFormationParApprentissage', 'apprentissage'],
];

interface OrganismeLu {
  siret: string;
  nda: string | null;
  siren: string | null;
  raisonSociale: string;
  categories: Set<CategorieQualiopi>;
}

/**
 * Imports one snapshot of the public list of training bodies. The list is published daily and
 * says, on that day, which categories of actions each body is Qualiopi-certified for — without
 * the certificate's dates. Each snapshot (its extract date is read in the file name, e.g.
 * liste-publique-des-of-2026-11-30.csv) therefore:
 * - upserts the bodies it lists (bodies absent from it are kept, with the last day they were seen);
 * - opens a Qualiopi period (du = extract date) for each newly certified (SIRET, category);
 * - closes each open period the snapshot no longer shows, on the last snapshot that showed it.
 * Snapshots must be imported in date order. A line without SIRET (foreign bodies) is skipped
 * and counted; several lines for one SIRET are merged (categories united).
 */
export async function importerOrganismes(
  base: Base,
  fichier: string,
  progression: Progression,
  options: OptionsImport = {},
): Promise<ResultatImport> {
  const { texte, lignes } = await lireCsvSeparateur(fichier, COLONNES, ';');
  const sommeControle = sommeControleTexte(texte);
  const deja = await importDejaFait(base, 'organismes', sommeControle);
  if (deja) return deja;
  const date = dateDuNom(fichier);
  if (!date)
    throw refus(
      fichier,
      0,
      'date d’extraction introuvable dans le nom du fichier (ex. liste-publique-des-of-2026-11-30.csv) : la liste publique ne dit que l’état du jour où elle est extraite',
    );
  // The repository's sample (demo) gives way to the first official extraction: purged, and its
  // date does not constrain the order of official extractions.
  const imports = await base.db
    .selectFrom('import_meta')
    .select(['millesime', 'details'])
    .where('source', '=', 'organismes')
    .where('statut', '=', 'termine')
    .execute();
  const officiels = imports.filter((i) => i.details.demo !== true);
  const purgerDemo = options.demo !== true && officiels.length === 0 && imports.length > 0;
  const precedent = officiels.reduce<string | null>(
    (m, i) => (i.millesime !== null && (m === null || i.millesime > m) ? i.millesime : m),
    null,
  );
  if (precedent && precedent >= date)
    throw refus(
      fichier,
      0,
      `extraction du ${date} antérieure ou égale à la dernière importée (${precedent}) : importez les extractions dans l’ordre des dates`,
    );

  const parSiret = new Map<string, OrganismeLu>();
  let sansSiret = 0;
  let fusionnees = 0;
  for (const { numero, valeurs: v } of lignes) {
    const siret = (v.siretEtablissementDeclarant ?? '').replace(/\s/g, '');
    if (siret === '') {
      sansSiret++;
      continue;
    }
    if (!/^[0-9]{14}$/.test(siret))
      throw refus(
        fichier,
        numero,
        `colonne siretEtablissementDeclarant : « ${siret} » n’est pas un SIRET (14 chiffres)`,
      );
    const nda = (v.numeroDeclarationActivite ?? '').trim();
    if (nda !== '' && !/^[0-9A-Z]{11}$/.test(nda))
      throw refus(
        fichier,
        numero,
        `colonne numeroDeclarationActivite : « ${nda} » n’est pas un numéro de déclaration d’activité (11 caractères)`,
      );
    const siren = (v.siren ?? '').trim();
    if (siren !== '' && !/^[0-9]{9}$/.test(siren))
      throw refus(fichier, numero, `colonne siren : « ${siren} » n’est pas un SIREN (9 chiffres)`);
    const categories = new Set<CategorieQualiopi>();
    for (const [colonne, categorie] of CATEGORIES) {
      const b = (v[colonne] ?? '').trim().toLowerCase();
      if (b === 'true') categories.add(categorie);
      else if (b !== 'false' && b !== '')
        throw refus(
          fichier,
          numero,
          `colonne ${colonne} : « ${v[colonne]} » au lieu de true, false ou vide`,
        );
    }
    const raisonSociale = (v.denomination ?? '').trim();
    if (raisonSociale === '')
      throw refus(fichier, numero, 'colonne denomination : dénomination vide');
    const existant = parSiret.get(siret);
    if (existant) {
      fusionnees++;
      for (const c of categories) existant.categories.add(c);
      continue;
    }
    parSiret.set(siret, {
      siret,
      nda: nda || null,
      siren: siren || siret.slice(0, 9),
      raisonSociale,
      categories,
    });
  }
  const organismes = [...parSiret.values()];
  if (organismes.length === 0) throw refus(fichier, 2, 'aucun organisme avec un SIRET');
  progression.debut(`Organismes de formation au ${date}`, organismes.length);

  const r = await importerAvecProvenance(
    base,
    { source: 'organismes', fichier, millesime: date, sommeControle },
    async (trx, importId) => {
      if (purgerDemo) {
        await trx.deleteFrom('organisme_qualiopi').execute();
        await trx.deleteFrom('organisme_formation').execute();
      }
      await insererParLots(organismes, 5000, (lot) =>
        trx
          .insertInto('organisme_formation')
          .values(
            lot.map((o) => ({
              siret: o.siret,
              nda: o.nda,
              siren: o.siren,
              raison_sociale: o.raisonSociale,
              date_declaration: null,
              vu_du: date,
              vu_au: date,
              import_id: importId,
            })),
          )
          .onConflict((oc) =>
            oc.column('siret').doUpdateSet((eb) => ({
              nda: eb.ref('excluded.nda'),
              siren: eb.ref('excluded.siren'),
              raison_sociale: eb.ref('excluded.raison_sociale'),
              vu_au: eb.ref('excluded.vu_au'),
              import_id: eb.ref('excluded.import_id'),
            })),
          )
          .execute(),
      );

      // Qualiopi periods: keep, open, close.
      const ouvertes = await trx
        .selectFrom('organisme_qualiopi')
        .select(['id', 'siret', 'categorie'])
        .where('au', 'is', null)
        .execute();
      const cleOuverte = new Map(ouvertes.map((o) => [`${o.siret}|${o.categorie}`, o.id]));
      const prolongees: number[] = [];
      const nouvelles: { siret: string; categorie: CategorieQualiopi }[] = [];
      for (const o of organismes)
        for (const categorie of o.categories) {
          const id = cleOuverte.get(`${o.siret}|${categorie}`);
          if (id === undefined) nouvelles.push({ siret: o.siret, categorie });
          else {
            prolongees.push(id);
            cleOuverte.delete(`${o.siret}|${categorie}`);
          }
        }
      const closes = [...cleOuverte.values()];
      await insererParLots(closes, 1000, (lot) =>
        trx
          .updateTable('organisme_qualiopi')
          .set((eb) => ({ au: eb.ref('vu_au') }))
          .where('id', 'in', lot)
          .execute(),
      );
      await insererParLots(prolongees, 1000, (lot) =>
        trx.updateTable('organisme_qualiopi').set({ vu_au: date }).where('id', 'in', lot).execute(),
      );
      await insererParLots(nouvelles, 8000, (lot) =>
        trx
          .insertInto('organisme_qualiopi')
          .values(lot.map((n) => ({ ...n, du: date, au: null, vu_au: date, import_id: importId })))
          .execute(),
      );
      return {
        lignesLues: lignes.length,
        lignesEcrites: organismes.length,
        details: {
          demo: options.demo === true,
          echantillonRemplace: purgerDemo,
          dateExtraction: date,
          lignesSansSiret: sansSiret,
          lignesFusionnees: fusionnees,
          periodesQualiopiOuvertes: nouvelles.length,
          periodesQualiopiProlongees: prolongees.length,
          periodesQualiopiCloses: closes.length,
          certifiesApprentissage: organismes.filter((o) => o.categories.has('apprentissage'))
            .length,
        },
      };
    },
  );
  progression.avance(organismes.length);
  progression.fin(`${organismes.length} organisme(s) au ${date}`);
  return r;
}
