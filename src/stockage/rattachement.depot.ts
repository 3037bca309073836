import { setImmediate as cederLaMain } from 'node:timers/promises';
import { sql } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import {
  IDCC_ABSENT,
  IndexConventions,
  IndexSiro,
  Rattacheur,
  type MillesimeIdccOpco,
  type MillesimeSiro,
  type OpcoRef,
  type ReglagesRattachement,
  type Referentiels,
} from '../domaine/rattachement/index.ts';
import { reglagesRattachementParDefaut } from '../config.ts';
import { ErreurOpco } from '../partage/erreurs.ts';
import type { Base } from './db.ts';

/** Growable parallel typed columns of a SIRET-OPCO vintage. */
class Colonnes {
  n = 0;
  sirets = new Float64Array(1024);
  idccs = new Uint16Array(1024);
  proprietaires = new Uint8Array(1024);
  gestions = new Uint8Array(1024);

  constructor(capacite: number) {
    this.agrandir(Math.max(capacite, 1024));
  }

  private agrandir(c: number) {
    const s = new Float64Array(c);
    s.set(this.sirets.subarray(0, this.n));
    const d = new Uint16Array(c);
    d.set(this.idccs.subarray(0, this.n));
    const p = new Uint8Array(c);
    p.set(this.proprietaires.subarray(0, this.n));
    const g = new Uint8Array(c);
    g.set(this.gestions.subarray(0, this.n));
    this.sirets = s;
    this.idccs = d;
    this.proprietaires = p;
    this.gestions = g;
  }

  ajouter(siret: number, idcc: number, p: number, g: number) {
    if (this.n === this.sirets.length) this.agrandir(this.n * 2);
    this.sirets[this.n] = siret;
    this.idccs[this.n] = idcc;
    this.proprietaires[this.n] = p;
    this.gestions[this.n] = g;
    this.n++;
  }

  index(): IndexSiro {
    return IndexSiro.depuisColonnes(
      this.sirets.subarray(0, this.n),
      this.idccs.subarray(0, this.n),
      this.proprietaires.subarray(0, this.n),
      this.gestions.subarray(0, this.n),
    );
  }
}

/** OPCO label as published in the SIRO table (or null, '', 'N/C') → numeric code, 0 = none. */
type CodesOpco = ReadonlyMap<string, number>;

function codeOpco(codes: CodesOpco, libelle: string | null | undefined): number {
  if (libelle === null || libelle === undefined || libelle === '\\N') return 0;
  return codes.get(libelle) ?? 0;
}

/** Parses one line of COPY text output: siret \t idcc \t proprietaire \t gestion. */
function ajouterLigneCopie(c: Colonnes, codes: CodesOpco, l: string) {
  const [s, d, p, g] = l.split('\t');
  c.ajouter(
    Number(s),
    d === undefined || d === '\\N' ? IDCC_ABSENT : Number(d),
    codeOpco(codes, p),
    codeOpco(codes, g),
  );
}

/**
 * Which establishments to load: all (a server), a range of SIRETs (a one-shot lookup of the CLI:
 * one SIRET, or the establishments of a SIREN), or none (a lookup by IDCC).
 */
export type PlageEtablissements = 'tous' | 'aucun' | { de: string; a: string };

async function chargerEtablissements(
  base: Base,
  importId: number,
  taille: number,
  codes: CodesOpco,
  plage: PlageEtablissements = 'tous',
): Promise<IndexSiro> {
  if (plage === 'aucun') return new Colonnes(0).index();
  if (plage !== 'tous') {
    const c = new Colonnes(0);
    const lignes = await base.db
      .selectFrom('siro_etablissement')
      .select(['siret', 'idcc', 'opco_proprietaire', 'opco_gestion'])
      .where('import_id', '=', importId)
      .where('siret', '>=', plage.de)
      .where('siret', '<=', plage.a)
      .execute();
    for (const l of lignes)
      c.ajouter(
        Number(l.siret),
        l.idcc === null ? IDCC_ABSENT : Number(l.idcc),
        codeOpco(codes, l.opco_proprietaire),
        codeOpco(codes, l.opco_gestion),
      );
    return c.index();
  }
  const c = new Colonnes(taille);
  const brut = base.brut;
  if (brut?.moteur === 'postgres') {
    // COPY … TO STDOUT: millions of rows without building one object per row.
    await base.db.connection().execute(async (db) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      const client = rows[0] ? brut.clientDePid(rows[0].pid) : undefined;
      if (!client) throw new Error('connexion introuvable pour COPY TO');
      const flux = client.query(
        copyTo(
          `COPY (select siret, idcc, opco_proprietaire, opco_gestion from siro_etablissement where import_id = ${Number(importId)}) TO STDOUT`,
        ),
      );
      let reste = '';
      for await (const morceau of flux as AsyncIterable<Buffer>) {
        const lignes = (reste + morceau.toString('utf8')).split('\n');
        reste = lignes.pop() ?? '';
        for (const l of lignes) if (l !== '') ajouterLigneCopie(c, codes, l);
      }
      if (reste !== '') ajouterLigneCopie(c, codes, reste);
    });
    return c.index();
  }
  // PGlite runs each statement synchronously in the main thread (WebAssembly): one select of the
  // whole table held the event loop for its whole length (200 ms for the 31 000 rows of the demo
  // sample, seconds for a real vintage, issue 9). A cursor read in pages, handing the loop back
  // between pages, keeps each hold short; the transaction keeps the pool (other queries wait, the
  // loop does not).
  await base.db.transaction().execute(async (trx) => {
    await sql`declare lecture_siro no scroll cursor for
      select siret, idcc, opco_proprietaire, opco_gestion from siro_etablissement
      where import_id = ${importId}`.execute(trx);
    for (;;) {
      const { rows } = await sql<{
        siret: string;
        idcc: string | null;
        opco_proprietaire: string | null;
        opco_gestion: string | null;
      }>`fetch ${sql.raw(String(PAGE_ETABLISSEMENTS))} from lecture_siro`.execute(trx);
      for (const l of rows)
        c.ajouter(
          Number(l.siret),
          l.idcc === null ? IDCC_ABSENT : Number(l.idcc),
          codeOpco(codes, l.opco_proprietaire),
          codeOpco(codes, l.opco_gestion),
        );
      if (rows.length < PAGE_ETABLISSEMENTS) break;
      await cederLaMain();
    }
    await sql`close lecture_siro`.execute(trx);
  });
  return c.index();
}

/** Rows of siro_etablissement read per statement from PGlite (~10 ms of work each). */
const PAGE_ETABLISSEMENTS = 2000;

/**
 * Loads every referential of the finder from the database into memory (for a one-shot lookup,
 * only the establishments it needs: see PlageEtablissements).
 */
export async function chargerRattacheur(
  base: Base,
  reglages: ReglagesRattachement = reglagesRattachementParDefaut,
  plage: PlageEtablissements = 'tous',
): Promise<Rattacheur> {
  return new Rattacheur(await chargerReferentiels(base, plage), reglages);
}

async function chargerReferentiels(
  base: Base,
  plage: PlageEtablissements = 'tous',
): Promise<Referentiels> {
  const db = base.db;
  const opcos = await db.selectFrom('opco').select(['code', 'nom']).execute();
  const conventions = await db
    .selectFrom('convention')
    .select(['idcc', 'titre', 'titre_court', 'etat'])
    .orderBy('idcc')
    .execute();
  const nomsUsuels = await db
    .selectFrom('convention_nom_usuel')
    .select(['idcc', 'nom'])
    .orderBy('idcc')
    .orderBy('nom')
    .execute();
  const couples = await db
    .selectFrom('idcc_opco')
    .innerJoin('import_meta', 'import_meta.id', 'idcc_opco.import_id')
    .select([
      'idcc_opco.millesime',
      sql<string>`idcc_opco.date_effet::text`.as('date_effet'),
      'idcc_opco.idcc',
      'idcc_opco.opco_code',
      'idcc_opco.nb_siret',
      'import_meta.fichier',
    ])
    .execute();
  type Parts = Map<string, { opcoCode: string; nbSiret: number }[]>;
  const parMillesime = new Map<string, { source: MillesimeIdccOpco['source']; parts: Parts }>();
  for (const c of couples) {
    let m = parMillesime.get(c.millesime);
    if (!m) {
      m = {
        source: {
          nom: 'idcc-opco',
          fichier: c.fichier,
          millesime: c.millesime,
          dateEffet: c.date_effet,
          demo: false,
        },
        parts: new Map(),
      };
      parMillesime.set(c.millesime, m);
    }
    const l = m.parts.get(c.idcc) ?? [];
    l.push({ opcoCode: c.opco_code, nbSiret: c.nb_siret });
    m.parts.set(c.idcc, l);
  }
  const millesimes = await db
    .selectFrom('siro_millesime')
    .innerJoin('import_meta', 'import_meta.id', 'siro_millesime.import_id')
    .select([
      'siro_millesime.import_id',
      'siro_millesime.millesime',
      sql<string>`siro_millesime.date_effet::text`.as('date_effet'),
      'siro_millesime.demo',
      'siro_millesime.nb_etablissements',
      'import_meta.fichier',
    ])
    .orderBy('siro_millesime.date_effet')
    .execute();
  const codes = new Map(opcos.map((o) => [o.nom, Number(o.code)]));
  const siro: MillesimeSiro[] = [];
  for (const m of millesimes) {
    siro.push({
      source: {
        nom: 'siro',
        fichier: m.fichier,
        millesime: m.millesime,
        dateEffet: m.date_effet,
        demo: m.demo,
      },
      index: await chargerEtablissements(base, m.import_id, m.nb_etablissements, codes, plage),
    });
  }
  return {
    opcos: new Map<string, OpcoRef>(opcos.map((o) => [o.code, { code: o.code, nom: o.nom }])),
    conventions: new IndexConventions(
      conventions.map((c) => ({
        idcc: c.idcc,
        titre: c.titre,
        titreCourt: c.titre_court,
        etat: c.etat,
      })),
      nomsUsuels,
    ),
    siro,
    idccOpco: [...parMillesime.values()],
  };
}

/** A referential the finder needs to answer: the import source that loads it. */
export type SourceRequise = 'opcos' | 'siro' | 'idcc-opco' | 'conventions';

const ABSENCES: Record<SourceRequise, { vide(r: Rattacheur): boolean; detail: string }> = {
  opcos: {
    vide: (r) => r.ref.opcos.size === 0,
    detail: 'la liste des OPCO n’est pas chargée.',
  },
  siro: {
    vide: (r) => r.ref.siro.length === 0,
    detail:
      'aucune table SIRET-OPCO n’est chargée : la plateforme ne peut pas dire à quel OPCO un SIRET est rattaché.',
  },
  'idcc-opco': {
    vide: (r) => r.ref.idccOpco.length === 0,
    detail:
      'aucune table IDCC → OPCO n’est chargée : la plateforme ne peut pas dire à quel OPCO une convention est rattachée.',
  },
  conventions: {
    vide: (r) => r.ref.conventions.taille === 0,
    detail: 'les intitulés des conventions collectives ne sont pas chargés.',
  },
};

/**
 * Refuses to answer from referentials that were never loaded: a 503 ERR_DONNEES_ABSENTES naming
 * the missing source, never a misleading « SIRET inconnu » or « IDCC inconnu ».
 */
export function exigerSources(r: Rattacheur, sources: readonly SourceRequise[]): Rattacheur {
  for (const s of sources)
    if (ABSENCES[s].vide(r))
      throw new ErreurOpco('ERR_DONNEES_ABSENTES', { jeu: s, detail: ABSENCES[s].detail });
  return r;
}

/** Identifies the state of the referentials: changes whenever an import succeeds. */
async function versionDonnees(base: Base): Promise<number> {
  const r = await base.db
    .selectFrom('import_meta')
    .select((e) => e.fn.max('id').as('id'))
    .where('statut', '=', 'termine')
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}

interface Cache {
  version: number;
  verifieA: number;
  referentiels: Promise<Referentiels>;
  /** One finder per settings once the referentials are loaded (no object per request). */
  rattacheurs: WeakMap<ReglagesRattachement, Rattacheur>;
}

async function rattacheurDe(c: Cache, reglages: ReglagesRattachement): Promise<Rattacheur> {
  const deja = c.rattacheurs.get(reglages);
  if (deja) return deja;
  const r = new Rattacheur(await c.referentiels, reglages);
  c.rattacheurs.set(reglages, r);
  return r;
}

const caches = new WeakMap<Base, Cache>();

/** How often (ms) a long-running server checks for imports made by another process. */
export const DELAI_VERIFICATION_MS = 5000;

/**
 * The finder for a database, its referentials loaded once and kept in memory; reloaded when an
 * import was made since (checked at most every DELAI_VERIFICATION_MS, or at once with `forcer`).
 */
export async function obtenirRattacheur(
  base: Base,
  forcer = false,
  reglages: ReglagesRattachement = reglagesRattachementParDefaut,
): Promise<Rattacheur> {
  const c = caches.get(base);
  const maintenant = performance.now();
  if (c && !forcer && maintenant - c.verifieA < DELAI_VERIFICATION_MS)
    return rattacheurDe(c, reglages);
  const version = await versionDonnees(base);
  if (c && c.version === version) {
    c.verifieA = maintenant;
    return rattacheurDe(c, reglages);
  }
  const neuf: Cache = {
    version,
    verifieA: maintenant,
    referentiels: chargerReferentiels(base),
    rattacheurs: new WeakMap(),
  };
  caches.set(base, neuf);
  try {
    return await rattacheurDe(neuf, reglages);
  } catch (e) {
    caches.delete(base);
    throw e;
  }
}

/**
 * The finder when it is loaded and was checked less than DELAI_VERIFICATION_MS ago, without
 * waiting (the finder by SIRET answers without a promise); undefined otherwise: call
 * obtenirRattacheur.
 */
export function rattacheurPret(
  base: Base,
  reglages: ReglagesRattachement = reglagesRattachementParDefaut,
): Rattacheur | undefined {
  const c = caches.get(base);
  if (!c || performance.now() - c.verifieA >= DELAI_VERIFICATION_MS) return undefined;
  return c.rattacheurs.get(reglages);
}

/** Forgets the loaded finder (after an import in this process). */
export function oublierRattacheur(base: Base): void {
  caches.delete(base);
}
