import { genererEchantillonSiro } from '../../domaine/rattachement/index.ts';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import type { ResultatImport } from '../provenance.ts';
import { importerSiroTexte } from './siro.importer.ts';

/** Size of the demonstration sample: small enough for a fast first start. */
export const CIBLE_DEMO = 30_000;
/** Rows without OPCO in the real 2026-06 table: 124 575 of 3 671 884 (data/README.md §3). */
const PART_SANS_OPCO = 124_575 / 3_671_884;

/**
 * Loads the generated demonstration sample in the official SIRO format, unless an official
 * vintage was imported. It follows the IDCC/OPCO distribution of the latest IDCC → OPCO vintage.
 * Returns a sentence when it cannot be loaded.
 */
export async function chargerDemoSiro(
  base: Base,
  progression: Progression,
): Promise<ResultatImport[] | string> {
  const officiel = await base.db
    .selectFrom('siro_millesime')
    .select('import_id')
    .where('demo', '=', false)
    .limit(1)
    .executeTakeFirst();
  // An official vintage is there: no demonstration sample is needed, nothing is missing.
  if (officiel) return [];
  const dernier = await base.db
    .selectFrom('idcc_opco')
    .select('millesime')
    .orderBy('date_effet', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!dernier)
    return 'Échantillon SIRET-OPCO de démonstration non généré : la table IDCC → OPCO n’est pas chargée.';
  const couples = await base.db
    .selectFrom('idcc_opco')
    .select(['idcc', 'opco_code', 'nb_siret'])
    .where('millesime', '=', dernier.millesime)
    .orderBy('idcc')
    .orderBy('opco_code')
    .execute();
  const opcos = await base.db.selectFrom('opco').select(['code', 'nom']).execute();
  const akto = opcos.find((o) => o.nom === 'AKTO')?.code ?? null;
  const lignes = genererEchantillonSiro(
    couples.map((c) => ({ idcc: c.idcc, opcoCode: c.opco_code, nbSiret: c.nb_siret })),
    new Map(opcos.map((o) => [o.code, o.nom])),
    { cible: CIBLE_DEMO, partSansOpco: PART_SANS_OPCO, graine: 202606, opcoGestionOutreMer: akto },
  );
  const nom = `siro-demo-${dernier.millesime.replace('-', '')}.csv`;
  const resultat = await importerSiroTexte(base, nom, `${lignes.join('\n')}\n`, progression, {
    millesime: dernier.millesime,
    demo: true,
  });
  return [resultat];
}
