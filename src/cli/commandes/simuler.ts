import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { ResultatApprentissage } from '../../moteur/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';

/** Reads a JSON input file: a missing file or bad JSON is a clear French error, not a trace. */
export async function lireJson(fichier: string): Promise<unknown> {
  const chemin = path.resolve(fichier);
  let texte: string;
  try {
    texte = await readFile(chemin, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
        ressource: 'Fichier',
        identifiant: chemin,
      });
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: `${chemin} : fichier illisible (${code ?? String(e)})`,
    });
  }
  try {
    return JSON.parse(texte);
  } catch (e) {
    throw new ErreurOpco('ERR_JSON_MALFORME', {
      detail: `${chemin} : ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const date = (d: string) => d.split('-').reverse().join('/');

/** The readable summary of a simulation: total first, then the schedule and the main figures. */
export function resumeApprentissage(r: ResultatApprentissage): string {
  const l: string[] = [];
  l.push(`Simulation d’un contrat d’apprentissage, droit en vigueur au ${date(r.dateEvaluation)}`);
  l.push('');
  if (r.valeur === null) {
    l.push('Total versé par l’OPCO : non calculable, des informations manquent :');
    for (const m of r.manquantes) l.push(`  - ${m.champ} : ${m.message}`);
    return `${l.join('\n')}\n`;
  }
  l.push(`Total versé par l’OPCO : ${euros.format(r.valeur)}`);
  if (r.npec)
    l.push(
      `  NPEC : ${euros.format(r.npec.applique)} par an${r.npec.applique !== r.npec.annuel ? ` (annuel ${euros.format(r.npec.annuel)})` : ''} — ${r.npec.source.libelle}`,
    );
  if (r.priseEnCharge) {
    l.push(`  Prise en charge des coûts de formation : ${euros.format(r.priseEnCharge.total)}`);
    for (const a of r.priseEnCharge.parAnnee)
      l.push(
        `    du ${date(a.du)} au ${date(a.au)} (${a.jours} jours) : ${euros.format(a.montant)}`,
      );
  }
  if (r.participationEmployeur)
    l.push(`  Participation de l’employeur déduite : ${euros.format(r.participationEmployeur)}`);
  if (r.fraisAnnexes?.total) l.push(`  Frais annexes : ${euros.format(r.fraisAnnexes.total)}`);
  if (r.echeancier.length > 0) {
    l.push('');
    l.push('Échéancier des versements :');
    for (const v of r.echeancier)
      l.push(
        `  ${v.date ? date(v.date) : 'date à fixer'}  ${euros.format(v.montant).padStart(12)}  ${v.motif}`,
      );
  }
  if (r.citations.length > 0) {
    l.push('');
    l.push(`Textes appliqués : ${r.citations.map((c) => c.article).join(', ')}`);
  }
  for (const m of r.manquantes) l.push(`À préciser : ${m.champ} — ${m.message}`);
  l.push('');
  l.push('(--json : la réponse complète de l’API, avec l’explication pas à pas et les citations)');
  return `${l.join('\n')}\n`;
}

/** `opco simuler apprentissage <situation.json>`: a summary, or the API's JSON with --json. */
export function commandeSimuler(): Command {
  const simuler = new Command('simuler').description(
    'Simule un financement (même réponse que l’API)',
  );
  simuler
    .command('apprentissage')
    .description(
      "Prise en charge d'un contrat d'apprentissage : montants, échéancier, explication, textes",
    )
    .argument(
      '<situation>',
      'fichier JSON de la situation (champs de POST /api/v1/simulations/apprentissage)',
    )
    .option('--json', 'réponse complète en JSON (celle de l’API)')
    .action(async (fichier: string, opts: { json?: boolean }) => {
      const brut = await lireJson(fichier);
      const [{ situationApprentissageSchema }, { lireConfig }, { moteurParDefaut }] =
        await Promise.all([
          import('../../partage/simulation-apprentissage.schema.ts'),
          import('../../config.ts'),
          import('../../droit/moteur-par-defaut.ts'),
        ]);
      const r = situationApprentissageSchema.safeParse(brut);
      if (!r.success)
        throw new ErreurOpco('ERR_VALIDATION', {
          detail: r.error.issues
            .map((i) => `${['situation', ...i.path.map(String)].join('.')} : ${i.message}`)
            .join(' ; '),
        });
      const config = lireConfig();
      const moteur = moteurParDefaut(config.dataDir);
      // The base is only needed to look the NPEC up in the referential.
      const besoinBase = r.data.npecAnnuel === undefined && r.data.rncp && r.data.idcc;
      const [{ simulerApprentissage }, { ouvrirBaseCommande }, { chercherNpec }] =
        await Promise.all([
          import('../../droit/simulation.ts'),
          import('../../contexte.ts'),
          import('../../stockage/npec.depot.ts'),
        ]);
      const base = besoinBase ? await ouvrirBaseCommande(config) : null;
      try {
        const resultat = await simulerApprentissage(
          moteur,
          base ? (rncp, idcc, date) => chercherNpec(base.db, rncp, idcc, date) : null,
          r.data,
        );
        process.stdout.write(
          opts.json ? `${JSON.stringify(resultat, null, 2)}\n` : resumeApprentissage(resultat),
        );
      } finally {
        await base?.fermer();
      }
    });
  return simuler;
}
