import type { Kysely } from 'kysely';
import type { Cerfa } from '../../domaine/dossiers/index.ts';
import type { SourceReferentielsFormation } from '../../domaine/referentiels-formation/index.ts';
import { contratsDesMaitres } from '../../stockage/dossiers-maitres.depot.ts';
import { opcosDesIdcc } from '../../stockage/dossiers.depot.ts';
import { LecturesGroupees } from '../../stockage/lectures-groupees.ts';
import { chargerReferentielsFormation } from '../../stockage/referentiels-formation.depot.ts';
import type { Database } from '../../stockage/schema.ts';

/**
 * The facts a deposit's instruction looks up outside the dossier (training body, RNCP,
 * oppositions, habilitations, the maîtres' other contracts — R6223-6 — and the branch's OPCO),
 * read for the deposits in flight of this process together (src/stockage/lectures-groupees.ts):
 * one set of queries per group instead of one per deposit (issue 12 point 9: through HTTP, the
 * per-deposit queries were most of the server's CPU, in socket writes). The group's source is
 * loaded for the union of the keys of its dossiers; every lookup of the instruction is by key
 * (SIRET, UAI, RNCP code, employer SIRET, maître), so each dossier reads in it what it would
 * read in a source loaded for its keys alone.
 */
const lecturesReferentiels = new WeakMap<
  Kysely<Database>,
  LecturesGroupees<Cerfa, SourceReferentielsFormation>
>();
const lecturesOpco = new WeakMap<Kysely<Database>, LecturesGroupees<string, string | null>>();

async function sourceDuGroupe(
  db: Kysely<Database>,
  cerfas: readonly Cerfa[],
): Promise<SourceReferentielsFormation[]> {
  const uniques = (xs: Iterable<string>) => [...new Set(xs)];
  const fa13 = cerfas.flatMap((c) => (c.formulaire === 'FA13' ? [c] : []));
  const [source, contrats] = await Promise.all([
    chargerReferentielsFormation(db, {
      sirets: uniques(cerfas.map((c) => c.formation.organisme.siret)),
      uais: uniques(
        cerfas.flatMap((c) => (c.formation.organisme.uai ? [c.formation.organisme.uai] : [])),
      ),
      codesRncp: uniques(cerfas.flatMap((c) => (c.formation.rncp ? [c.formation.rncp] : []))),
      employeurs: uniques(cerfas.map((c) => c.employeur.siret)),
    }),
    fa13.length > 0
      ? contratsDesMaitres(
          db,
          fa13.flatMap((c) => c.maitres),
        )
      : null,
  ]);
  const avecContrats: SourceReferentielsFormation = contrats
    ? { ...source, contratsDuMaitre: (cle) => contrats.get(cle) ?? [] }
    : source;
  // An EJ20 has no maître d'apprentissage: its source does not carry the R6223-6 facts.
  return cerfas.map((c) => (c.formulaire === 'FA13' ? avecContrats : source));
}

/** The reference data and R6223-6 facts of one dossier, read with those of its group. */
export function referentielsGroupes(
  db: Kysely<Database>,
  cerfa: Cerfa,
): Promise<SourceReferentielsFormation> {
  let l = lecturesReferentiels.get(db);
  if (!l) {
    l = new LecturesGroupees((cs) => sourceDuGroupe(db, cs), { taille: 128, paralleles: 2 });
    lecturesReferentiels.set(db, l);
  }
  return l.demander(cerfa);
}

/** The OPCO of a branch (loaded IDCC → OPCO table), read with those of the deposits in flight. */
export function opcoDeLIdccGroupe(db: Kysely<Database>, idcc: string): Promise<string | null> {
  let l = lecturesOpco.get(db);
  if (!l) {
    l = new LecturesGroupees(async (idccs) => {
      const r = await opcosDesIdcc(db, idccs);
      return idccs.map((i) => r.get(i.padStart(4, '0')) ?? null);
    });
    lecturesOpco.set(db, l);
  }
  return l.demander(idcc);
}
