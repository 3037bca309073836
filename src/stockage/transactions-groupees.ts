import type { Kysely, Transaction } from 'kysely';
import { ajouterAuditLot, type NouvelleLigne } from './audit.depot.ts';
import type { Database } from './schema.ts';

/** One unit of work: its writes, and the audit rows recording them (appended by the runner). */
export type Unite<T> = (
  trx: Transaction<Database>,
) => Promise<{ valeur: T; audit: NouvelleLigne[] }>;

interface EnAttente {
  unite: Unite<unknown>;
  resoudre(v: unknown): void;
  rejeter(e: unknown): void;
}

export interface OptionsGroupe {
  /** Units per transaction at most. */
  taille: number;
  /** Transactions of this process in flight at once. */
  paralleles: number;
}

/**
 * Group commit of independent units (deposits) of one process
 * (docs/adr/ADR-2026-12-02-dossiers-depot-groupe.md). The hash-chained audit trail has one head:
 * whoever appends holds its row lock until COMMIT, i.e. through the WAL flush, so one append per
 * transaction caps a PostgreSQL at one transaction per flush whatever the connections. Units
 * waiting while `paralleles` transactions are in flight are run together, in one transaction,
 * in arrival order; their audit rows are appended last, in that order, by one locked statement;
 * one commit (one flush) for all of them.
 *
 * Each unit keeps its guarantees: its writes and its audit rows commit together or not at all.
 * If any unit of a group fails (a unique key taken by a concurrent deposit, a deadlock, a bug),
 * the whole transaction is rolled back and every unit of the group is run again alone, in its
 * own transaction: the failure reaches its own caller only, and nothing of a failed attempt
 * remains. Units must therefore be safe to re-run (they compute from their inputs; ids drawn
 * before).
 */
export class TransactionsGroupees {
  private readonly file: EnAttente[] = [];
  private actives = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: OptionsGroupe = { taille: 64, paralleles: 2 },
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

  private async seule(u: EnAttente): Promise<void> {
    try {
      u.resoudre(
        await this.db.transaction().execute(async (trx) => {
          const r = await u.unite(trx);
          await ajouterAuditLot(trx, r.audit);
          return r.valeur;
        }),
      );
    } catch (e) {
      u.rejeter(e);
    }
  }

  private async lancer(groupe: EnAttente[]): Promise<void> {
    const [premiere] = groupe;
    if (!premiere) return;
    if (groupe.length === 1) return this.seule(premiere);
    let valeurs: unknown[];
    let corpsTermine = false;
    try {
      valeurs = await this.db.transaction().execute(async (trx) => {
        const v: unknown[] = [];
        const audit: NouvelleLigne[] = [];
        for (const u of groupe) {
          const r = await u.unite(trx);
          v.push(r.valeur);
          audit.push(...r.audit);
        }
        await ajouterAuditLot(trx, audit);
        corpsTermine = true;
        return v;
      });
    } catch (e) {
      // The COMMIT itself failed: its outcome is unknown, nothing is re-run.
      if (corpsTermine) {
        for (const u of groupe) u.rejeter(e);
        return;
      }
      // Rolled back as a whole: each unit alone, so that only the failing one fails.
      for (const u of groupe) await this.seule(u);
      return;
    }
    groupe.forEach((u, i) => u.resoudre(valeurs[i]));
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
