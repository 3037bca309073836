import { type Kysely, type Transaction } from 'kysely';
import { empreinteLigne, type ContenuAudit, type LigneAudit } from '../domaine/comptes/index.ts';
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
  const db = audits(trx);
  const tete = await db
    .selectFrom('audit_tete')
    .select(['rang', 'empreinte'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
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
  await db
    .with('tete', (q) =>
      q.updateTable('audit_tete').set({ rang, empreinte: precedent }).where('id', '=', 1),
    )
    .insertInto('audit')
    .values(
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
    )
    .execute();
  return chainees;
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
