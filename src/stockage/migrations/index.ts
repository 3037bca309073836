import type { Migration } from 'kysely';
import * as m0001 from './0001_socle.ts';
import * as m0010 from './0010_rattachement.ts';
import * as m0020 from './0020_npec.ts';
import * as m0030 from './0030_textes.ts';
import * as m0040 from './0040_comptes.ts';

/**
 * Every migration, in order. Forward-only: a migration once released is never edited; a
 * change is a new file. Numbering by capability keeps parallel work apart:
 * 0001–0009 foundation, 0010–0019 rattachement, 0020–0029 droit and NPEC, 0030–0039 textes, 0040–0049 comptes.
 */
export const migrations: Record<string, Migration> = {
  '0001_socle': m0001,
  '0010_rattachement': m0010,
  '0020_npec': m0020,
  '0030_textes': m0030,
  '0040_comptes': m0040,
};
