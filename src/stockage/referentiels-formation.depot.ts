import type { Kysely } from 'kysely';
import {
  categoriesQualiopi,
  normaliserCodeRncp,
  sourceReferentielsEnMemoire,
  type CategorieQualiopi,
  type CertificatQualiopi,
  type Certification,
  type HabilitationsCertification,
  type OppositionEmployeur,
  type OrganismeFormation,
  type SourceReferentielsFormation,
} from '../domaine/referentiels-formation/index.ts';
import type {
  CertificationRncpTable,
  Database,
  OppositionEmployeurTable,
  OrganismeFormationTable,
} from './schema.ts';

/** Sources of the reference data of training (names of `opco import <source>`). */
export const SOURCES_REFERENTIELS_FORMATION = [
  'organismes',
  'organismes-uai',
  'certifications',
  'oppositions',
  'certifications-partenaires',
] as const;

type Db = Kysely<Database>;
type LigneQualiopi = { siret: string; categorie: CategorieQualiopi; du: string; au: string | null };

/** Qualiopi periods of one body → certificates (periods with the same dates merged, categories in L6313-1 order). */
function certificatsDe(periodes: readonly LigneQualiopi[]): CertificatQualiopi[] {
  const parDates = new Map<string, { du: string; au: string | null; c: Set<CategorieQualiopi> }>();
  for (const p of periodes) {
    const cle = `${p.du}|${p.au ?? ''}`;
    const e = parDates.get(cle);
    if (e) e.c.add(p.categorie);
    else parDates.set(cle, { du: p.du, au: p.au, c: new Set([p.categorie]) });
  }
  return [...parDates.values()]
    .sort((a, b) => (a.du < b.du ? -1 : a.du > b.du ? 1 : 0))
    .map((e) => ({
      categories: categoriesQualiopi.filter((c) => e.c.has(c)),
      du: e.du,
      au: e.au,
    }));
}

function organisme(
  l: Pick<
    OrganismeFormationTable,
    'siret' | 'nda' | 'raison_sociale' | 'date_declaration' | 'vu_au' | 'import_id'
  >,
  uai: string | null,
  periodes: readonly LigneQualiopi[],
): OrganismeFormation {
  return {
    siret: l.siret,
    nda: l.nda,
    uai,
    raisonSociale: l.raison_sociale,
    dateDeclaration: l.date_declaration,
    certificats: certificatsDe(periodes),
    provenance: { source: 'organismes', millesime: l.vu_au, importId: l.import_id },
  };
}

function certification(l: CertificationRncpTable): Certification {
  return {
    codeRncp: l.code_rncp,
    intitule: l.intitule,
    niveau: l.niveau,
    actifDu: l.actif_du,
    actifAu: l.actif_au,
    ouverteApprentissage: l.ouverte_apprentissage,
    typeEnregistrement: l.type_enregistrement,
    provenance: { source: 'certifications', millesime: l.millesime, importId: l.import_id },
  };
}

function opposition(l: OppositionEmployeurTable, millesime: string | null): OppositionEmployeur {
  return {
    siret: l.siret,
    nature: l.nature,
    du: l.du,
    au: l.au,
    reference: l.reference,
    provenance: { source: 'oppositions', millesime: millesime ?? '', importId: l.import_id },
  };
}

const colonnesOrganisme = [
  'siret',
  'nda',
  'raison_sociale',
  'date_declaration',
  'vu_au',
  'import_id',
] as const;

/** Keys per `in (…)` list: far below PostgreSQL's 65 535 parameters per statement. */
const LOT_CLES = 5000;

/** Runs a keyed query on batches of distinct keys and concatenates the rows. */
async function parLotsDeCles<T>(
  cles: readonly string[],
  requete: (lot: string[]) => Promise<T[]>,
): Promise<T[]> {
  const uniques = [...new Set(cles)];
  const resultats: T[] = [];
  for (let i = 0; i < uniques.length; i += LOT_CLES)
    resultats.push(...(await requete(uniques.slice(i, i + LOT_CLES))));
  return resultats;
}

async function organismes(db: Db, sirets: readonly string[] | null): Promise<OrganismeFormation[]> {
  if (sirets && sirets.length === 0) return [];
  if (sirets && new Set(sirets).size > LOT_CLES)
    return parLotsDeCles(sirets, (lot) => organismes(db, lot));
  let q = db.selectFrom('organisme_formation').select(colonnesOrganisme);
  let qq = db.selectFrom('organisme_qualiopi').select(['siret', 'categorie', 'du', 'au']);
  let qu = db.selectFrom('organisme_uai').select(['uai', 'siret']);
  if (sirets) {
    q = q.where('siret', 'in', sirets);
    qq = qq.where('siret', 'in', sirets);
    qu = qu.where('siret', 'in', sirets);
  }
  const [lignes, periodes, uais] = await Promise.all([
    q.execute(),
    qq.orderBy('id').execute(),
    qu.orderBy('uai').execute(),
  ]);
  const parSiret = new Map<string, LigneQualiopi[]>();
  for (const p of periodes) {
    const l = parSiret.get(p.siret);
    if (l) l.push(p);
    else parSiret.set(p.siret, [p]);
  }
  const uaiDe = new Map<string, string>();
  for (const u of uais) if (!uaiDe.has(u.siret)) uaiDe.set(u.siret, u.uai);
  return lignes.map((l) => organisme(l, uaiDe.get(l.siret) ?? null, parSiret.get(l.siret) ?? []));
}

/** A training body by SIRET, with its Qualiopi certificates and UAI, or null. */
export async function lireOrganisme(db: Db, siret: string): Promise<OrganismeFormation | null> {
  return (await organismes(db, [siret]))[0] ?? null;
}

/** A training body by one of its UAI, or null. */
export async function lireOrganismeParUai(db: Db, uai: string): Promise<OrganismeFormation | null> {
  const m = await db
    .selectFrom('organisme_uai')
    .select('siret')
    .where('uai', '=', uai.toUpperCase())
    .executeTakeFirst();
  if (!m) return null;
  const o = await lireOrganisme(db, m.siret);
  return o ? { ...o, uai: uai.toUpperCase() } : null;
}

/** Every UAI known for a SIRET (sorted). */
export async function uaisDe(db: Db, siret: string): Promise<string[]> {
  const l = await db
    .selectFrom('organisme_uai')
    .select('uai')
    .where('siret', '=', siret)
    .orderBy('uai')
    .execute();
  return l.map((x) => x.uai);
}

/** A certification by RNCP code (« RNCP35185 », « 35185 »…), or null. */
export async function lireCertification(db: Db, code: string): Promise<Certification | null> {
  const c = normaliserCodeRncp(code);
  if (!c) return null;
  const l = await db
    .selectFrom('certification_rncp')
    .selectAll()
    .where('code_rncp', '=', c)
    .executeTakeFirst();
  return l ? certification(l) : null;
}

async function millesimeOppositions(db: Db): Promise<Map<number, string | null>> {
  const l = await db
    .selectFrom('import_meta')
    .select(['id', 'millesime'])
    .where('source', '=', 'oppositions')
    .execute();
  return new Map(l.map((x) => [x.id, x.millesime]));
}

/** Oppositions, bans and suspensions recorded for an employer's SIRET (all dates). */
export async function lireOppositions(db: Db, siret: string): Promise<OppositionEmployeur[]> {
  const [l, m] = await Promise.all([
    db
      .selectFrom('opposition_employeur')
      .selectAll()
      .where('siret', '=', siret)
      .orderBy('du')
      .execute(),
    millesimeOppositions(db),
  ]);
  return l.map((x) => opposition(x, m.get(x.import_id) ?? null));
}

/** The last successful import of each reference source of training, or null when never imported. */
export async function etatReferentielsFormation(
  db: Db,
): Promise<
  Record<
    (typeof SOURCES_REFERENTIELS_FORMATION)[number],
    { fichier: string; millesime: string | null; importId: number } | null
  >
> {
  const l = await db
    .selectFrom('import_meta')
    .select(['id', 'source', 'fichier', 'millesime'])
    .where('source', 'in', SOURCES_REFERENTIELS_FORMATION)
    .where('statut', '=', 'termine')
    .orderBy('id')
    .execute();
  const etat = {
    organismes: null,
    'organismes-uai': null,
    certifications: null,
    oppositions: null,
    'certifications-partenaires': null,
  } as Record<
    (typeof SOURCES_REFERENTIELS_FORMATION)[number],
    { fichier: string; millesime: string | null; importId: number } | null
  >;
  for (const x of l)
    etat[x.source as (typeof SOURCES_REFERENTIELS_FORMATION)[number]] = {
      fichier: x.fichier,
      millesime: x.millesime,
      importId: x.id,
    };
  return etat;
}

/**
 * The first extraction of the public list of training bodies whose data is in the base (the
 * official ones once one was imported, else the repository's sample), or null: before that day,
 * the Qualiopi status of a body is unknown (`etatQualiopiAu`).
 */
export async function qualiopiObserveDepuis(db: Db): Promise<string | null> {
  const imports = await db
    .selectFrom('import_meta')
    .select(['millesime', 'details'])
    .where('source', '=', 'organismes')
    .where('statut', '=', 'termine')
    .execute();
  const officiels = imports.filter((i) => i.details.demo !== true);
  const retenus = officiels.length > 0 ? officiels : imports;
  return retenus.reduce<string | null>(
    (m, i) => (i.millesime !== null && (m === null || i.millesime < m) ? i.millesime : m),
    null,
  );
}

/** Keys to restrict the loading to (one dossier, one batch); absent = everything. */
export interface FiltreReferentiels {
  sirets?: readonly string[];
  uais?: readonly string[];
  codesRncp?: readonly string[];
  employeurs?: readonly string[];
}

/**
 * The port `SourceReferentielsFormation` over in-memory maps, loaded from the database: with no
 * filter, every record (the bulk instruction of a million dossiers: a few queries, then one Map
 * lookup per check); with a filter, only the records of the given keys (one deposit).
 */
export async function chargerReferentielsFormation(
  db: Db,
  filtre?: FiltreReferentiels,
): Promise<
  SourceReferentielsFormation & {
    tailles: Record<string, number>;
    qualiopiObserveDepuis: string | null;
    habilitations(codeRncp: string): HabilitationsCertification | null;
  }
> {
  let sirets: string[] | null = null;
  let uais: [string, string][] = [];
  if (filtre) {
    const parUai = await parLotsDeCles(
      (filtre.uais ?? []).map((u) => u.toUpperCase()),
      (lot) =>
        db.selectFrom('organisme_uai').select(['uai', 'siret']).where('uai', 'in', lot).execute(),
    );
    uais = parUai.map((u) => [u.uai, u.siret]);
    sirets = [...new Set([...(filtre.sirets ?? []), ...parUai.map((u) => u.siret)])];
  } else {
    uais = (await db.selectFrom('organisme_uai').select(['uai', 'siret']).execute()).map((u) => [
      u.uai,
      u.siret,
    ]);
  }
  const codes = filtre
    ? (filtre.codesRncp ?? []).flatMap((c) => {
        const n = normaliserCodeRncp(c);
        return n ? [n] : [];
      })
    : null;
  const employeurs = filtre ? [...(filtre.employeurs ?? [])] : null;
  const [orgs, certs, opps, millesimes, observeDepuis] = await Promise.all([
    organismes(db, sirets),
    codes
      ? parLotsDeCles(codes, (lot) =>
          db.selectFrom('certification_rncp').selectAll().where('code_rncp', 'in', lot).execute(),
        )
      : db.selectFrom('certification_rncp').selectAll().execute(),
    employeurs
      ? parLotsDeCles(employeurs, (lot) =>
          db.selectFrom('opposition_employeur').selectAll().where('siret', 'in', lot).execute(),
        )
      : db.selectFrom('opposition_employeur').selectAll().execute(),
    millesimeOppositions(db),
    qualiopiObserveDepuis(db),
  ]);
  const source = sourceReferentielsEnMemoire({
    qualiopiObserveDepuis: observeDepuis,
    organismes: orgs,
    certifications: certs.map(certification),
    oppositions: opps.map((o) => opposition(o, millesimes.get(o.import_id) ?? null)),
    uais,
  });
  const habilitations = await chargerHabilitations(db, codes);
  return { ...source, habilitations };
}

/**
 * D6224-2 6°: the habilitations of the RNCP « Partenaires » file for the given codes (all when
 * null), as a lookup: null for every code when no file was ever imported (« à vérifier »), else
 * the partners found (none: an empty list, with the extract date).
 */
export async function chargerHabilitations(
  db: Db,
  codes: readonly string[] | null,
): Promise<(codeRncp: string) => HabilitationsCertification | null> {
  const dernier = await db
    .selectFrom('import_meta')
    .select(['millesime'])
    .where('source', '=', 'certifications-partenaires')
    .where('statut', '=', 'termine')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!dernier) return () => null;
  const lignes = codes
    ? await parLotsDeCles(codes, (lot) =>
        db
          .selectFrom('certification_partenaire')
          .select(['code_rncp', 'siret', 'nom', 'habilitation'])
          .where('code_rncp', 'in', lot)
          .execute(),
      )
    : await db
        .selectFrom('certification_partenaire')
        .select(['code_rncp', 'siret', 'nom', 'habilitation'])
        .execute();
  const parCode = new Map<string, HabilitationsCertification['partenaires'][number][]>();
  for (const l of lignes) {
    const p = { siret: l.siret, nom: l.nom, habilitation: l.habilitation };
    const x = parCode.get(l.code_rncp);
    if (x) x.push(p);
    else parCode.set(l.code_rncp, [p]);
  }
  return (code) => {
    const c = normaliserCodeRncp(code) ?? code;
    return { codeRncp: c, millesime: dernier.millesime, partenaires: parCode.get(c) ?? [] };
  };
}

/** The file of an import and whether it was the repository's demonstration sample. */
export async function fichierImport(
  db: Db,
  importId: number | null,
): Promise<{ fichier: string; demo: boolean } | null> {
  if (importId === null) return null;
  const l = await db
    .selectFrom('import_meta')
    .select(['fichier', 'details'])
    .where('id', '=', importId)
    .executeTakeFirst();
  return l ? { fichier: l.fichier, demo: l.details.demo === true } : null;
}
