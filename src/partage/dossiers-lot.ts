import { z } from 'zod';
import { depotDossierSchema, type DepotDossier } from './dossiers.schema.ts';
import { libelleChamp } from './libelles.ts';

/**
 * Bulk deposit files (issue 12 point 7), read the same way by the API, the CLI and the web:
 *
 * - **CSV** (`;` or `,`, detected on the header line; RFC 4180 quotes): one contract per line,
 *   one column per CERFA field named by its path in the form's schema (`employeur.siret`,
 *   `maitres.0.nom`, `contrat.remunerations.1.tauxPourcent`); an empty cell is an absent field;
 *   numbers may use a decimal comma; yes/no fields take `oui`/`non` (or `true`/`false`, `1`/`0`);
 *   an optional column `cle` is the line's idempotency key.
 * - **NDJSON**: one contract (JSON object) per line; **JSON**: an array of contracts. A contract
 *   object may carry its key as `cle` beside the form's fields.
 *
 * Without a key, the line's key is derived from its content by the caller (the same line gives
 * the same key, so depositing a file twice creates nothing more).
 */
export const formatsLot = ['csv', 'ndjson', 'json'] as const;
export type FormatLot = (typeof formatsLot)[number];

export const erreurChampSchema = z.object({
  champ: z.string(),
  libelle: z.string().nullable(),
  message: z.string(),
});
export type ErreurChamp = z.infer<typeof erreurChampSchema>;

export type LigneLot =
  | { ligne: number; cle: string | null; contrat: DepotDossier }
  | { ligne: number; cle: string | null; erreurs: ErreurChamp[] };

/** Lines per file at most (a larger file is split by its sender). */
export const LIGNES_LOT_MAX = 5000;

export const depotLotSchema = z.object({
  format: z.enum(formatsLot),
  contenu: z.string().min(1).max(20_000_000),
});

export const resultatLigneLotSchema = z.object({
  ligne: z.number().int(),
  cle: z.string().nullable(),
  statut: z.enum(['cree', 'deja_depose', 'rejete']),
  dossierId: z.string().nullable(),
  etat: z.string().nullable(),
  erreurs: z.array(erreurChampSchema),
});
export type ResultatLigneLot = z.infer<typeof resultatLigneLotSchema>;

export const resultatLotSchema = z.object({
  lignes: z.array(resultatLigneLotSchema),
  crees: z.number().int(),
  dejaDeposes: z.number().int(),
  rejetes: z.number().int(),
});
export type ResultatLot = z.infer<typeof resultatLotSchema>;

/** Splits CSV text into rows of cells (RFC 4180: quotes, doubled quotes, line breaks in quotes). */
export function lireCsv(texte: string): string[][] {
  const t = texte.replace(/^\uFEFF/, '');
  const premiere = t.slice(0, t.search(/\r?\n|$/));
  const sep =
    (premiere.match(/;/g)?.length ?? 0) >= (premiere.match(/,/g)?.length ?? 0) ? ';' : ',';
  const lignes: string[][] = [];
  let ligne: string[] = [];
  let cellule = '';
  let guillemets = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (guillemets) {
      if (c === '"' && t[i + 1] === '"') {
        cellule += '"';
        i++;
      } else if (c === '"') guillemets = false;
      else cellule += c;
    } else if (c === '"') guillemets = true;
    else if (c === sep) {
      ligne.push(cellule);
      cellule = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && t[i + 1] === '\n') i++;
      ligne.push(cellule);
      lignes.push(ligne);
      ligne = [];
      cellule = '';
    } else cellule += c;
  }
  if (cellule !== '' || ligne.length > 0) {
    ligne.push(cellule);
    lignes.push(ligne);
  }
  return lignes;
}

type Genre = 'nombre' | 'booleen' | 'texte';

interface DefZod {
  type: string;
  innerType?: SchemaZod;
  in?: SchemaZod;
  element?: SchemaZod;
  shape?: Record<string, SchemaZod>;
  options?: SchemaZod[];
  values?: unknown[];
}
interface SchemaZod {
  _zod: { def: DefZod };
}

/** The kind of value the schema expects at `chemin` (to read a CSV cell), text if unknown. */
function genreAttendu(schema: SchemaZod, chemin: readonly string[]): Genre {
  let s: SchemaZod | undefined = schema;
  let i = 0;
  while (s) {
    const d: DefZod = s._zod.def;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(d.type)) {
      s = d.innerType;
      continue;
    }
    if (d.type === 'pipe') {
      s = d.in;
      continue;
    }
    if (i === chemin.length) {
      if (d.type === 'number' || d.type === 'int') return 'nombre';
      if (d.type === 'boolean') return 'booleen';
      if (d.type === 'literal' && typeof d.values?.[0] === 'boolean') return 'booleen';
      if (d.type === 'literal' && typeof d.values?.[0] === 'number') return 'nombre';
      return 'texte';
    }
    const cle = chemin[i++] ?? '';
    if (d.type === 'object') s = d.shape?.[cle];
    else if (d.type === 'array') s = d.element;
    else return 'texte';
  }
  return 'texte';
}

function valeurCellule(brute: string, genre: Genre): unknown {
  const v = brute.trim();
  if (genre === 'nombre') {
    const n = Number(v.replace(/\s/g, '').replace(',', '.'));
    return Number.isFinite(n) && v !== '' ? n : v;
  }
  if (genre === 'booleen') {
    const b = v.toLowerCase();
    if (['oui', 'true', '1', 'vrai'].includes(b)) return true;
    if (['non', 'false', '0', 'faux'].includes(b)) return false;
    return v;
  }
  return v;
}

/** Puts `valeur` at a dotted path (`maitres.0.nom`), creating objects and arrays on the way. */
function poser(objet: Record<string, unknown>, chemin: readonly string[], valeur: unknown): void {
  let o: Record<string, unknown> | unknown[] = objet;
  chemin.forEach((cle, i) => {
    const dernier = i === chemin.length - 1;
    const indice = /^\d+$/.test(cle) ? Number(cle) : null;
    const conteneur = o as Record<string | number, unknown>;
    const k = indice ?? cle;
    if (dernier) {
      conteneur[k] = valeur;
      return;
    }
    if (conteneur[k] === undefined) conteneur[k] = /^\d+$/.test(chemin[i + 1] ?? '') ? [] : {};
    o = conteneur[k] as Record<string, unknown> | unknown[];
  });
}

const schemaParFormulaire = (f: unknown): SchemaZod | null => {
  const opts = (depotDossierSchema as unknown as SchemaZod)._zod.def.options ?? [];
  return (
    opts.find((o) => {
      const forme = o._zod.def.shape?.formulaire?._zod.def;
      return forme?.values?.[0] === f;
    }) ?? null
  );
};

/** A contract object checked by the form's schema: the contract, or each field's error. */
export function verifierContrat(
  brut: unknown,
): { contrat: DepotDossier } | { erreurs: ErreurChamp[] } {
  const r = depotDossierSchema.safeParse(brut);
  if (r.success) return { contrat: r.data };
  return {
    erreurs: r.error.issues.map((x) => {
      const champ = x.path.join('.');
      return { champ, libelle: champ ? libelleChamp(champ) : null, message: x.message };
    }),
  };
}

function ligneDe(numero: number, brut: unknown): LigneLot {
  let cle: string | null = null;
  let objet = brut;
  if (brut && typeof brut === 'object' && !Array.isArray(brut) && 'cle' in brut) {
    const { cle: c, ...reste } = brut as Record<string, unknown>;
    cle = typeof c === 'string' && c.trim() !== '' ? c.trim() : null;
    objet = reste;
  }
  const v = verifierContrat(objet);
  return 'contrat' in v
    ? { ligne: numero, cle, contrat: v.contrat }
    : { ligne: numero, cle, erreurs: v.erreurs };
}

const erreurFichier = (message: string): ErreurChamp => ({ champ: '', libelle: null, message });

/** One NDJSON line (numbered from 1): a checked contract or its errors; null if blank. */
export function ligneNdjson(numero: number, texte: string): LigneLot | null {
  if (texte.trim() === '') return null;
  try {
    return ligneDe(numero, JSON.parse(texte));
  } catch (e) {
    return {
      ligne: numero,
      cle: null,
      erreurs: [erreurFichier(`JSON illisible : ${e instanceof Error ? e.message : String(e)}`)],
    };
  }
}

/**
 * One CSV row under its header's columns (trimmed): a checked contract or its errors; null if
 * every cell is empty. `numero` is the row's number in the spreadsheet (the header is row 1).
 */
export function ligneCsv(
  colonnes: readonly string[],
  cellules: readonly string[],
  numero: number,
): LigneLot | null {
  if (cellules.every((c) => c.trim() === '')) return null;
  if (cellules.length !== colonnes.length)
    return {
      ligne: numero,
      cle: null,
      erreurs: [
        erreurFichier(`${cellules.length} cellules pour ${colonnes.length} colonnes d’en-tête`),
      ],
    };
  const iFormulaire = colonnes.indexOf('formulaire');
  const schema = schemaParFormulaire(iFormulaire >= 0 ? cellules[iFormulaire]?.trim() : 'FA13');
  const objet: Record<string, unknown> = {};
  colonnes.forEach((col, j) => {
    const brute = cellules[j] ?? '';
    if (brute.trim() === '' || col === '') return;
    const chemin = col.split('.');
    poser(objet, chemin, schema ? valeurCellule(brute, genreAttendu(schema, chemin)) : brute);
  });
  return ligneDe(numero, objet);
}

/**
 * Reads a bulk file into numbered lines (the CSV header is line 1, so CSV contracts start at
 * line 2; NDJSON and JSON count from 1), each a checked contract or its errors. Throws only for
 * a file that cannot be read at all (bad JSON array, too many lines).
 */
export function lireLot(format: FormatLot, texte: string): LigneLot[] {
  const lignes: LigneLot[] = [];
  if (format === 'json') {
    let tableau: unknown;
    try {
      tableau = JSON.parse(texte);
    } catch (e) {
      throw new Error(`JSON illisible : ${e instanceof Error ? e.message : String(e)}`);
    }
    const liste = Array.isArray(tableau) ? tableau : [tableau];
    liste.forEach((x, i) => lignes.push(ligneDe(i + 1, x)));
  } else if (format === 'ndjson') {
    texte.split('\n').forEach((l, i) => {
      const x = ligneNdjson(i + 1, l);
      if (x) lignes.push(x);
    });
  } else {
    const [entete, ...rangs] = lireCsv(texte);
    if (!entete) return [];
    const colonnes = entete.map((c) => c.trim());
    rangs.forEach((cellules, i) => {
      const x = ligneCsv(colonnes, cellules, i + 2);
      if (x) lignes.push(x);
    });
  }
  if (lignes.length > LIGNES_LOT_MAX)
    throw new Error(`${lignes.length} lignes : ${LIGNES_LOT_MAX} au plus par fichier`);
  return lignes;
}
