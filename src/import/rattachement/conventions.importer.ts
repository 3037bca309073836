import { open, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Progression } from '../../partage/progression.ts';
import type { Base } from '../../stockage/db.ts';
import { importerAvecProvenance, sommeControleTexte, type ResultatImport } from '../provenance.ts';
import { insererParLots, lireCsv, refus } from './commun.ts';

const COLONNES = ['idcc', 'libelle', 'kali_id', 'etat_juridique', 'titre_legifrance'] as const;

interface TitreKali {
  idcc: string;
  kaliId: string;
  titre: string;
  titreCourt: string | null;
}

/** Folder and version of the npm package @socialgouv/kali-data. */
export async function paquetKali(): Promise<{ dossier: string; version: string }> {
  const req = createRequire(import.meta.url);
  const pkg = req.resolve('@socialgouv/kali-data/package.json');
  const { version } = JSON.parse(await readFile(pkg, 'utf8')) as { version: string };
  return { dossier: path.join(path.dirname(pkg), 'data'), version };
}

function chaineJson(tete: string, cle: string): string | null {
  const m = new RegExp(`"${cle}":\\s*("(?:[^"\\\\]|\\\\.)*")`).exec(tete);
  return m?.[1] ? (JSON.parse(m[1]) as string) : null;
}

/**
 * Reads the title of every agreement of kali-data from the head of its file (the files hold the
 * full text, 175 MB in all: only the first kilobytes are read).
 */
export async function lireTitresKali(dossier: string): Promise<TitreKali[]> {
  const fichiers = (await readdir(dossier)).filter((f) => /^KALICONT[0-9]+\.json$/.test(f));
  const titres: TitreKali[] = [];
  const tampon = Buffer.alloc(8192);
  for (const f of fichiers.sort()) {
    const h = await open(path.join(dossier, f), 'r');
    try {
      const { bytesRead } = await h.read(tampon, 0, tampon.length, 0);
      const tete = tampon.subarray(0, bytesRead).toString('utf8');
      const num = /"num":\s*"?([0-9]{1,4})"?[,\s}]/.exec(tete)?.[1];
      const titre = chaineJson(tete, 'title');
      if (!num || !titre) continue; // agreements without IDCC number (e.g. 1413 in this package)
      titres.push({
        idcc: num.padStart(4, '0'),
        kaliId: f.replace(/\.json$/, ''),
        titre: titre.replace(/\s+/g, ' ').trim(),
        titreCourt: chaineJson(tete, 'shortTitle'),
      });
    } finally {
      await h.close();
    }
  }
  return titres;
}

/**
 * Imports convention titles: @socialgouv/kali-data (npm, DILA KALI) first, completed by
 * idcc-list-bal.csv (the file given) for the IDCCs kali-data lacks. Replaces the table.
 */
export async function importerConventions(
  base: Base,
  fichier: string,
  progression: Progression,
): Promise<ResultatImport> {
  const { texte, lignes } = await lireCsv(fichier, COLONNES);
  const kali = await paquetKali();
  const titresKali = await lireTitresKali(kali.dossier);
  const parIdcc = new Map<
    string,
    {
      idcc: string;
      titre: string;
      titre_court: string | null;
      kali_id: string | null;
      etat: string | null;
      origine: string;
    }
  >();
  for (const t of titresKali) {
    if (parIdcc.has(t.idcc)) continue;
    parIdcc.set(t.idcc, {
      idcc: t.idcc,
      titre: t.titre,
      titre_court: t.titreCourt,
      kali_id: t.kaliId,
      etat: null,
      origine: 'kali-data',
    });
  }
  const vus = new Set<string>();
  let completes = 0;
  // One row may name several IDCC sharing a title ("1740 1841 1843"): such rows only fill the
  // IDCC that no single-IDCC row describes, so they are taken last.
  const multiple = (l: (typeof lignes)[number]) => /\s/.test((l.valeurs.idcc ?? '').trim());
  const ordonnees = [...lignes.filter((l) => !multiple(l)), ...lignes.filter(multiple)];
  for (const { numero, valeurs: v } of ordonnees) {
    const idccs = (v.idcc ?? '').trim().split(/\s+/);
    if (!idccs.every((i) => /^[0-9]{1,4}$/.test(i)))
      throw refus(fichier, numero, `colonne idcc : « ${v.idcc ?? ''} » n’est pas un IDCC`);
    const libelle = (v.libelle ?? '').trim();
    const titre = (v.titre_legifrance ?? '').trim() || libelle;
    if (titre === '') throw refus(fichier, numero, 'ni libelle ni titre_legifrance');
    const etat = (v.etat_juridique ?? '').trim() || null;
    for (const idcc of idccs) {
      const code = idcc.padStart(4, '0');
      if (vus.has(code)) {
        if (idccs.length > 1) continue;
        throw refus(fichier, numero, `IDCC ${code} en double`);
      }
      vus.add(code);
      const existant = parIdcc.get(code);
      if (existant) {
        existant.titre_court ??= libelle || null;
        existant.etat ??= etat;
      } else {
        completes++;
        parIdcc.set(code, {
          idcc: code,
          titre,
          titre_court: libelle || null,
          kali_id: (v.kali_id ?? '').trim() || null,
          etat,
          origine: 'idcc-list-bal',
        });
      }
    }
  }
  const valeurs = [...parIdcc.values()].sort((a, b) => a.idcc.localeCompare(b.idcc));
  progression.debut('Conventions collectives', valeurs.length);
  const r = await importerAvecProvenance(
    base,
    {
      source: 'conventions',
      fichier,
      millesime: `kali-data ${kali.version}`,
      sommeControle: sommeControleTexte(`${texte}\n@socialgouv/kali-data@${kali.version}`),
    },
    async (trx, importId) => {
      await trx.deleteFrom('convention').execute();
      await insererParLots(valeurs, 500, (lot) =>
        trx
          .insertInto('convention')
          .values(lot.map((l) => ({ ...l, import_id: importId })))
          .execute(),
      );
      return {
        lignesLues: lignes.length,
        lignesEcrites: valeurs.length,
        details: {
          kaliData: kali.version,
          depuisKaliData: valeurs.length - completes,
          completeesParBal: completes,
        },
      };
    },
  );
  progression.avance(valeurs.length);
  progression.fin(`${valeurs.length} convention(s)`);
  return r;
}
