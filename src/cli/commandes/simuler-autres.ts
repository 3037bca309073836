import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import { lireConfig } from '../../config.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import {
  simulerContributions,
  simulerSalaireApprenti,
  versionsParDefaut,
} from '../../droit/simulation-salaire.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { NoeudJson } from '../../partage/explication.schema.ts';
import {
  situationContributionsSchema,
  type ResultatContributionsJson,
} from '../../partage/simulation-contributions.schema.ts';
import {
  situationSalaireApprentiSchema,
  type ResultatSalaireApprentiJson,
} from '../../partage/simulation-salaire.schema.ts';

/** Reads and validates a situation file; errors name the field as `situation.<champ>`. */
export async function lireSituation<S extends z.ZodType>(
  fichier: string,
  schema: S,
): Promise<z.infer<S>> {
  const chemin = path.resolve(fichier);
  let brut: unknown;
  try {
    brut = JSON.parse(await readFile(chemin, 'utf8'));
  } catch (e) {
    throw new ErreurOpco('ERR_JSON_MALFORME', {
      detail: `${chemin} : ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  const r = schema.safeParse(brut);
  if (!r.success)
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: r.error.issues
        .map((i) => `${['situation', ...i.path.map(String)].join('.')} : ${i.message}`)
        .join(' ; '),
    });
  return r.data;
}

const euros = (centimes: number) =>
  (centimes / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });
const dateFr = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const TRANCHES: Record<string, string> = {
  '16_17_ans': 'moins de 18 ans',
  '18_20_ans': '18 à 20 ans',
  '21_25_ans': '21 à 25 ans',
  '26_ans_et_plus': '26 ans et plus',
};
const annee = (n: number) => (n === 1 ? '1re année' : `${n}e année`);

function citations(r: { citations: { article: string; titre: string }[] }): string[] {
  return ['Textes appliqués :', ...r.citations.map((c) => `  - ${c.article} : ${c.titre}`)];
}

/**
 * The explanation tree in plain text, one node a line, indented by depth: label, value in French
 * (`texte`, written by the engine's presentation) and the articles it applies.
 */
export function lignesExplication(n: NoeudJson, profondeur = 0): string[] {
  const articles = n.references?.length
    ? ` — ${[...new Set(n.references.map((r) => r.article))].join(', ')}`
    : '';
  const depuis = n.depuis ? ` (en vigueur depuis le ${dateFr(n.depuis)})` : '';
  return [
    `${'  '.repeat(profondeur + 1)}${n.libelle} : ${n.texte ?? String(n.valeur)}${depuis}${articles}`,
    ...(n.enfants ?? []).flatMap((e) => lignesExplication(e, profondeur + 1)),
  ];
}

function explication(r: { explication: NoeudJson }, montrer: boolean | undefined): string[] {
  return montrer ? ['Explication du calcul :', ...lignesExplication(r.explication)] : [];
}

/** Readable French summary of an apprentice minimum wage simulation. */
export function resumerSalaire(r: ResultatSalaireApprentiJson, detail?: boolean): string {
  const lignes = [
    `Salaire minimum de l'apprenti (${r.ageDebut} ans au début du contrat), par période :`,
    ...r.periodes.map((p) => {
      const retenue =
        p.anneeRetenue !== p.anneeExecution ? `, taux de la ${annee(p.anneeRetenue)}` : '';
      const base = p.base === 'SMIC' ? 'du SMIC' : 'du salaire minimum conventionnel';
      return `  du ${dateFr(p.du)} au ${dateFr(p.au)} : ${TRANCHES[p.tranche] ?? p.tranche}, ${annee(p.anneeExecution)}${retenue} — ${String(p.tauxPourcent).replace('.', ',')} % ${base} (${euros(p.baseMensuelleCentimes)}) = ${euros(p.montantMensuelCentimes)} par mois`;
    }),
    ...(r.avertissements.length
      ? ['Avertissements :', ...r.avertissements.map((a) => `  - ${a}`)]
      : []),
    ...explication(r, detail),
    ...citations(r),
  ];
  return `${lignes.join('\n')}\n`;
}

/** Readable French summary of a contributions simulation. */
export function resumerContributions(r: ResultatContributionsJson, detail?: boolean): string {
  const ligne = (libelle: string, c: number | null) =>
    c === null ? [] : [`  ${libelle} : ${euros(c)}`];
  const lignes = [
    `Contributions de l'employeur à la formation pour le mois (textes au ${dateFr(r.dateEvaluation)}) :`,
    ...ligne('Contribution à la formation professionnelle (CFP)', r.cfp),
    ...ligne(
      r.taSolde === null ? "Taxe d'apprentissage" : "Taxe d'apprentissage, part principale",
      r.taBase,
    ),
    ...ligne("Solde de la taxe d'apprentissage", r.taSolde),
    ...ligne("Contribution supplémentaire à l'apprentissage (CSA)", r.csa),
    ...ligne("Taxe d'apprentissage et CSA, total arrondi", r.taTotal),
    ...ligne('Contribution CPF des titulaires de CDD', r.cpfCdd),
    `  Total : ${euros(r.total)}`,
    ...explication(r, detail),
    ...citations(r),
  ];
  return `${lignes.join('\n')}\n`;
}

/**
 * `opco simuler salaire-apprenti <situation.json>` and `opco simuler contributions
 * <situation.json>`: a French summary, or with --json the same JSON as the API.
 */
export function ajouterSimulationsAutres(simuler: Command): void {
  simuler
    .command('salaire-apprenti')
    .description(
      "Salaire minimum de l'apprenti, période par période (D6222-26 à D6222-32), avec les textes",
    )
    .argument('<situation>', 'fichier JSON (champs de POST /api/v1/simulations/salaire-apprenti)')
    .option('--json', 'sortie JSON (la même que l’API)')
    .option(
      '--explication',
      'écrit aussi l’explication du calcul, règle par règle, avec les textes',
    )
    .action(async (fichier: string, opts: { json?: boolean; explication?: boolean }) => {
      const entree = await lireSituation(fichier, situationSalaireApprentiSchema);
      const config = lireConfig();
      const r = simulerSalaireApprenti(
        moteurParDefaut(config.dataDir).droit,
        versionsParDefaut(config.dataDir),
        entree,
      );
      process.stdout.write(
        opts.json ? `${JSON.stringify(r, null, 2)}\n` : resumerSalaire(r, opts.explication),
      );
    });
  simuler
    .command('contributions')
    .description(
      "Contributions de l'employeur à la formation pour un mois : CFP, taxe d'apprentissage, CSA, CPF-CDD",
    )
    .argument('<situation>', 'fichier JSON (champs de POST /api/v1/simulations/contributions)')
    .option('--json', 'sortie JSON (la même que l’API)')
    .option(
      '--explication',
      'écrit aussi l’explication du calcul, règle par règle, avec les textes',
    )
    .action(async (fichier: string, opts: { json?: boolean; explication?: boolean }) => {
      const entree = await lireSituation(fichier, situationContributionsSchema);
      const config = lireConfig();
      const r = simulerContributions(
        moteurParDefaut(config.dataDir).droit,
        versionsParDefaut(config.dataDir),
        entree,
      );
      process.stdout.write(
        opts.json ? `${JSON.stringify(r, null, 2)}\n` : resumerContributions(r, opts.explication),
      );
    });
}
