import { sql, type Kysely } from 'kysely';

/**
 * Reference data the automatic instruction of dossiers needs (issue 12 point 6):
 * - organisme_formation: training bodies of the public list (DGEFP « Liste publique des
 *   organismes de formation »), one row per SIRET, updated by each daily snapshot;
 * - organisme_qualiopi: Qualiopi certification periods per (SIRET, category), built from the
 *   successive snapshots (the list gives no certificate dates: a period opens on the first
 *   snapshot that shows the category and closes on the last one that still showed it);
 * - organisme_uai: optional UAI ↔ SIRET mapping (the list carries no UAI);
 * - certification_rncp: France compétences' RNCP open data (Standard + voies d'accès);
 * - opposition_employeur: employers under opposition, suspension or ban (L6225-1 to L6225-6),
 *   a list the OPCO imports in the CSV format of docs/referentiels-formation.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisme_formation')
    .addColumn('siret', 'text', (c) => c.primaryKey())
    .addColumn('nda', 'text')
    .addColumn('siren', 'text')
    .addColumn('raison_sociale', 'text', (c) => c.notNull())
    .addColumn('date_declaration', 'text')
    .addColumn('vu_du', 'text', (c) => c.notNull())
    .addColumn('vu_au', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema
    .createTable('organisme_qualiopi')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('siret', 'text', (c) => c.notNull())
    .addColumn('categorie', 'text', (c) => c.notNull())
    .addColumn('du', 'text', (c) => c.notNull())
    .addColumn('au', 'text')
    .addColumn('vu_au', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema
    .createIndex('organisme_qualiopi_siret')
    .on('organisme_qualiopi')
    .columns(['siret', 'categorie'])
    .execute();
  // At most one open period per (SIRET, category).
  await sql`create unique index organisme_qualiopi_ouvert on organisme_qualiopi (siret, categorie) where au is null`.execute(
    db,
  );
  await db.schema
    .createTable('organisme_uai')
    .addColumn('uai', 'text', (c) => c.primaryKey())
    .addColumn('siret', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema.createIndex('organisme_uai_siret').on('organisme_uai').column('siret').execute();
  await db.schema
    .createTable('certification_rncp')
    .addColumn('code_rncp', 'text', (c) => c.primaryKey())
    .addColumn('intitule', 'text', (c) => c.notNull())
    .addColumn('niveau', 'integer')
    .addColumn('actif_du', 'text')
    .addColumn('actif_au', 'text')
    .addColumn('actif', 'boolean', (c) => c.notNull())
    .addColumn('ouverte_apprentissage', 'boolean', (c) => c.notNull())
    .addColumn('type_enregistrement', 'text')
    .addColumn('millesime', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .execute();
  await db.schema
    .createTable('opposition_employeur')
    .addColumn('siret', 'text', (c) => c.notNull())
    .addColumn('nature', 'text', (c) => c.notNull())
    .addColumn('du', 'text', (c) => c.notNull())
    .addColumn('au', 'text')
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_meta.id'))
    .addPrimaryKeyConstraint('opposition_employeur_pk', ['siret', 'nature', 'du'])
    .execute();
}
