import { numeroCite } from './article.ts';
import { extraireReferences, type ReferenceJuridique } from './citations.ts';

export type GenreCitant = 'parametre' | 'regle' | 'cas_de_test';

/** A law-data document, parsed: a parameter leaf, a rule file or a file of test cases. */
export interface DocumentDroit {
  genre: GenreCitant;
  /** Dotted id: the path under droit/parametres, droit/regles or tests/droit, without extension. */
  identifiant: string;
  /** Path of the file, relative to the repository root. */
  fichier: string;
  contenu: unknown;
}

/** Something that cites an article: a parameter, a rule or a test case. */
export interface Citant {
  genre: GenreCitant;
  identifiant: string;
  fichier: string;
  /** Dates the article is cited for (dated values or rule versions); empty if none. */
  dates: string[];
  /** For test cases: the parameters and rules through which the case depends on the article. */
  via: string[];
}

function chaines(x: unknown, acc: Set<string>): Set<string> {
  if (typeof x === 'string') acc.add(x);
  else if (Array.isArray(x)) for (const e of x) chaines(e, acc);
  else if (typeof x === 'object' && x !== null)
    for (const [k, v] of Object.entries(x)) {
      acc.add(k);
      chaines(v, acc);
    }
  return acc;
}

/** The cases of a test file: a list, a `cas:`/`tests:` list, or the file itself as one case. */
function casDe(doc: DocumentDroit): { identifiant: string; contenu: unknown }[] {
  const c = doc.contenu;
  const liste = Array.isArray(c)
    ? c
    : typeof c === 'object' && c !== null
      ? ((c as Record<string, unknown>).cas ?? (c as Record<string, unknown>).tests)
      : undefined;
  if (!Array.isArray(liste)) return [{ identifiant: doc.identifiant, contenu: c }];
  return liste.map((e: unknown, i) => {
    const nom =
      typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>).nom === 'string'
        ? String((e as Record<string, unknown>).nom)
        : String(i + 1);
    return { identifiant: `${doc.identifiant} › ${nom}`, contenu: e };
  });
}

export interface IndexCitations {
  /** Article → what cites it, parameters first, then rules, then test cases. */
  parArticle: Map<string, Citant[]>;
  /** Every reference read, with where it was found (for the integrity check). */
  references: ReferenceJuridique[];
}

/**
 * Builds « article → parameters, rules and test cases that cite it ». Parameters and rules cite
 * articles through their `references:`; a test case cites an article directly (its own
 * references) or through a parameter or rule it names (any key or string equal to its id, or to
 * the `nom`/`id` of a rule file).
 */
export function indexerCitations(documents: readonly DocumentDroit[]): IndexCitations {
  const parArticle = new Map<string, Citant[]>();
  const references: ReferenceJuridique[] = [];
  const ajouter = (article: string, c: Citant) => {
    const liste = parArticle.get(article) ?? [];
    const meme = liste.find((x) => x.genre === c.genre && x.identifiant === c.identifiant);
    if (meme) {
      meme.dates = [...new Set([...meme.dates, ...c.dates])].sort();
      meme.via = [...new Set([...meme.via, ...c.via])].sort();
    } else liste.push(c);
    parArticle.set(article, liste);
  };
  // Names under which a parameter or rule can be mentioned by a test case → articles it cites.
  const articlesDe = new Map<string, Set<string>>();
  for (const d of documents) {
    if (d.genre === 'cas_de_test') continue;
    const refs = extraireReferences(d.contenu, d.fichier);
    references.push(...refs);
    const noms = [d.identifiant];
    if (typeof d.contenu === 'object' && d.contenu !== null)
      for (const cle of ['nom', 'id'] as const) {
        const v = (d.contenu as Record<string, unknown>)[cle];
        if (typeof v === 'string' && v !== '') noms.push(v);
      }
    for (const r of refs) {
      const article = numeroCite(r.article);
      if (!article) continue;
      ajouter(article, {
        genre: d.genre,
        identifiant: d.identifiant,
        fichier: d.fichier,
        dates: r.date ? [r.date] : [],
        via: [],
      });
      for (const n of noms) {
        const s = articlesDe.get(n) ?? new Set<string>();
        s.add(article);
        articlesDe.set(n, s);
      }
    }
  }
  for (const d of documents) {
    if (d.genre !== 'cas_de_test') continue;
    for (const cas of casDe(d)) {
      const directes = extraireReferences(cas.contenu, d.fichier);
      references.push(...directes);
      for (const r of directes) {
        const article = numeroCite(r.article);
        if (article)
          ajouter(article, {
            genre: 'cas_de_test',
            identifiant: cas.identifiant,
            fichier: d.fichier,
            dates: r.date ? [r.date] : [],
            via: [],
          });
      }
      for (const s of chaines(cas.contenu, new Set())) {
        for (const article of articlesDe.get(s) ?? [])
          ajouter(article, {
            genre: 'cas_de_test',
            identifiant: cas.identifiant,
            fichier: d.fichier,
            dates: [],
            via: [s],
          });
      }
    }
  }
  const rang = { parametre: 0, regle: 1, cas_de_test: 2 } as const;
  for (const liste of parArticle.values())
    liste.sort(
      (a, b) => rang[a.genre] - rang[b.genre] || a.identifiant.localeCompare(b.identifiant),
    );
  return { parArticle, references };
}
