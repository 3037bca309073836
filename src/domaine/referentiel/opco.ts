import { z } from 'zod';

/** An OPCO as France compétences identifies it (two-digit code of the SIRO table and API). */
export const opcoSchema = z.object({
  code: z.string().regex(/^[0-9]{2}$/, 'code France compétences à deux chiffres attendu'),
  nom: z.string().min(1, 'nom vide'),
  siren: z.string().regex(/^[0-9]{9}$/, 'SIREN à 9 chiffres attendu'),
  slug: z.string().regex(/^[a-z0-9_]+$/, 'identifiant en minuscules attendu'),
  libelleUsuel: z.string().min(1, 'libellé vide'),
  /** True when France compétences has not confirmed this code (Uniformation's 04). */
  codeInfere: z.boolean(),
  /** Why the code is inferred, or another note on it. */
  noteCode: z.string().nullable(),
});
export type Opco = z.infer<typeof opcoSchema>;

export type ResultatNormalisation<T> =
  { ok: true; valeurs: T[] } | { ok: false; ligne: number; probleme: string };

/**
 * Normalises the rows of `opcos.csv` (columns fc_code, fc_label, siren, slug, lba_label, and the
 * optional code_infere (`true`/`false`, empty = false) and note_code of the repository's copy).
 * Refuses a row with a bad value or a duplicated code, naming the line.
 */
export function normaliserOpcos(
  lignes: readonly { numero: number; valeurs: Record<string, string> }[],
): ResultatNormalisation<Opco> {
  const vus = new Set<string>();
  const valeurs: Opco[] = [];
  for (const { numero, valeurs: v } of lignes) {
    const infere = (v.code_infere ?? '').trim();
    if (!['', 'true', 'false'].includes(infere))
      return {
        ok: false,
        ligne: numero,
        probleme: `colonne code_infere : « ${infere} » au lieu de true, false ou vide`,
      };
    const r = opcoSchema.safeParse({
      codeInfere: infere === 'true',
      noteCode: (v.note_code ?? '').trim() || null,
      code: v.fc_code?.trim(),
      nom: v.fc_label?.trim(),
      siren: v.siren?.trim(),
      slug: v.slug?.trim(),
      libelleUsuel: v.lba_label?.trim(),
    });
    if (!r.success) {
      const issue = r.error.issues[0];
      const champ =
        { code: 'fc_code', nom: 'fc_label', libelleUsuel: 'lba_label' }[
          String(issue?.path[0]) as 'code' | 'nom' | 'libelleUsuel'
        ] ?? String(issue?.path[0]);
      return {
        ok: false,
        ligne: numero,
        probleme: `colonne ${champ} : ${issue?.message ?? 'invalide'}`,
      };
    }
    if (vus.has(r.data.code))
      return { ok: false, ligne: numero, probleme: `code OPCO ${r.data.code} en double` };
    vus.add(r.data.code);
    valeurs.push(r.data);
  }
  if (valeurs.length === 0) return { ok: false, ligne: 2, probleme: 'aucun OPCO dans le fichier' };
  return { ok: true, valeurs };
}
