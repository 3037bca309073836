/** Collective agreements (conventions collectives) and their accent/case-insensitive search. */

export interface Convention {
  idcc: string;
  titre: string;
  titreCourt: string | null;
  /** Légifrance legal state(s), `|`-joined (VIGUEUR_ETEN, ABROGE…), when known. */
  etat?: string | null;
}

/** A usual name of a convention (« Syntec » → 1486), from the usual-names data file. */
export interface NomUsuel {
  idcc: string;
  nom: string;
}

/**
 * Territorial scope read from the title: `nationale`, `territoriale` (départementale, régionale,
 * locale…), or `autre` (company agreements, statutes, titles that say neither).
 */
export type Portee = 'nationale' | 'territoriale' | 'autre';

export interface ResultatConvention extends Convention {
  score: number;
  portee: Portee;
  /** False when every Légifrance text of the convention is abrogated, lapsed or replaced. */
  enVigueur: boolean;
  nomsUsuels: string[];
}

const MOTS_VIDES = new Set([
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'l',
  'd',
  'et',
  'en',
  'a',
  'au',
  'aux',
]);

/** Lower-case, without accents, words separated by single spaces. */
export function normaliserTexte(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const NATIONALE = /\b(nationale?s?|nationaux)\b/;
const TERRITORIALE =
  /\b(departementale?s?|interdepartementale?s?|regionale?s?|interregionale?s?|locale?s?|territoriale?s?)\b/;

/**
 * The scope of a convention from its title: the first scope adjective of the title decides
 * (« Convention collective régionale … annexée à la convention collective nationale … » is
 * territorial); the short title is read when the title says nothing.
 */
export function porteeConvention(titre: string, titreCourt: string | null): Portee {
  for (const t of [titre, titreCourt ?? '']) {
    const n = normaliserTexte(t);
    const nat = NATIONALE.exec(n)?.index ?? -1;
    const ter = TERRITORIALE.exec(n)?.index ?? -1;
    if (nat >= 0 && (ter < 0 || nat < ter)) return 'nationale';
    if (ter >= 0) return 'territoriale';
  }
  return 'autre';
}

const ETATS_MORTS = new Set(['ABROGE', 'PERIME', 'REMPLACE', 'DENONCE']);

function enVigueur(etat: string | null | undefined): boolean {
  if (!etat) return true;
  return !etat.split('|').every((e) => ETATS_MORTS.has(e.trim()));
}

const RANG_PORTEE: Record<Portee, number> = { nationale: 0, autre: 1, territoriale: 2 };

/** Significant words of a text (stop words dropped, unless nothing else is left). */
function motsUtiles(n: string): string[] {
  const tous = n.split(' ').filter((m) => m !== '');
  const utiles = tous.filter((m) => !MOTS_VIDES.has(m));
  return utiles.length > 0 ? utiles : tous;
}

interface Preparee {
  c: Convention;
  motsCourt: string[];
  motsTitre: string[];
  motsUsuels: string[];
  /** Each usual name, its significant words joined by one space. */
  usuels: string[];
  nomsUsuels: string[];
  portee: Portee;
  enVigueur: boolean;
}

/** A search index over the conventions (prepared once, queried many times). */
export class IndexConventions {
  private readonly prep: Preparee[];
  private readonly parIdcc = new Map<string, Convention>();

  constructor(conventions: readonly Convention[], nomsUsuels: readonly NomUsuel[] = []) {
    const usuels = new Map<string, string[]>();
    for (const u of nomsUsuels) usuels.set(u.idcc, [...(usuels.get(u.idcc) ?? []), u.nom]);
    this.prep = conventions.map((c) => {
      const noms = usuels.get(c.idcc) ?? [];
      return {
        c,
        motsCourt: c.titreCourt ? normaliserTexte(c.titreCourt).split(' ') : [],
        motsTitre: normaliserTexte(c.titre).split(' '),
        motsUsuels: noms.flatMap((n) => normaliserTexte(n).split(' ')),
        usuels: noms.map((n) => motsUtiles(normaliserTexte(n)).join(' ')),
        nomsUsuels: noms,
        portee: porteeConvention(c.titre, c.titreCourt),
        enVigueur: enVigueur(c.etat),
      };
    });
    for (const c of conventions) this.parIdcc.set(c.idcc, c);
  }

  get taille(): number {
    return this.prep.length;
  }

  titre(idcc: string): string | null {
    const c = this.parIdcc.get(idcc);
    return c ? (c.titreCourt ?? c.titre) : null;
  }

  convention(idcc: string): Convention | null {
    return this.parIdcc.get(idcc) ?? null;
  }

  /**
   * Ranked search: an IDCC number matches exactly first (then IDCCs starting with it). Otherwise
   * each word must start a word of the title, of the short title or of a usual name (« Syntec »,
   * « HCR », « BTP »), accents and case ignored; the whole query equal to a usual name scores
   * highest, then whole-word matches, matches in the short title or a usual name, shorter titles.
   * Results are ranked national conventions first, then the others, territorial ones last; in
   * force before abrogated; then by score.
   */
  rechercher(q: string, limite = 20): ResultatConvention[] {
    const n = normaliserTexte(q);
    if (n === '') return [];
    const resultats: (ResultatConvention & { rang: number })[] = [];
    const resultat = (p: Preparee, score: number) => ({
      ...p.c,
      score: Math.round(score * 1000) / 1000,
      portee: p.portee,
      enVigueur: p.enVigueur,
      nomsUsuels: p.nomsUsuels,
      rang: RANG_PORTEE[p.portee] * 2 + (p.enVigueur ? 0 : 1),
    });
    if (/^[0-9]{1,4}$/.test(n)) {
      const exact = n.padStart(4, '0');
      for (const p of this.prep) {
        if (p.c.idcc === exact) resultats.push({ ...resultat(p, 1000), rang: -1 });
        else if (p.c.idcc.replace(/^0+/, '').startsWith(n)) resultats.push(resultat(p, 500));
      }
    } else {
      const mots = motsUtiles(n);
      const requete = mots.join(' ');
      for (const p of this.prep) {
        let score = p.usuels.includes(requete) ? 100 : 0;
        let ok = true;
        for (const m of mots) {
          const court = noter(m, p.motsCourt);
          const usuel = noter(m, p.motsUsuels);
          const s = Math.max(
            court + (court > 0 ? 2 : 0),
            usuel + (usuel > 0 ? 2 : 0),
            noter(m, p.motsTitre),
          );
          if (s === 0) {
            ok = false;
            break;
          }
          score += s;
        }
        if (!ok) continue;
        // Shorter titles are closer to what was asked.
        score += 1 / (1 + p.motsTitre.length);
        resultats.push(resultat(p, score));
      }
    }
    resultats.sort((a, b) => a.rang - b.rang || b.score - a.score || a.idcc.localeCompare(b.idcc));
    return resultats.slice(0, limite).map(({ rang: _rang, ...r }) => r);
  }
}

function noter(mot: string, mots: readonly string[]): number {
  let best = 0;
  for (const w of mots) {
    if (w === mot) return 3;
    if (w.startsWith(mot)) best = 2;
  }
  return best;
}
