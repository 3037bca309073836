import { once } from 'node:events';
import { sql, type Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Base } from './db.ts';
import type { Database } from './schema.ts';

/**
 * A bulk load in PostgreSQL's COPY text format (tab-separated, `\N` for NULL, one row per
 * line), inside the caller's Kysely transaction:
 * - PostgreSQL: `COPY … FROM STDIN` through pg-copy-streams on the transaction's connection;
 * - PGlite: `COPY … FROM '/dev/blob'`, flushed every `tailleLot` characters.
 */
export interface Copie {
  ecrire(texte: string | Uint8Array): Promise<void>;
  terminer(): Promise<void>;
  /** Aborts the COPY (the connection leaves COPY mode, so the transaction can roll back). */
  annuler(raison: Error): Promise<void>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export async function ouvrirCopie(
  base: Base,
  trx: Transaction<Database>,
  table: string,
  colonnes: readonly string[],
  options: { tailleLot?: number; avec?: string } = {},
): Promise<Copie> {
  if (!IDENT.test(table) || !colonnes.every((c) => IDENT.test(c)))
    throw new Error(`identifiant SQL invalide pour COPY : ${table}(${colonnes.join(',')})`);
  const cible = `${table} (${colonnes.join(', ')})`;
  // COPY options, e.g. "WITH (FORMAT csv, DELIMITER '|')"; only a fixed set of characters.
  const avec = options.avec ?? '';
  if (!/^[A-Za-z0-9_ (),'|]*$/.test(avec)) throw new Error(`options COPY invalides : ${avec}`);
  const brut = base.brut;
  if (!brut) throw new Error('cette base ne permet pas le chargement en masse (COPY)');
  if (brut.moteur === 'pglite') {
    const tailleLot = options.tailleLot ?? 16 * 1024 * 1024;
    let morceaux: BlobPart[] = [];
    let taille = 0;
    const vider = async () => {
      if (taille === 0) return;
      const blob = new Blob(morceaux);
      morceaux = [];
      taille = 0;
      await brut.pglite.query(`COPY ${cible} FROM '/dev/blob' ${avec}`, [], { blob });
    };
    return {
      async ecrire(texte) {
        morceaux.push(
          typeof texte === 'string'
            ? texte
            : new Uint8Array(texte.buffer as ArrayBuffer, texte.byteOffset, texte.byteLength),
        );
        taille += texte.length;
        if (taille >= tailleLot) await vider();
      },
      terminer: vider,
      annuler() {
        morceaux = [];
        taille = 0;
        return Promise.resolve();
      },
    };
  }
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
  const pid = rows[0]?.pid;
  const client = pid === undefined ? undefined : brut.clientDePid(pid);
  if (!client) throw new Error('connexion de la transaction introuvable pour COPY');
  const flux = client.query(copyFrom(`COPY ${cible} FROM STDIN ${avec}`));
  let erreur: Error | null = null;
  const fini = new Promise<void>((resolve, reject) => {
    flux.on('finish', resolve);
    flux.on('error', (e: Error) => {
      erreur = e;
      reject(e);
    });
  });
  fini.catch(() => {});
  return {
    async ecrire(texte) {
      if (erreur) throw erreur;
      if (!flux.write(texte)) await Promise.race([once(flux, 'drain'), fini]);
    },
    async terminer() {
      if (erreur) throw erreur;
      flux.end();
      await fini;
    },
    async annuler(raison) {
      if (erreur) return;
      // pg-copy-streams sends CopyFail on destroy: the server ends the COPY with an error.
      flux.destroy(raison);
      await fini.catch(() => {});
    },
  };
}
