import type { Migration } from 'kysely';
import * as m0001 from './0001_socle.ts';
import * as m0010 from './0010_rattachement.ts';
import * as m0020 from './0020_npec.ts';
import * as m0030 from './0030_textes.ts';
import * as m0031 from './0031_textes_recherche.ts';
import * as m0032 from './0032_siro_acces.ts';
import * as m0033 from './0033_donnees_reference.ts';
import * as m0040 from './0040_comptes.ts';
import * as m0045 from './0045_attestation_entreprise.ts';
import * as m0050 from './0050_dossiers.ts';
import * as m0060 from './0060_referentiels_formation.ts';
import * as m0070 from './0070_finances.ts';
import * as m0080 from './0080_baremes.ts';
import * as m0081 from './0081_actions_collectives.ts';
import * as m0085 from './0085_accords_tarifaires.ts';
import * as m0090 from './0090_engagements_hors_livre.ts';
import * as m0091 from './0091_demandes_financement.ts';
import * as m0097 from './0097_pieces_jointes.ts';
import * as m0098 from './0098_dossiers_maitres.ts';
import * as m0099 from './0099_certifications_partenaires.ts';
import * as m0100 from './0100_dossiers_compression.ts';
import * as m0101 from './0101_appels_fonds.ts';
import * as m0103 from './0103_actions_collectives_prestataire.ts';
import * as m0106 from './0106_demandes_factures.ts';

/**
 * Every migration, in order. Forward-only: a migration once released is never edited; a
 * change is a new file. Migrations run in name order and a database refuses a migration named
 * before one it has already applied (Kysely's allowUnorderedMigrations is off), so a new
 * migration always takes a number after the last released one, whatever its capability.
 */
export const migrations: Record<string, Migration> = {
  '0001_socle': m0001,
  '0010_rattachement': m0010,
  '0020_npec': m0020,
  '0030_textes': m0030,
  '0031_textes_recherche': m0031,
  '0032_siro_acces': m0032,
  '0033_donnees_reference': m0033,
  '0040_comptes': m0040,
  '0045_attestation_entreprise': m0045,
  '0050_dossiers': m0050,
  '0060_referentiels_formation': m0060,
  '0070_finances': m0070,
  '0080_baremes': m0080,
  '0081_actions_collectives': m0081,
  '0085_accords_tarifaires': m0085,
  '0090_engagements_hors_livre': m0090,
  '0091_demandes_financement': m0091,
  '0097_pieces_jointes': m0097,
  '0098_dossiers_maitres': m0098,
  '0099_certifications_partenaires': m0099,
  '0100_dossiers_compression': m0100,
  '0101_appels_fonds': m0101,
  '0103_actions_collectives_prestataire': m0103,
  '0106_demandes_factures': m0106,
};
