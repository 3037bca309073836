import type { PGlite } from '@electric-sql/pglite';

/**
 * A minimal `pg.Pool`-shaped adapter over one PGlite instance, so that Kysely's own
 * PostgresDialect drives PGlite. PGlite is single-connection: `connect()` hands out the
 * connection to one caller at a time (a FIFO lock), so that a transaction is never
 * interleaved with statements from another caller.
 */
export class PglitePool {
  private file: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<PgliteClient> {
    let liberer!: () => void;
    const tour = new Promise<void>((resolve) => {
      liberer = resolve;
    });
    const precedent = this.file;
    this.file = precedent.then(() => tour);
    await precedent;
    return new PgliteClient(this.pg, liberer);
  }

  async end(): Promise<void> {
    await this.file;
    if (!this.pg.closed) await this.pg.close();
  }
}

class PgliteClient {
  private libere = false;

  constructor(
    private readonly pg: PGlite,
    private readonly liberer: () => void,
  ) {}

  async query(
    sql: string,
    parameters: readonly unknown[],
  ): Promise<{ rows: unknown[]; rowCount: number; command: string }> {
    const res = await this.pg.query(sql, parameters as unknown[]);
    const command = sql.trimStart().slice(0, 6).toUpperCase();
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length, command };
  }

  release(): void {
    if (this.libere) return;
    this.libere = true;
    this.liberer();
  }
}
