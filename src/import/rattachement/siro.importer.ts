import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
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
  morceaux(): AsyncIterable<string>;
}

/**
 * Imports France compétences' SIRET-OPCO table in its official format
 * (`SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION`, `|`-separated, no quotes, optional header),
 * streamed and bulk-loaded with COPY inside the import transaction. One vintage per file;
 * re-importing a vintage replaces it; an official vintage removes the demonstration sample.
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
        yield* createReadStream(fichier, {
          encoding: 'utf8',
          highWaterMark: 1 << 20,
        }) as AsyncIterable<string>;
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
  return importerSiroDepuis(
    base,
    {
      fichier: nomFichier,
      sommeControle: sommeControleTexte(texte),
      taille: texte.length,
      async *morceaux() {
        for (let i = 0; i < texte.length; i += 1 << 20) yield texte.slice(i, i + (1 << 20));
      },
    },
    progression,
    options,
  );
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
  const codes = await codesOpcoParLibelle(base.db);
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
      const copie = await ouvrirCopie(base, trx, 'siro_etablissement', [
        'siret',
        'idcc',
        'opco_proprietaire',
        'opco_gestion',
        'import_id',
      ]);
      const suffixe = `\t${importId}\n`;
      let reste = '';
      let numero = 0;
      let ecrites = 0;
      let lus = 0;
      let entete = false;
      const traiterLigne = (brute: string, sortie: string[]) => {
        numero++;
        const ligne = brute.endsWith('\r') ? brute.slice(0, -1) : brute;
        if (ligne === '') return;
        if (numero === 1 && ligne.startsWith('SIRET')) {
          if (ligne.replace(/^\uFEFF/, '') !== ENTETE_SIRO)
            throw refus(e.fichier, 1, `en-tête « ${ligne} » au lieu de « ${ENTETE_SIRO} »`);
          entete = true;
          return;
        }
        const c = ligne.split('|');
        if (c.length !== 4)
          throw refus(
            e.fichier,
            numero,
            `${c.length} champ(s) au lieu de 4 séparés par « | » (${ENTETE_SIRO})`,
          );
        const siret = c[0] ?? '';
        if (siret.length !== 14 || !/^[0-9]{14}$/.test(siret))
          throw refus(e.fichier, numero, `SIRET « ${siret} » invalide (14 chiffres attendus)`);
        let idcc = c[1] ?? '';
        if (idcc !== '') {
          if (!/^[0-9]{1,4}$/.test(idcc))
            throw refus(e.fichier, numero, `IDCC « ${idcc} » invalide (1 à 4 chiffres attendus)`);
          idcc = idcc.padStart(4, '0');
        }
        const p = opco(c[2] ?? '', 'OPCO_PROPRIETAIRE');
        const g = opco(c[3] ?? '', 'OPCO_GESTION');
        sortie.push(`${siret}\t${idcc === '' ? '\\N' : idcc}\t${p}\t${g}${suffixe}`);
        ecrites++;
      };
      const opco = (libelle: string, colonne: string): string => {
        if (libelle === '' || libelle === 'N/C') return '\\N';
        const code = codes.get(libelle);
        if (code === undefined)
          throw refus(
            e.fichier,
            numero,
            `${colonne} « ${libelle} » n’est pas un OPCO connu (libellés de la table SIRO attendus)`,
          );
        return code;
      };
      try {
        for await (const morceau of e.morceaux()) {
          lus += Buffer.byteLength(morceau);
          const texte = reste + morceau;
          const lignes = texte.split('\n');
          reste = lignes.pop() ?? '';
          const sortie: string[] = [];
          for (const l of lignes) traiterLigne(l, sortie);
          if (sortie.length > 0) await copie.ecrire(sortie.join(''));
          progression.avance(Math.min(lus, e.taille));
        }
        if (reste !== '') {
          const sortie: string[] = [];
          traiterLigne(reste, sortie);
          if (sortie.length > 0) await copie.ecrire(sortie.join(''));
        }
        await copie.terminer();
      } catch (err) {
        await copie.annuler(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
      if (ecrites === 0)
        throw refus(e.fichier, Math.max(numero, 1), 'aucun établissement dans le fichier');
      await trx
        .insertInto('siro_millesime')
        .values({
          import_id: importId,
          millesime,
          date_effet: `${millesime}-01`,
          demo,
          nb_etablissements: ecrites,
        })
        .execute();
      return {
        lignesLues: numero - (entete ? 1 : 0),
        lignesEcrites: ecrites,
        details: { demo, dateEffet: `${millesime}-01`, anciensMillesimesRemplaces: ids },
      };
    },
  );
  progression.fin(
    `${resultat.lignesEcrites} établissement(s)${resultat.statut === 'deja_importe' ? ' (déjà importé)' : ''}`,
  );
  return resultat;
}
