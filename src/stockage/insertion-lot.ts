import { sql, type RawBuilder } from 'kysely';

/**
 * A table written in bulk by one statement whatever the number of rows: the rows travel as one
 * JSON parameter, read by `jsonb_to_recordset` with the column types given here. The statement
 * text does not grow with the rows (nothing to compile per row on our side, nothing to parse per
 * parameter on the server's), on both engines. Names are constants of the code, never input.
 */
export interface TableEnLot<L> {
  nom: string;
  colonnes: readonly { nom: string; type: string }[];
  /** The row type (never set). */
  readonly ligne?: L;
}

/**
 * Every column of a row with its SQL type. The values of json/jsonb columns are given as values
 * (objects), not as JSON text: they travel once, inside the one JSON parameter.
 */
export function tableEnLot<L>(
  nom: string,
  colonnes: Record<keyof L & string, string>,
): TableEnLot<L> {
  return {
    nom,
    colonnes: Object.entries<string>(colonnes).map(([n, type]) => ({ nom: n, type })),
  };
}

const identifiant = (n: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new Error(`identifiant SQL invalide : ${n}`);
  return `"${n}"`;
};

/** `insert into <table> (…) select … from jsonb_to_recordset($n::jsonb) as r(… types)`. */
export function insertionDepuisJson<L>(
  t: TableEnLot<L>,
  lignes: readonly L[],
): RawBuilder<unknown> {
  const noms = t.colonnes.map((c) => identifiant(c.nom)).join(', ');
  const types = t.colonnes.map((c) => `${identifiant(c.nom)} ${c.type}`).join(', ');
  return sql`insert into ${sql.raw(`${identifiant(t.nom)} (${noms})`)} select ${sql.raw(noms)} from jsonb_to_recordset(${JSON.stringify(lignes)}::jsonb) as r(${sql.raw(types)})`;
}

/** Rows for several tables, inserted by one statement (data-modifying CTEs). */
export interface Insertion<L = object> {
  table: TableEnLot<L>;
  lignes: readonly L[];
}

/**
 * One statement inserting every group of rows (one CTE per table, rows of one table merged in
 * order), with the caller's other CTEs (`ctes`, e.g. the chained audit rows, `WITH RECURSIVE`)
 * before them, ending with `select 1`. Foreign keys between these tables hold: PostgreSQL checks
 * them at the end of the statement. Alone (outside a transaction), the statement is its own
 * transaction: all of it or nothing.
 */
export function instructionGroupee(
  insertions: readonly Insertion<object>[],
  ctes: readonly RawBuilder<unknown>[] = [],
): RawBuilder<unknown> {
  const parTable = new Map<TableEnLot<object>, object[]>();
  for (const i of insertions) {
    if (i.lignes.length === 0) continue;
    const l = parTable.get(i.table);
    if (l) l.push(...i.lignes);
    else parTable.set(i.table, [...i.lignes]);
  }
  const toutes = [
    ...ctes,
    ...[...parTable].map(
      ([t, lignes], i) => sql`${sql.raw(`i${i}`)} as (${insertionDepuisJson(t, lignes)})`,
    ),
  ];
  if (toutes.length === 0) return sql`select 1`;
  return sql`with recursive ${sql.join(toutes, sql`, `)} select 1`;
}
