import { sql, type Kysely, type Transaction } from 'kysely';
import { cleMaitre } from '../domaine/dossiers/controles-maitre-habilitation.ts';
import type { ContratDuMaitre } from '../domaine/referentiels-formation/index.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** States whose contract may be running (the pure check keeps those covering the start date). */
const ETATS = ['transmis', 'incomplet', 'en_cours_instruction', 'engage', 'rompu'];

interface LigneMaitres {
  id: string;
  etat: string;
  maitres: unknown;
  date_debut: string | null;
  date_fin: string | null;
  date_rupture: string | null;
  type_contrat: string | null;
}

const lire = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/**
 * R6223-6: the apprenticeship contracts of the platform whose first or second maître
 * d'apprentissage is one of `maitres` (same nom, prénom — accents, case and punctuation aside
 * — and date de naissance), by `cleMaitre`. One query on the birth dates (indexed, migration
 * 0098), names compared here.
 */
export async function contratsDesMaitres(
  db: Db,
  maitres: readonly { nom: string; prenom: string; dateNaissance: string }[],
): Promise<Map<string, ContratDuMaitre[]>> {
  const cles = new Set(maitres.map(cleMaitre));
  const naissances = [...new Set(maitres.map((m) => m.dateNaissance))];
  const r = new Map<string, ContratDuMaitre[]>();
  if (naissances.length === 0) return r;
  const dates = sql.join(naissances.map((d) => sql`${d}`));
  const { rows } = await sql<LigneMaitres>`
    select id, etat, projection -> 'cerfa' -> 'maitres' as maitres,
      projection -> 'cerfa' -> 'contrat' ->> 'dateDebut' as date_debut,
      projection -> 'cerfa' -> 'contrat' ->> 'dateFin' as date_fin,
      projection -> 'rupture' ->> 'dateEffet' as date_rupture,
      projection -> 'cerfa' -> 'contrat' ->> 'typeContrat' as type_contrat
    from dossier
    where formulaire = 'FA13'
      and etat in (${sql.join(ETATS.map((e) => sql`${e}`))})
      and ((projection -> 'cerfa' -> 'maitres' -> 0 ->> 'dateNaissance') in (${dates})
        or (projection -> 'cerfa' -> 'maitres' -> 1 ->> 'dateNaissance') in (${dates}))
    order by id`.execute(db);
  for (const l of rows) {
    const liste = lire(l.maitres);
    if (!Array.isArray(liste) || !l.date_debut || !l.date_fin) continue;
    const vus = new Set<string>();
    for (const m of liste as { nom: string; prenom: string; dateNaissance: string }[]) {
      const cle = cleMaitre(m);
      if (!cles.has(cle) || vus.has(cle)) continue;
      vus.add(cle);
      const contrat: ContratDuMaitre = {
        dossierId: l.id,
        etat: l.etat,
        dateDebut: l.date_debut,
        dateFin: l.date_fin,
        dateRupture: l.date_rupture,
        typeContrat: l.type_contrat ?? '',
      };
      const x = r.get(cle);
      if (x) x.push(contrat);
      else r.set(cle, [contrat]);
    }
  }
  return r;
}
