import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import {
  normaliserNumeroArticle,
  type ArticlePublie,
  type PublicationTextes,
} from '../../domaine/textes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';

/** The Code du travail in LEGI. */
export const CODE_DU_TRAVAIL = 'LEGITEXT000006072050';

/**
 * Articles kept from the code: the whole sixth part (« La formation professionnelle », L6…, R6…,
 * D6…), which holds every prefix the platform rests on (L6211, L6222–L6225, L6325, L6332, R6123,
 * R6332, D6222, D6224, D6332) and the neighbouring articles the law data cites
 * (see docs/adr/ADR-2026-11-22-corpus-textes.md).
 */
export const FILTRE_ARTICLES = /^[LRD]6\d{3}-/;

/** Bump when the extracted shape changes: it invalidates the cache and the import checksum. */
export const VERSION_EXTRACTION = 1;

/** The npm packages of the default corpus: the latest legi-data and an older publication (npm alias). */
export const PAQUETS_PAR_DEFAUT = ['@socialgouv/legi-data', 'legi-data-ancien'] as const;

export interface PublicationExtraite extends PublicationTextes {
  paquet: string;
  version: string;
  codeId: string;
  filtre: string;
  /** sha256 of the extracted subset: two identical extractions have the same checksum. */
  empreinte: string;
}

const paquetSchema = z.object({ name: z.string().min(1), version: z.string().min(1) });

const versionSchema = z.object({
  id: z.string().regex(/^LEGIARTI\d{12}$/),
  etat: z.string().min(1),
  version: z.string().nullable().optional(),
  dateDebut: z.number(),
  dateFin: z.number(),
});

const articleSchema = z.object({
  id: z.string().regex(/^LEGIARTI\d{12}$/),
  cid: z.string().regex(/^LEGIARTI\d{12}$/),
  num: z.string().min(1),
  texte: z.string(),
  etat: z.string().min(1),
  dateDebut: z.number(),
  dateFin: z.number(),
  articleVersions: z.array(versionSchema),
});

const codeDataSchema = z.object({
  id: z.string(),
  dateDebutVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/**
 * LEGI dates come as milliseconds since 1970 at midnight UTC; the end of an open validity is
 * 2999-01-01. Converted here, at the boundary, to calendar dates (null = no known end).
 */
export function dateLegi(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
export function finLegi(ms: number): string | null {
  const d = dateLegi(ms);
  return d >= '2999-01-01' ? null : d;
}

interface Noeud {
  type?: unknown;
  data?: unknown;
  children?: unknown;
}

function* parcourir(n: Noeud, sections: string[]): Generator<[unknown, string[]]> {
  if (n.type === 'article') yield [n.data, sections];
  if (!Array.isArray(n.children)) return;
  const titre =
    n.type === 'section' && typeof n.data === 'object' && n.data !== null && 'title' in n.data
      ? String(n.data.title).trim()
      : null;
  for (const c of n.children as Noeud[])
    yield* parcourir(c, titre ? [...sections, titre] : sections);
}

/** Where an installed package lives (its folder), from its npm name or alias. */
export function dossierPaquet(nom: string): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${nom}/package.json`));
}

/** Like dossierPaquet, or null when the package is not installed. */
export function dossierPaquetInstalle(nom: string): string | null {
  try {
    return dossierPaquet(nom);
  } catch {
    return null;
  }
}

/** Reads the package's name and version (the provenance of every text taken from it). */
export async function lirePaquet(dossier: string): Promise<{ name: string; version: string }> {
  const fichier = path.join(dossier, 'package.json');
  const r = paquetSchema.safeParse(JSON.parse(await readFile(fichier, 'utf8')));
  if (!r.success)
    throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
      fichier,
      ligne: 1,
      probleme: r.error.message,
    });
  return r.data;
}

/** Parses the code JSON of a legi-data package and keeps the articles of the filter. Slow (≈ 1 s): cache it. */
export async function extrairePaquet(dossier: string): Promise<PublicationExtraite> {
  const paquet = await lirePaquet(dossier);
  const fichier = path.join(dossier, 'data', `${CODE_DU_TRAVAIL}.json`);
  if (!existsSync(fichier))
    throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
      fichier,
      ligne: 0,
      probleme: 'fichier du Code du travail absent du paquet',
    });
  const racine = JSON.parse(await readFile(fichier, 'utf8')) as Noeud;
  const code = codeDataSchema.safeParse(racine.data);
  if (!code.success)
    throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
      fichier,
      ligne: 0,
      probleme: `en-tête du code : ${code.error.message}`,
    });
  const articles: ArticlePublie[] = [];
  for (const [data, sections] of parcourir(racine, [])) {
    const num = typeof data === 'object' && data !== null && 'num' in data ? data.num : null;
    if (typeof num !== 'string' || !FILTRE_ARTICLES.test(num.trim())) continue;
    const r = articleSchema.safeParse(data);
    if (!r.success)
      throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
        fichier,
        ligne: 0,
        probleme: `article ${num} : ${r.error.message}`,
      });
    const a = r.data;
    const article = normaliserNumeroArticle(a.num);
    if (!article)
      throw new ErreurOpco('ERR_IMPORT_FICHIER_INVALIDE', {
        fichier,
        ligne: 0,
        probleme: `numéro d'article illisible : ${a.num}`,
      });
    articles.push({
      article,
      cid: a.cid,
      idLegiarti: a.id,
      etat: a.etat,
      du: dateLegi(a.dateDebut),
      au: finLegi(a.dateFin),
      texte: a.texte,
      sections: sections.filter((s) => s !== ''),
      versions: a.articleVersions.map((v) => ({
        idLegiarti: v.id,
        etat: v.etat,
        numero: v.version ?? null,
        du: dateLegi(v.dateDebut),
        au: finLegi(v.dateFin),
      })),
    });
  }
  const sansEmpreinte = {
    source: `${paquet.name}@${paquet.version}`,
    paquet: paquet.name,
    version: paquet.version,
    codeId: code.data.id,
    dateCode: code.data.dateDebutVersion,
    filtre: FILTRE_ARTICLES.source,
    articles,
  };
  const empreinte = `sha256:${createHash('sha256')
    .update(JSON.stringify({ v: VERSION_EXTRACTION, ...sansEmpreinte }))
    .digest('hex')}`;
  return { ...sansEmpreinte, empreinte };
}

const extraiteSchema = z.object({
  source: z.string(),
  paquet: z.string(),
  version: z.string(),
  codeId: z.string(),
  dateCode: z.string(),
  filtre: z.string(),
  empreinte: z.string(),
  articles: z.array(
    z.object({
      article: z.string(),
      cid: z.string(),
      idLegiarti: z.string(),
      etat: z.string(),
      du: z.string(),
      au: z.string().nullable(),
      texte: z.string(),
      sections: z.array(z.string()),
      versions: z.array(
        z.object({
          idLegiarti: z.string(),
          etat: z.string(),
          numero: z.string().nullable(),
          du: z.string(),
          au: z.string().nullable(),
        }),
      ),
    }),
  ),
});

/** Default cache folder of extracted subsets (beside the embedded database). */
export const DOSSIER_CACHE_PAR_DEFAUT = path.resolve('.opco', 'cache', 'textes');

/**
 * The extracted subset of a package, from the cache when present (one small JSON per package
 * version, filter and extractor version), else extracted and cached. Writes are atomic
 * (temporary file + rename), so parallel test workers can share the cache.
 */
export async function extraireAvecCache(
  dossier: string,
  dossierCache: string = DOSSIER_CACHE_PAR_DEFAUT,
): Promise<PublicationExtraite> {
  const paquet = await lirePaquet(dossier);
  const cle = createHash('sha256')
    .update(`${paquet.name}@${paquet.version}|${FILTRE_ARTICLES.source}|${VERSION_EXTRACTION}`)
    .digest('hex')
    .slice(0, 16);
  const nom = `${paquet.name.replace(/[^a-z0-9.-]/gi, '_')}@${paquet.version}-${cle}.json`;
  const fichier = path.join(dossierCache, nom);
  if (existsSync(fichier)) {
    const r = extraiteSchema.safeParse(JSON.parse(await readFile(fichier, 'utf8')));
    if (r.success) return r.data;
  }
  const extraite = await extrairePaquet(dossier);
  await mkdir(dossierCache, { recursive: true });
  const temporaire = `${fichier}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporaire, JSON.stringify(extraite));
  await rename(temporaire, fichier);
  return extraite;
}
