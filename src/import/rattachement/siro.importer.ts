import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Progression } from '../../partage/progression.ts';
import { ouvrirCopie } from '../../stockage/copie.ts';
import type { Base } from '../../stockage/db.ts';
import {
  importerAvecProvenance,
  sommeControleFichier,
  sommeControleTexte,
  type ResultatImport,
} from '../provenance.ts';
import { codesOpcoParLibelle, millesimeDuNom, refus } from './commun.ts';

export const ENTETE_SIRO = 'SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION';

export interface OptionsSiro {
  /** 'YYYY-MM'; read from the file name (siro-202606.csv) when absent. */
  millesime?: string;
  /** The generated demonstration sample, never official data. */
  demo?: boolean;
}

/** Where the rows come from: a file streamed from disk, or text generated in memory. */
interface Entree {
  fichier: string;
  sommeControle: string;
  taille: number;
  morceaux(): AsyncIterable<Buffer>;
}

/**
 * Imports France compétences' SIRET-OPCO table in its official format
 * (`SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION`, `|`-separated, no quotes, optional header),
 * streamed and bulk-loaded with COPY inside the import transaction. Each line is checked on its
 * bytes (14-digit SIRET, empty or 4-digit IDCC, known OPCO labels or empty or N/C, 4 fields) and
 * then handed to COPY unchanged: the OPCO labels are stored as published and turned into codes
 * when the in-memory index is built. One vintage per file; re-importing a vintage replaces it;
 * an official vintage removes the demonstration sample.
 */
export async function importerSiro(
  base: Base,
  fichier: string,
  progression: Progression,
  options: OptionsSiro = {},
): Promise<ResultatImport> {
  const taille = (await stat(fichier)).size;
  return importerSiroDepuis(
    base,
    {
      fichier,
      sommeControle: await sommeControleFichier(fichier),
      taille,
      async *morceaux() {
        yield* createReadStream(fichier, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
      },
    },
    progression,
    options,
  );
}

/** Same, from text generated in memory (the demonstration sample). */
export async function importerSiroTexte(
  base: Base,
  nomFichier: string,
  texte: string,
  progression: Progression,
  options: OptionsSiro,
): Promise<ResultatImport> {
  const octets = Buffer.from(texte, 'utf8');
  return importerSiroDepuis(
    base,
    {
      fichier: nomFichier,
      sommeControle: sommeControleTexte(texte),
      taille: octets.length,
      async *morceaux() {
        for (let i = 0; i < octets.length; i += 1 << 20) yield octets.subarray(i, i + (1 << 20));
      },
    },
    progression,
    options,
  );
}

const BARRE = 0x7c; // |
const LF = 0x0a;
const CR = 0x0d;

/** Validates the lines of a buffer of whole lines; returns the problem of the first bad line. */
class Verificateur {
  numero = 0;
  lignes = 0;
  entete = false;

  constructor(private readonly libelles: ReadonlySet<string>) {}

  private libelle(buf: Buffer, a: number, b: number, colonne: string): string | null {
    if (a === b) return null;
    const l = buf.toString('latin1', a, b);
    if (l === 'N/C' || this.libelles.has(l)) return null;
    return `${colonne} « ${buf.toString('utf8', a, b)} » n’est pas un OPCO connu (libellés de la table SIRO attendus)`;
  }

  /** Checks one line [a, b) (without its LF); returns a problem or null. */
  ligne(buf: Buffer, a: number, b: number): string | null {
    if (b > a && buf[b - 1] === CR) b--;
    if (a === b) return null;
    if (this.numero === 1 && buf[a] === 0x53 /* S */) {
      const t = buf.toString('utf8', a, b).replace(/^\uFEFF/, '');
      if (t !== ENTETE_SIRO) return `en-tête « ${t} » au lieu de « ${ENTETE_SIRO} »`;
      this.entete = true;
      return null;
    }
    const p1 = a + 14;
    for (let i = a; i < p1; i++) {
      const c = buf[i] ?? 0;
      if (c < 48 || c > 57) return this.problemeSiret(buf, a, b);
    }
    if (buf[p1] !== BARRE) return this.problemeSiret(buf, a, b);
    let p2 = p1 + 1;
    if (buf[p2] !== BARRE) {
      for (let i = p2; i < p2 + 4; i++) {
        const c = buf[i] ?? 0;
        if (c < 48 || c > 57) return this.problemeIdcc(buf, p1 + 1, b);
      }
      p2 += 4;
      if (buf[p2] !== BARRE) return this.problemeIdcc(buf, p1 + 1, b);
    }
    const p3 = buf.indexOf(BARRE, p2 + 1);
    if (p3 < 0 || p3 >= b) return this.problemeChamps(buf, a, b);
    const p4 = buf.indexOf(BARRE, p3 + 1);
    if (p4 >= 0 && p4 < b) return this.problemeChamps(buf, a, b);
    const pb =
      this.libelle(buf, p2 + 1, p3, 'OPCO_PROPRIETAIRE') ??
      this.libelle(buf, p3 + 1, b, 'OPCO_GESTION');
    if (pb) return pb;
    this.lignes++;
    return null;
  }

  private problemeChamps(buf: Buffer, a: number, b: number): string {
    const n = buf.toString('utf8', a, b).split('|').length;
    return `${n} champ(s) au lieu de 4 séparés par « | » (${ENTETE_SIRO})`;
  }

  private problemeSiret(buf: Buffer, a: number, b: number): string {
    const champs = buf.toString('utf8', a, b).split('|');
    if (champs.length !== 4) return this.problemeChamps(buf, a, b);
    return `SIRET « ${champs[0] ?? ''} » invalide (14 chiffres attendus)`;
  }

  private problemeIdcc(buf: Buffer, a: number, b: number): string {
    const champs = buf.toString('utf8', a, b).split('|');
    if (champs.length !== 3) return this.problemeChamps(buf, a - 15, b);
    return `IDCC « ${champs[0] ?? ''} » invalide (vide ou 4 chiffres attendus)`;
  }
}

async function importerSiroDepuis(
  base: Base,
  e: Entree,
  progression: Progression,
  options: OptionsSiro,
): Promise<ResultatImport> {
  const nom = path.basename(e.fichier);
  const millesime = options.millesime ?? millesimeDuNom(nom);
  if (!millesime || !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(millesime))
    throw refus(
      e.fichier,
      0,
      'millésime introuvable : nommez le fichier siro-AAAAMM.csv (mois de la DSN), ex. siro-202606.csv',
    );
  const demo = options.demo === true;
  const libelles = new Set((await codesOpcoParLibelle(base.db)).keys());
  progression.debut(`Table SIRET-OPCO ${millesime}${demo ? ' (démonstration)' : ''}`, e.taille);
  const resultat = await importerAvecProvenance(
    base,
    { source: 'siro', fichier: e.fichier, millesime, sommeControle: e.sommeControle },
    async (trx, importId) => {
      // The same vintage imported again (corrected file) replaces the previous one.
      const anciens = await trx
        .selectFrom('siro_millesime')
        .select('import_id')
        .where((w) =>
          demo
            ? w('demo', '=', true)
            : w.or([w('demo', '=', true), w('millesime', '=', millesime)]),
        )
        .execute();
      const ids = anciens.map((a) => a.import_id);
      if (ids.length > 0) {
        await trx.deleteFrom('siro_etablissement').where('import_id', 'in', ids).execute();
        await trx.deleteFrom('siro_millesime').where('import_id', 'in', ids).execute();
      }
      // Rows are copied as published: the import id comes from a column default set for the
      // duration of this transaction (DDL is transactional in PostgreSQL).
      await sql
        .raw(
          `alter table siro_etablissement alter column import_id set default ${Number(importId)}`,
        )
        .execute(trx);
      const copie = await ouvrirCopie(
        base,
        trx,
        'siro_etablissement',
        ['siret', 'idcc', 'opco_proprietaire', 'opco_gestion'],
        { avec: "WITH (FORMAT csv, DELIMITER '|')" },
      );
      const v = new Verificateur(libelles);
      let reste: Buffer | null = null;
      let lus = 0;
      const traiter = async (buf: Buffer, fin: number) => {
        // Lines [0, fin) of buf are whole; write them once checked (the header left out).
        let debut = 0;
        let aEcrire = 0;
        while (debut < fin) {
          let nl = buf.indexOf(LF, debut);
          if (nl < 0 || nl > fin) nl = fin;
          v.numero++;
          const pb = v.ligne(buf, debut, nl);
          if (pb) throw refus(e.fichier, v.numero, pb);
          if (v.numero === 1 && v.entete) aEcrire = nl + 1;
          debut = nl + 1;
        }
        if (fin > aEcrire) {
          const part = buf.subarray(aEcrire, Math.min(fin + 1, buf.length));
          // Make sure the last line ends with LF for COPY.
          await copie.ecrire(
            part[part.length - 1] === LF ? part : Buffer.concat([part, Buffer.from('\n')]),
          );
        }
      };
      try {
        for await (const morceau of e.morceaux()) {
          lus += morceau.length;
          const buf: Buffer = reste ? Buffer.concat([reste, morceau]) : morceau;
          const dernier = buf.lastIndexOf(LF);
          if (dernier < 0) {
            reste = buf;
            continue;
          }
          await traiter(buf, dernier);
          reste = dernier + 1 < buf.length ? Buffer.from(buf.subarray(dernier + 1)) : null;
          progression.avance(Math.min(lus, e.taille));
        }
        if (reste && reste.length > 0) await traiter(reste, reste.length);
        await copie.terminer();
      } catch (err) {
        await copie.annuler(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
      await sql
        .raw('alter table siro_etablissement alter column import_id drop default')
        .execute(trx);
      if (v.lignes === 0)
        throw refus(e.fichier, Math.max(v.numero, 1), 'aucun établissement dans le fichier');
      await trx
        .insertInto('siro_millesime')
        .values({
          import_id: importId,
          millesime,
          date_effet: `${millesime}-01`,
          demo,
          nb_etablissements: v.lignes,
        })
        .execute();
      return {
        lignesLues: v.lignes,
        lignesEcrites: v.lignes,
        details: { demo, dateEffet: `${millesime}-01`, anciensMillesimesRemplaces: ids },
      };
    },
  );
  progression.fin(
    `${resultat.lignesEcrites} établissement(s)${resultat.statut === 'deja_importe' ? ' (déjà importé)' : ''}`,
  );
  return resultat;
}
