import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import {
  contenuCanonique,
  empreinteLigne,
  type ContenuAudit,
  type LigneAudit,
} from '../domaine/comptes/index.ts';
import { insertionDepuisJson, tableEnLot } from './insertion-lot.ts';
import type { Database } from './schema.ts';

export type TablesAudit = {
  audit: {
    rang: number | string;
    horodatage: string;
    compte_id: string | null;
    cle_id: string | null;
    organisation_id: string | null;
    action: string;
    ressource: string;
    avant: string | null;
    apres: string | null;
    precedent: string;
    empreinte: string;
  };
  audit_tete: { id: number; rang: number | string; empreinte: string };
};

const TABLE_AUDIT = tableEnLot<TablesAudit['audit']>('audit', {
  rang: 'bigint',
  horodatage: 'text',
  compte_id: 'text',
  cle_id: 'text',
  organisation_id: 'text',
  action: 'text',
  ressource: 'text',
  avant: 'text',
  apres: 'text',
  precedent: 'text',
  empreinte: 'text',
});

type BaseAudit = Kysely<Database & TablesAudit> | Transaction<Database & TablesAudit>;

export function audits(db: Kysely<Database> | Transaction<Database>): BaseAudit {
  return (db as Kysely<Database>).withTables<TablesAudit>();
}

export type NouvelleLigne = Omit<ContenuAudit, 'rang'>;

/**
 * Appends one row. MUST run inside the transaction of the change it records: it locks the head
 * row (SELECT … FOR UPDATE), so concurrent appends, even from other processes, queue up and the
 * chain stays one.
 */
export async function ajouterAudit(
  trx: Transaction<Database> | Kysely<Database>,
  l: NouvelleLigne,
): Promise<LigneAudit> {
  const [ligne] = await ajouterAuditLot(trx, [l]);
  if (!ligne) throw new Error('ligne d’audit non ajoutée');
  return ligne;
}

/**
 * Appends rows in this order, chained, in two statements: the head row is locked (SELECT … FOR
 * UPDATE), the hashes computed here, then one statement inserts every row and moves the head.
 * Same rule as `ajouterAudit`: inside the transaction of the changes the rows record; the head
 * stays locked until that transaction ends, so call it last (the lock is then held for one
 * statement and the commit).
 */
export async function ajouterAuditLot(
  trx: Transaction<Database> | Kysely<Database>,
  lignes: readonly NouvelleLigne[],
): Promise<LigneAudit[]> {
  if (lignes.length === 0) return [];
  const tete = await audits(trx)
    .selectFrom('audit_tete')
    .select(['rang', 'empreinte'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return ajouterApresTete(trx, tete, lignes);
}

/** The head row, as read FOR UPDATE (by `ajouterAuditLot`). */
interface TeteVerrouillee {
  rang: number | string;
  empreinte: string;
}

/**
 * Chains `lignes` after `tete` and inserts them, moving the head, in one statement. `tete` MUST
 * have been read FOR UPDATE in this very transaction (`ajouterAuditLot`).
 */
async function ajouterApresTete(
  trx: Transaction<Database> | Kysely<Database>,
  tete: TeteVerrouillee,
  lignes: readonly NouvelleLigne[],
): Promise<LigneAudit[]> {
  if (lignes.length === 0) return [];
  let rang = Number(tete.rang);
  let precedent = tete.empreinte;
  const chainees = lignes.map((l): LigneAudit => {
    rang++;
    const contenu: ContenuAudit = { ...l, rang };
    const empreinte = empreinteLigne(precedent, contenu);
    const ligne = { ...contenu, precedent, empreinte };
    precedent = empreinte;
    return ligne;
  });
  await sql`with tete as (update audit_tete set rang = ${rang}, empreinte = ${precedent} where id = 1) ${insertionDepuisJson(
    TABLE_AUDIT,
    chainees.map((l) => ({
      rang: l.rang,
      horodatage: l.horodatage,
      compte_id: l.compteId,
      cle_id: l.cleId,
      organisation_id: l.organisationId,
      action: l.action,
      ressource: l.ressource,
      avant: l.avant,
      apres: l.apres,
      precedent: l.precedent,
      empreinte: l.empreinte,
    })),
  )}`.execute(trx);
  return chainees;
}

const RANG_GABARIT = -1;

/**
 * A row's canonical JSON around its rank: `contenuCanonique` of the row with a placeholder rank,
 * cut where the rank goes. The rank is a number written in decimal by both JSON and PostgreSQL's
 * `bigint::text`; string values are JSON-escaped, so the unescaped key `"rang":` occurs once.
 */
function autourDuRang(l: NouvelleLigne): { avant: string; apres: string } {
  const c = contenuCanonique({ ...l, rang: RANG_GABARIT });
  const cle = '"rang":';
  const marque = `${cle}${RANG_GABARIT}`;
  const i = c.indexOf(marque);
  if (i < 0 || c.lastIndexOf(marque) !== i) throw new Error('gabarit d’audit : rang introuvable');
  return { avant: c.slice(0, i + cle.length), apres: c.slice(i + marque.length) };
}

/**
 * Common table expressions appending `lignes` to the chain inside the caller's statement
 * (`WITH RECURSIVE`): the head is locked (FOR UPDATE: a concurrent appender waits, then reads
 * the head it left), each row's hash computed from the previous one in a recursive CTE, the rows
 * inserted and the head moved — by the statement itself, so that the head is locked for that
 * statement and its commit only, with no round trip in between. The hash is the one of
 * `empreinteLigne`: SHA-256 of the previous hash, a line feed and the canonical JSON, which is
 * written here (around the rank, `autourDuRang`); PostgreSQL only puts the rank in. Rows read
 * back by the verifier (`opco audit verifier`) like any other.
 */
export function ctesAuditChaine(lignes: readonly NouvelleLigne[]): RawBuilder<unknown>[] {
  if (lignes.length === 0) return [];
  const entree = JSON.stringify(
    lignes.map((l, i) => {
      const g = autourDuRang(l);
      return {
        n: i + 1,
        horodatage: l.horodatage,
        compte_id: l.compteId,
        cle_id: l.cleId,
        organisation_id: l.organisationId,
        action: l.action,
        ressource: l.ressource,
        avant: l.avant,
        apres: l.apres,
        g_avant: g.avant,
        g_apres: g.apres,
      };
    }),
  );
  return [
    sql`audit_t as (select rang, empreinte from audit_tete where id = 1 for update)`,
    sql`audit_e as (select * from jsonb_to_recordset(${entree}::jsonb) as x(n integer, horodatage text, compte_id text, cle_id text, organisation_id text, action text, ressource text, avant text, apres text, g_avant text, g_apres text))`,
    sql`audit_c (n, rang, precedent, empreinte) as (
      select 0, rang, null::text, empreinte from audit_t
      union all
      select c.n + 1, c.rang + 1, c.empreinte,
        encode(sha256(convert_to(c.empreinte || chr(10) || e.g_avant || (c.rang + 1)::text || e.g_apres, 'UTF8')), 'hex')
      from audit_c c join audit_e e on e.n = c.n + 1)`,
    sql`audit_h as (update audit_tete set rang = f.rang, empreinte = f.empreinte
      from (select rang, empreinte from audit_c order by n desc limit 1) f where audit_tete.id = 1)`,
    sql`audit_a as (insert into audit (rang, horodatage, compte_id, cle_id, organisation_id, action, ressource, avant, apres, precedent, empreinte)
      select c.rang, e.horodatage, e.compte_id, e.cle_id, e.organisation_id, e.action, e.ressource, e.avant, e.apres, c.precedent, c.empreinte
      from audit_c c join audit_e e on e.n = c.n)`,
  ];
}

function versLigne(x: TablesAudit['audit']): LigneAudit {
  return {
    rang: Number(x.rang),
    horodatage: x.horodatage,
    compteId: x.compte_id,
    cleId: x.cle_id,
    organisationId: x.organisation_id,
    action: x.action,
    ressource: x.ressource,
    avant: x.avant,
    apres: x.apres,
    precedent: x.precedent,
    empreinte: x.empreinte,
  };
}

/** Every row in chain order, read by pages (the trail may be long). */
export async function* parcourirAudit(
  db: Kysely<Database>,
  taillePage = 5000,
): AsyncGenerator<LigneAudit> {
  const a = audits(db);
  let apres = 0;
  for (;;) {
    const page = await a
      .selectFrom('audit')
      .selectAll()
      .where('rang', '>', apres)
      .orderBy('rang')
      .limit(taillePage)
      .execute();
    for (const x of page) yield versLigne(x);
    const derniere = page[page.length - 1];
    if (!derniere || page.length < taillePage) return;
    apres = Number(derniere.rang);
  }
}

/** The head row's rank: rows past it, or missing at the end, are a tampering too. */
export async function teteAudit(
  db: Kysely<Database>,
): Promise<{ rang: number; empreinte: string }> {
  const t = await audits(db)
    .selectFrom('audit_tete')
    .select(['rang', 'empreinte'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { rang: Number(t.rang), empreinte: t.empreinte };
}

export async function listerAudit(
  db: Kysely<Database>,
  organisations: 'toutes' | ReadonlySet<string>,
  limite: number,
): Promise<LigneAudit[]> {
  if (organisations !== 'toutes' && organisations.size === 0) return [];
  let q = audits(db).selectFrom('audit').selectAll();
  if (organisations !== 'toutes') q = q.where('organisation_id', 'in', [...organisations]);
  return (await q.orderBy('rang', 'desc').limit(limite).execute()).map(versLigne);
}
