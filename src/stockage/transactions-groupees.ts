import type { Kysely, RawBuilder, Transaction } from 'kysely';
import { ctesAuditChaine, type NouvelleLigne } from './audit.depot.ts';
import { instructionGroupee, type Insertion } from './insertion-lot.ts';
import type { Database } from './schema.ts';

/** What a unit writes: rows to insert and the audit rows recording them, in order. */
export interface Ecritures<T> {
  valeur: T;
  audit: readonly NouvelleLigne[];
  insertions?: readonly Insertion<object>[];
}

/**
 * One unit of work: its writes, computed beforehand (a deposit without ledger: no statement of
 * its own), or a function that first runs its own statements in the group's transaction (the
 * ledger) and then gives its writes. Rows and audit rows of every unit of a group are written by
 * one statement.
 */
export type Unite<T> = Ecritures<T> | ((trx: Transaction<Database>) => Promise<Ecritures<T>>);

interface EnAttente {
  unite: Unite<unknown>;
  resoudre(v: unknown): void;
  rejeter(e: unknown): void;
}

export interface OptionsGroupe {
  /** Units per group at most. */
  taille: number;
  /** Groups of this process in flight at once. */
  paralleles: number;
}

/**
 * Defaults: groups of 64 units at most, 2 in flight — one writing under the audit head, the next
 * inserting its rows meanwhile. More in flight makes smaller groups for the same head (one flush
 * each): measured slower (docs/dossiers.md, Performance).
 */
export const OPTIONS_GROUPE: OptionsGroupe = { taille: 64, paralleles: 2 };

/**
 * An error reported by the server for a statement: the statement (and its implicit transaction)
 * was rolled back. Anything else (connection lost) leaves the outcome unknown.
 */
function refuseParLeServeur(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { code?: unknown; severity?: unknown };
  return (
    typeof x.code === 'string' && /^[0-9A-Z]{5}$/.test(x.code) && typeof x.severity === 'string'
  );
}

/**
 * Group commit of independent units (deposits) of one process
 * (docs/adr/ADR-2026-12-02-dossiers-depot-groupe.md). The hash-chained audit trail has one head:
 * whoever appends holds its row lock until COMMIT, i.e. through the WAL flush, so one append per
 * transaction caps a PostgreSQL at one transaction per flush whatever the connections. Units
 * waiting while `paralleles` groups are in flight are written together, in arrival order, by
 * ONE statement: every unit's rows (one multi-row insert per table), then its audit rows chained
 * by the statement itself after the locked head (`ctesAuditChaine`); one commit (one flush) for
 * all of them. Units of values only (no statement of their own) need no explicit transaction:
 * the statement is the transaction, one round trip per group, and the head is locked for that
 * statement's end and its commit only. Units with statements of their own run first, in order,
 * in the group's transaction (BEGIN, their statements, the statement, COMMIT).
 *
 * Each unit keeps its guarantees: its writes and its audit rows commit together or not at all.
 * If any unit of a group fails (a unique key taken by a concurrent deposit, a deadlock, a bug),
 * the whole group is rolled back and every unit of the group is written again alone: the failure
 * reaches its own caller only, and nothing of a failed attempt remains. Units must therefore be
 * safe to re-run (they compute from their inputs; ids drawn before). When the outcome is unknown
 * (the COMMIT, or the connection, failed), nothing is re-run and every caller gets the error.
 */
export class TransactionsGroupees {
  private readonly file: EnAttente[] = [];
  private actives = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: OptionsGroupe = OPTIONS_GROUPE,
  ) {}

  executer<T>(unite: Unite<T>): Promise<T> {
    return new Promise<T>((resoudre, rejeter) => {
      this.file.push({
        unite: unite as Unite<unknown>,
        resoudre: resoudre as (v: unknown) => void,
        rejeter,
      });
      this.pomper();
    });
  }

  private pomper(): void {
    while (this.actives < this.options.paralleles && this.file.length > 0) {
      const groupe = this.file.splice(0, this.options.taille);
      this.actives++;
      void this.lancer(groupe).finally(() => {
        this.actives--;
        this.pomper();
      });
    }
  }

  /** The one statement writing `ecritures` (units' rows first, then the chained audit rows). */
  private instruction(ecritures: readonly Ecritures<unknown>[]): RawBuilder<unknown> {
    const insertions: Insertion<object>[] = [];
    const audit: NouvelleLigne[] = [];
    for (const e of ecritures) {
      if (e.insertions) insertions.push(...e.insertions);
      audit.push(...e.audit);
    }
    // PostgreSQL runs the data-modifying CTEs of a `select 1` from the last written to the
    // first: the audit CTEs come first so that the rows are inserted before the head is locked.
    return instructionGroupee(insertions, ctesAuditChaine(audit));
  }

  private async lancer(groupe: EnAttente[]): Promise<void> {
    if (groupe.length === 0) return;
    const valeurs = groupe.every((u) => typeof u.unite !== 'function');
    if (valeurs) return this.sansTransaction(groupe);
    return this.enTransaction(groupe);
  }

  /** Units of values only: one statement, its own transaction. */
  private async sansTransaction(groupe: EnAttente[]): Promise<void> {
    const ecritures = groupe.map((u) => u.unite as Ecritures<unknown>);
    let instruction: RawBuilder<unknown>;
    try {
      instruction = this.instruction(ecritures);
    } catch (e) {
      // Nothing sent: each unit alone, so that only the faulty one fails.
      if (groupe.length > 1) return this.uneParUne(groupe);
      for (const u of groupe) u.rejeter(e);
      return;
    }
    try {
      await instruction.execute(this.db);
    } catch (e) {
      if (groupe.length > 1 && refuseParLeServeur(e)) return this.uneParUne(groupe);
      for (const u of groupe) u.rejeter(e);
      return;
    }
    groupe.forEach((u, i) => u.resoudre(ecritures[i]?.valeur));
  }

  /** Units with statements of their own: BEGIN, theirs in order, the statement, COMMIT. */
  private async enTransaction(groupe: EnAttente[]): Promise<void> {
    let valeurs: unknown[];
    let corpsTermine = false;
    try {
      valeurs = await this.db.transaction().execute(async (trx) => {
        const ecritures: Ecritures<unknown>[] = [];
        for (const u of groupe)
          ecritures.push(typeof u.unite === 'function' ? await u.unite(trx) : u.unite);
        await this.instruction(ecritures).execute(trx);
        corpsTermine = true;
        return ecritures.map((e) => e.valeur);
      });
    } catch (e) {
      // The COMMIT itself failed: its outcome is unknown, nothing is re-run.
      if (corpsTermine || groupe.length === 1) {
        for (const u of groupe) u.rejeter(e);
        return;
      }
      // Rolled back as a whole: each unit alone, so that only the failing one fails.
      return this.uneParUne(groupe);
    }
    groupe.forEach((u, i) => u.resoudre(valeurs[i]));
  }

  private async uneParUne(groupe: EnAttente[]): Promise<void> {
    for (const u of groupe) await this.lancer([u]);
  }
}

const parBase = new WeakMap<Kysely<Database>, TransactionsGroupees>();

/** The group committer of a database handle (one per process and base). */
export function transactionsGroupees(db: Kysely<Database>): TransactionsGroupees {
  let g = parBase.get(db);
  if (!g) {
    g = new TransactionsGroupees(db);
    parBase.set(db, g);
  }
  return g;
}
