import {
  PostgresDialect,
  sql,
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type PostgresDialectConfig,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's PostgreSQL introspector reads every schema of the database and calls
 * `has_schema_privilege(name, …)` and `pg_get_serial_sequence(name, …)` on each: on a shared
 * PostgreSQL, a schema dropped by another process between the catalogue scan and those calls
 * makes the whole query fail (« schema "t_…" does not exist »), and with it `migrateToLatest`.
 * This one reads the base's own schema only, from the catalogue tables, without lookups by name.
 * The Migrator is its only user (to know whether its own tables exist).
 */
class IntrospecteurSchema implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;
  readonly #schema: string;

  constructor(db: Kysely<unknown>, schema: string) {
    this.#db = db;
    this.#schema = schema;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ nom: string }>`
      select nspname as nom from pg_catalog.pg_namespace where nspname = ${this.#schema}
    `.execute(this.#db);
    return rows.map((r) => ({ name: r.nom }));
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      table: string;
      vue: boolean;
      colonne: string;
      type: string;
      schema_type: string;
      non_nul: boolean;
      defaut: boolean;
    }>`
      select c.relname as table, c.relkind = 'v' as vue, a.attname as colonne,
             t.typname as type, tn.nspname as schema_type,
             a.attnotnull as non_nul, a.atthasdef as defaut
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
      where n.nspname = ${this.#schema} and c.relkind in ('r', 'v', 'p')
        and a.attnum >= 0 and not a.attisdropped
      order by c.relname, a.attnum
    `.execute(this.#db);
    const tables = new Map<
      string,
      { name: string; schema: string; isView: boolean; columns: ColumnMetadata[] }
    >();
    for (const r of rows) {
      if (!options.withInternalKyselyTables && r.table.startsWith('kysely_migration')) continue;
      let t = tables.get(r.table);
      if (!t) {
        t = { name: r.table, schema: this.#schema, isView: r.vue, columns: [] };
        tables.set(r.table, t);
      }
      t.columns.push({
        name: r.colonne,
        dataType: r.type,
        dataTypeSchema: r.schema_type,
        isNullable: !r.non_nul,
        hasDefaultValue: r.defaut,
        isAutoIncrementing: false,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** PostgresDialect whose introspection stays inside one schema (see IntrospecteurSchema). */
export class DialectePostgresSchema extends PostgresDialect {
  readonly #schema: string;

  constructor(config: PostgresDialectConfig, schema: string) {
    super(config);
    this.#schema = schema;
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new IntrospecteurSchema(db, this.#schema);
  }
}
