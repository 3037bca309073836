import { StringDecoder } from 'node:string_decoder';
import {
  ligneCsv,
  ligneNdjson,
  type LigneLot,
  type ResultatLigneLot,
} from '../../partage/dossiers-lot.ts';
import type { Auteur, Proprietaires } from '../../stockage/dossiers.depot.ts';
import { deposerLigne, PARALLELES_LOT } from './lot.ts';
import type { ServiceDossiers } from './service.ts';

/**
 * Streaming bulk deposit (issue 12 point 7): the body of `POST /api/v1/dossiers/lot` sent as the
 * file itself (`application/x-ndjson` or `text/csv`) is read as it arrives, line by line, and
 * each line is deposited as soon as it is read, `PARALLELES_LOT` at a time; the answer streams
 * back one NDJSON record per line as it is done, then a summary. Memory is bounded: the next
 * chunk of the body is read only when a line may start (the request's TCP window does the rest),
 * one line is at most `LONGUEUR_LIGNE_MAX` characters, and a line's result is written, not kept.
 */

/** Lines per streamed file at most (the whole-body JSON form keeps LIGNES_LOT_MAX). */
export const LIGNES_FLUX_MAX = 1_000_000;
/** Characters of one line (one contract) at most: a FA13 is a few thousand. */
export const LONGUEUR_LIGNE_MAX = 1_000_000;

/** A fatal error of a streamed file, with the line it is about when known. */
export class ErreurFlux extends Error {
  constructor(
    message: string,
    readonly ligne: number | null,
  ) {
    super(message);
  }
}

/** The body's pieces: a stream, or any (async) iterable of text or bytes. */
type Morceaux = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

async function* texteDe(flux: Morceaux): AsyncGenerator<string> {
  const d = new StringDecoder('utf8');
  for await (const morceau of flux) yield typeof morceau === 'string' ? morceau : d.write(morceau);
  const reste = d.end();
  if (reste) yield reste;
}

/** NDJSON lines as they arrive, numbered from 1 (blank lines skipped, still counted). */
export async function* lignesNdjson(flux: Morceaux): AsyncGenerator<LigneLot> {
  let reste = '';
  let numero = 0;
  let trop = false;
  for await (const texte of texteDe(flux)) {
    let debut = 0;
    for (let i = texte.indexOf('\n'); i >= 0; i = texte.indexOf('\n', debut)) {
      const ligne = reste + texte.slice(debut, i);
      reste = '';
      debut = i + 1;
      numero++;
      if (trop || ligne.length > LONGUEUR_LIGNE_MAX) {
        trop = false;
        yield tropLongue(numero);
        continue;
      }
      const x = ligneNdjson(numero, ligne);
      if (x) yield x;
    }
    if (!trop) reste += texte.slice(debut);
    // A line longer than allowed: forgotten as it comes, answered at its end.
    if (reste.length > LONGUEUR_LIGNE_MAX) {
      trop = true;
      reste = '';
    }
  }
  if (trop) yield tropLongue(numero + 1);
  else {
    const x = ligneNdjson(numero + 1, reste);
    if (x) yield x;
  }
}

const tropLongue = (numero: number): LigneLot => ({
  ligne: numero,
  cle: null,
  erreurs: [
    {
      champ: '',
      libelle: null,
      message: `ligne de plus de ${LONGUEUR_LIGNE_MAX} caractères : un contrat par ligne`,
    },
  ],
});

/**
 * RFC 4180 rows as the text arrives (the same reading as `lireCsv`: `;` or `,` detected on the
 * header line, quotes, doubled quotes, line breaks in quotes, CRLF).
 */
export class DecoupeurCsv {
  private sep: string | null = null;
  private attente = '';
  private ligne: string[] = [];
  private cellule = '';
  private guillemets = false;
  private sauterLf = false;
  private debut = true;
  private taille = 0;
  /** Rows completed (the header is row 1). */
  rangs = 0;

  /** The rows completed by this piece of text. */
  pousser(morceau: string): string[][] {
    let t = this.attente + morceau;
    this.attente = '';
    if (this.debut) {
      if (t === '') return [];
      t = t.replace(/^\uFEFF/, '');
      this.debut = false;
    }
    if (this.sep === null) {
      const fin = t.search(/\r?\n/);
      if (fin < 0) {
        this.attente = t;
        if (t.length > LONGUEUR_LIGNE_MAX) throw new ErreurFlux('en-tête trop long', 1);
        return [];
      }
      const premiere = t.slice(0, fin);
      this.sep =
        (premiere.match(/;/g)?.length ?? 0) >= (premiere.match(/,/g)?.length ?? 0) ? ';' : ',';
    }
    return this.lire(t, false);
  }

  /** The last row, if the text does not end with a line break. */
  finir(): string[][] {
    const t = this.attente;
    this.attente = '';
    if (this.sep === null) {
      if (t === '') return [];
      const premiere = t.replace(/^\uFEFF/, '');
      this.sep =
        (premiere.match(/;/g)?.length ?? 0) >= (premiere.match(/,/g)?.length ?? 0) ? ';' : ',';
    }
    const rangs = this.lire(t, true);
    if (this.cellule !== '' || this.ligne.length > 0) {
      this.ligne.push(this.cellule);
      rangs.push(this.ligne);
      this.rangs++;
      this.ligne = [];
      this.cellule = '';
    }
    return rangs;
  }

  private lire(t: string, dernier: boolean): string[][] {
    const rangs: string[][] = [];
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (this.sauterLf) {
        this.sauterLf = false;
        if (c === '\n') continue;
      }
      if (this.guillemets) {
        if (c === '"' && i === t.length - 1 && !dernier) {
          // A quote at the end of the piece: doubled or closing, the next piece tells.
          this.attente = '"';
          break;
        }
        if (c === '"' && t[i + 1] === '"') {
          this.cellule += '"';
          i++;
        } else if (c === '"') this.guillemets = false;
        else this.cellule += c;
      } else if (c === '"') this.guillemets = true;
      else if (c === this.sep) {
        this.ligne.push(this.cellule);
        this.taille += this.cellule.length;
        this.cellule = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') {
          if (t[i + 1] === '\n') i++;
          else if (i === t.length - 1) this.sauterLf = true;
        }
        this.ligne.push(this.cellule);
        rangs.push(this.ligne);
        this.rangs++;
        this.ligne = [];
        this.cellule = '';
        this.taille = 0;
      } else this.cellule += c;
    }
    if (this.taille + this.cellule.length > LONGUEUR_LIGNE_MAX)
      throw new ErreurFlux(
        `ligne de plus de ${LONGUEUR_LIGNE_MAX} caractères (guillemet non fermé ?)`,
        this.rangs + 1,
      );
    return rangs;
  }
}

/** CSV contracts as they arrive (row numbers of the spreadsheet: the header is row 1). */
export async function* lignesCsv(flux: Morceaux): AsyncGenerator<LigneLot> {
  const d = new DecoupeurCsv();
  let colonnes: string[] | null = null;
  let numero = 0;
  const lire = function* (rangs: string[][]): Generator<LigneLot> {
    for (const r of rangs) {
      numero++;
      if (colonnes === null) {
        colonnes = r.map((c) => c.trim());
        continue;
      }
      const x = ligneCsv(colonnes, r, numero);
      if (x) yield x;
    }
  };
  for await (const texte of texteDe(flux)) yield* lire(d.pousser(texte));
  yield* lire(d.finir());
}

export interface BilanFlux {
  lignes: number;
  crees: number;
  dejaDeposes: number;
  rejetes: number;
}

export type EnregistrementFlux =
  ResultatLigneLot | { bilan: BilanFlux } | { erreur: { ligne: number | null; message: string } };

/**
 * Deposits the lines as they come, `parallele` in flight, and yields each line's result as it
 * is done (each with its line number), then `{bilan}`. A fatal error of the file (unreadable
 * stream, too many lines, unclosed quote) yields `{erreur}` after the lines in flight, then the
 * summary of what was deposited. The lines are read only as fast as they are deposited and the
 * results only as fast as the caller takes them: nothing accumulates.
 */
export async function* deposerEnFlux(
  service: ServiceDossiers,
  auteur: Auteur,
  lignes: AsyncIterable<LigneLot>,
  options: { autoriser?: (p: Proprietaires) => void; parallele?: number } = {},
): AsyncGenerator<EnregistrementFlux> {
  const parallele = Math.max(1, options.parallele ?? PARALLELES_LOT);
  const it = lignes[Symbol.asyncIterator]();
  type Fait = { k: number; r: ResultatLigneLot };
  const enVol = new Map<number, Promise<Fait>>();
  const bilan: BilanFlux = { lignes: 0, crees: 0, dejaDeposes: 0, rejetes: 0 };
  const compter = (r: ResultatLigneLot) => {
    bilan.lignes++;
    if (r.statut === 'cree') bilan.crees++;
    else if (r.statut === 'deja_depose') bilan.dejaDeposes++;
    else bilan.rejetes++;
  };
  let prochaine: Promise<{ suivante: IteratorResult<LigneLot> }> | null = null;
  let fini = false;
  let k = 0;
  let erreur: EnregistrementFlux | null = null;
  try {
    while (!fini || enVol.size > 0) {
      if (!fini && prochaine === null && enVol.size < parallele)
        prochaine = it.next().then((suivante) => ({ suivante }));
      const attentes: Promise<Fait | { suivante: IteratorResult<LigneLot> }>[] = [
        ...enVol.values(),
      ];
      if (prochaine && enVol.size < parallele) attentes.push(prochaine);
      const x = await Promise.race(attentes);
      if ('suivante' in x) {
        prochaine = null;
        if (x.suivante.done) {
          fini = true;
          continue;
        }
        const l = x.suivante.value;
        if (l.ligne > LIGNES_FLUX_MAX)
          throw new ErreurFlux(`plus de ${LIGNES_FLUX_MAX} lignes : fichier à découper`, l.ligne);
        const i = k++;
        enVol.set(
          i,
          deposerLigne(service, auteur, l, options.autoriser).then((r) => ({ k: i, r })),
        );
      } else {
        enVol.delete(x.k);
        compter(x.r);
        yield x.r;
      }
    }
  } catch (e) {
    erreur = {
      erreur: {
        ligne: e instanceof ErreurFlux ? e.ligne : null,
        message: e instanceof Error ? e.message : String(e),
      },
    };
    // The lines already in flight are deposited: say what became of them.
    for (const p of enVol.values()) {
      const f = await p.catch(() => null);
      if (!f) continue;
      compter(f.r);
      yield f.r;
    }
    await it.return?.(undefined);
  }
  if (erreur) yield erreur;
  yield { bilan };
}
