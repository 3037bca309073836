import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { Command } from 'commander';
import { verifierIdcc, verifierSiren, verifierSiret } from '../../domaine/entreprise/index.ts';
import {
  rattacherLot,
  siretsDepuisCsv,
  type Rattacheur,
  type ReponseRattachement,
  type ReponseSiren,
} from '../../domaine/rattachement/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { SourceRequise, PlageEtablissements } from '../../stockage/rattachement.depot.ts';

interface OptionsCommunes {
  date?: string;
  json?: boolean;
}

/** Reads an input file; a missing one says so in French. */
async function lireTexte(fichier: string): Promise<string> {
  try {
    return await readFile(fichier, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
        ressource: 'Fichier',
        identifiant: path.resolve(fichier),
      });
    throw e;
  }
}

function verifie(
  champ: string,
  v: { ok: true; valeur: string } | { ok: false; probleme: string },
): string {
  if (!v.ok) throw new ErreurOpco('ERR_VALIDATION', { detail: `${champ} : ${v.probleme}`, champ });
  return v.valeur;
}

function verifierDate(d: string | undefined): string | null {
  if (d === undefined) return null;
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d))
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: '--date : format AAAA-MM-JJ attendu',
      champ: 'date',
    });
  return d;
}

/**
 * Runs a lookup on the finder of the configured base. The base is used as it is when already
 * initialised (no reference data re-read: see ouvrirBaseCommande); a source the lookup needs and
 * that is not loaded is a 503-like error naming it, never an "unknown" answer.
 */
async function avecRattacheur<T>(
  sources: readonly SourceRequise[],
  plage: PlageEtablissements,
  f: (r: Rattacheur) => Promise<T> | T,
): Promise<T> {
  const [{ lireConfig }, { ouvrirBaseCommande }, { chargerRattacheur, exigerSources }] =
    await Promise.all([
      import('../../config.ts'),
      import('../../contexte.ts'),
      import('../../stockage/rattachement.depot.ts'),
    ]);
  const config = lireConfig();
  const base = await ouvrirBaseCommande(config);
  try {
    return await f(
      exigerSources(await chargerRattacheur(base, config.rattachement, plage), sources),
    );
  } finally {
    await base.fermer();
  }
}

/** Human rendering of an answer (the JSON form is the API's, with --json). */
export function texteReponse(r: ReponseRattachement): string {
  const l: string[] = [];
  l.push(`Statut : ${r.statut}${r.demo ? ' (DONNÉES DE DÉMONSTRATION)' : ''}`);
  if (r.siret) l.push(`SIRET : ${r.siret}`);
  if (r.idcc) l.push(`IDCC : ${r.idcc.code}${r.idcc.titre ? ` — ${r.idcc.titre}` : ''}`);
  l.push(`OPCO : ${r.opco ? `${r.opco.nom} (code ${r.opco.code})` : 'aucun'}`);
  if (r.opcoGestion) l.push(`OPCO de gestion : ${r.opcoGestion.nom} (code ${r.opcoGestion.code})`);
  const minoritaires = new Set(r.minoritaires.map((p) => p.opco.code));
  for (const p of r.repartition)
    l.push(
      `  ${p.majoritaire ? '*' : ' '} ${p.opco.nom} (${p.opco.code}) : ${p.nbSiret} établissement(s), ${(p.part * 100).toFixed(3)} %${minoritaires.has(p.opco.code) ? ' (cas isolés)' : ''}`,
    );
  l.push(r.explication);
  if (r.aFaire) l.push(`À faire : ${r.aFaire}`);
  for (const s of r.sources)
    l.push(
      `Source : ${s.nom}, ${s.fichier}, millésime ${s.millesime} (en vigueur depuis le ${s.dateEffet})${s.demo ? ', démonstration' : ''}`,
    );
  return `${l.join('\n')}\n`;
}

function ecrire(json: boolean | undefined, r: ReponseRattachement | ReponseSiren) {
  if (json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  else if ('etablissements' in r) {
    process.stdout.write(`${r.explication}\n`);
    if (r.aFaire) process.stdout.write(`À faire : ${r.aFaire}\n`);
    for (const e of r.etablissements) process.stdout.write(`\n${texteReponse(e)}`);
  } else process.stdout.write(texteReponse(r));
}

export function commandeRattachement(): Command {
  const cmd = new Command('rattachement').description(
    'Quel est mon OPCO ? Par SIRET, SIREN, IDCC, intitulé de convention, ou en masse (mêmes réponses que l’API)',
  );
  const commune = (c: Command) =>
    c
      .option('-d, --date <AAAA-MM-JJ>', 'date à laquelle la réponse doit valoir')
      .option('--json', 'sortie JSON (celle de l’API)');
  commune(cmd.command('siret').argument('<siret>').description('OPCO d’un établissement')).action(
    async (s: string, o: OptionsCommunes) => {
      const siret = verifie('siret', verifierSiret(s));
      const date = verifierDate(o.date);
      ecrire(
        o.json,
        await avecRattacheur(['opcos', 'siro'], { de: siret, a: siret }, (r) =>
          r.parSiret(siret, date),
        ),
      );
    },
  );
  commune(
    cmd
      .command('siren')
      .argument('<siren>')
      .description('OPCO de chaque établissement connu d’une entreprise'),
  ).action(async (s: string, o: OptionsCommunes) => {
    const siren = verifie('siren', verifierSiren(s));
    const date = verifierDate(o.date);
    ecrire(
      o.json,
      await avecRattacheur(['opcos', 'siro'], { de: `${siren}00000`, a: `${siren}99999` }, (r) =>
        r.parSiren(siren, date),
      ),
    );
  });
  commune(
    cmd.command('idcc').argument('<idcc>').description('OPCO d’une convention collective'),
  ).action(async (s: string, o: OptionsCommunes) => {
    const idcc = verifie('idcc', verifierIdcc(s));
    const date = verifierDate(o.date);
    ecrire(
      o.json,
      await avecRattacheur(['opcos', 'idcc-opco', 'conventions'], 'aucun', (r) =>
        r.parIdcc(idcc, date),
      ),
    );
  });
  cmd
    .command('conventions')
    .argument('<mots...>')
    .description('Chercher une convention collective par IDCC ou mots du titre')
    .option('--json', 'sortie JSON')
    .action(async (mots: string[], o: { json?: boolean }) => {
      const res = await avecRattacheur(['conventions'], 'aucun', (r) =>
        r.ref.conventions.rechercher(mots.join(' '), 20),
      );
      if (o.json) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
      else
        for (const c of res)
          process.stdout.write(
            `${c.idcc}  ${c.titreCourt ?? c.titre}${c.nomsUsuels.length > 0 ? ` (${c.nomsUsuels.join(', ')})` : ''}${c.portee === 'territoriale' ? ' — territoriale' : ''}${c.enVigueur ? '' : ' — abrogée'}\n`,
          );
    });
  cmd
    .command('lot')
    .argument('<fichier>', 'CSV : un SIRET par ligne (première colonne), en-tête facultatif')
    .description('Rattachement en masse, en CSV ou NDJSON')
    .option('-d, --date <AAAA-MM-JJ>', 'date à laquelle la réponse doit valoir')
    .option('-f, --format <format>', 'csv ou ndjson', 'csv')
    .option('-o, --sortie <fichier>', 'fichier de sortie (sinon la sortie standard)')
    .action(async (fichier: string, o: { date?: string; format: string; sortie?: string }) => {
      if (o.format !== 'csv' && o.format !== 'ndjson')
        throw new ErreurOpco('ERR_VALIDATION', {
          detail: '--format : csv ou ndjson',
          champ: 'format',
        });
      const format = o.format;
      const date = verifierDate(o.date);
      const sirets = siretsDepuisCsv(await lireTexte(fichier));
      await avecRattacheur(['opcos', 'siro'], 'tous', async (r) => {
        const sortie = o.sortie ? createWriteStream(o.sortie) : process.stdout;
        for (const morceau of rattacherLot(r, sirets, date, format))
          if (!sortie.write(morceau)) await once(sortie, 'drain');
        if (o.sortie) {
          sortie.end();
          await once(sortie, 'finish');
        }
      });
    });
  return cmd;
}
