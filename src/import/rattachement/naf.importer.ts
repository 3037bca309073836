import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { insererParLots, refus } from './commun.ts';

/** index.json of the npm package @socialgouv/codes-naf (INSEE NAF rév. 2). */
export function fichierNafDuPaquet(): string {
  return createRequire(import.meta.url).resolve('@socialgouv/codes-naf/index.json');
}

const entreeSchema = z.object({ id: z.string().min(2), label: z.string().min(1) });

/** NAF level from the shape of the code: 62 division, 62.0 groupe, 62.01 classe, 62.01Z sous-classe. */
function niveau(code: string): string | null {
  if (/^[0-9]{2}$/.test(code)) return 'division';
  if (/^[0-9]{2}\.[0-9]$/.test(code)) return 'groupe';
  if (/^[0-9]{2}\.[0-9]{2}$/.test(code)) return 'classe';
  if (/^[0-9]{2}\.[0-9]{2}[A-Z]$/.test(code)) return 'sous-classe';
  return null;
}

/** Imports the NAF codes from @socialgouv/codes-naf's index.json ([{id, label}]). */
export async function importerNaf(
  base: Base,
  fichier: string,
  progression: Progression,
): Promise<ResultatImport> {
  const texte = await readFile(fichier, 'utf8');
  let brut: unknown;
  try {
    brut = JSON.parse(texte);
  } catch (e) {
    throw refus(fichier, 1, `JSON invalide : ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(brut)) throw refus(fichier, 1, 'un tableau [{id, label}] est attendu');
  const vus = new Set<string>();
  const valeurs = brut.map((x: unknown, i) => {
    const r = entreeSchema.safeParse(x);
    // Entries are not lines: name the entry rank (1-based) as the "line".
    if (!r.success)
      throw refus(fichier, i + 1, `entrée ${i + 1} : ${r.error.issues[0]?.message ?? 'invalide'}`);
    const n = niveau(r.data.id);
    if (!n) throw refus(fichier, i + 1, `entrée ${i + 1} : code NAF « ${r.data.id} » mal formé`);
    if (vus.has(r.data.id)) throw refus(fichier, i + 1, `code NAF ${r.data.id} en double`);
    vus.add(r.data.id);
    return { code: r.data.id, niveau: n, libelle: r.data.label };
  });
  if (valeurs.length === 0) throw refus(fichier, 1, 'aucun code NAF');
  progression.debut('Codes NAF', valeurs.length);
  const r = await importerAvecProvenance(
    base,
    { source: 'naf', fichier, millesime: 'NAF rév. 2', sommeControle: sommeControleTexte(texte) },
    async (trx, importId) => {
      await trx.deleteFrom('naf').execute();
      await insererParLots(valeurs, 1000, (lot) =>
        trx
          .insertInto('naf')
          .values(lot.map((l) => ({ ...l, import_id: importId })))
          .execute(),
      );
      return { lignesLues: valeurs.length, lignesEcrites: valeurs.length };
    },
  );
  progression.avance(valeurs.length);
  progression.fin(`${valeurs.length} code(s) NAF`);
  return r;
}
