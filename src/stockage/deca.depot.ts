import type { Kysely } from 'kysely';
import { contratDeca, mouvementDecaDans, type ContratDeca } from '../domaine/dossiers/deca.ts';
import { deriver, type Evenement } from '../domaine/dossiers/index.ts';
import type { Database } from './schema.ts';

/** Dossiers whose events are read per query (far below the parameter limit). */
const LOT = 500;

const lireJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * The deposited contracts (engaged, then possibly amended, broken off, annulled or settled) and
 * the refused ones (with their reasons, D6224-4) of
 * the OPCO organisations given, with a deposit, avenant, rupture or annulation recorded between
 * `du` and `au` (null = open; for a refusal, its date), as DECA contract objects, in dossier id order (`codeOpco`: only
 * the dossiers deposited with that OPCO, France compétences' code). Each dossier is
 * replayed from its events (the avenants and the rupture are events, not projection fields).
 */
export async function contratsDeca(
  db: Kysely<Database>,
  organisationsOpco: 'toutes' | ReadonlySet<string>,
  du: string | null,
  au: string | null,
  codeOpco: string | null = null,
): Promise<ContratDeca[]> {
  if (organisationsOpco !== 'toutes' && organisationsOpco.size === 0) return [];
  let q = db
    .selectFrom('dossier')
    .select('id')
    .where('formulaire', 'in', ['FA13', 'EJ20'])
    .where('etat', 'in', ['engage', 'rompu', 'annule', 'solde', 'refuse']);
  if (organisationsOpco !== 'toutes')
    q = q.where('organisation_opco', 'in', [...organisationsOpco]);
  if (codeOpco !== null) q = q.where('opco', '=', codeOpco);
  const ids = (await q.orderBy('id').execute()).map((x) => x.id);
  const contrats: ContratDeca[] = [];
  for (let i = 0; i < ids.length; i += LOT) {
    const lot = ids.slice(i, i + LOT);
    const lignes = await db
      .selectFrom('dossier_evenement')
      .select(['dossier_id', 'contenu'])
      .where('dossier_id', 'in', lot)
      .orderBy('dossier_id')
      .orderBy('rang')
      .execute();
    const parDossier = new Map<string, Evenement[]>();
    for (const l of lignes) {
      const e = lireJson<Evenement>(l.contenu);
      const x = parDossier.get(l.dossier_id);
      if (x) x.push(e);
      else parDossier.set(l.dossier_id, [e]);
    }
    for (const id of lot) {
      const evenements = parDossier.get(id) ?? [];
      if (!mouvementDecaDans(evenements, du, au)) continue;
      const d = deriver(id, evenements);
      const c = d ? contratDeca(d, evenements) : null;
      if (c) contrats.push(c);
    }
  }
  return contrats;
}

/** NDJSON: one contract object per line, each line ended by a line feed. */
export function versNdjson(contrats: readonly ContratDeca[]): string {
  return contrats.map((c) => `${JSON.stringify(c)}\n`).join('');
}
