import type { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { comparerBaremesPlan, simulerDispositif } from '../../droit/simulation-dispositifs.ts';
import { versionsParDefaut } from '../../droit/simulation-salaire.ts';
import {
  DISPOSITIFS_SIMULES,
  comparaisonPlanSchema,
  type ComparaisonResultatJson,
  type ResultatDispositifJson,
  type SlugDispositif,
} from '../../partage/simulation-dispositifs.schema.ts';
import { lireSituation } from './simuler-autres.ts';

const euros = (e: number | null) =>
  e === null ? 'non calculable' : e.toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });
const valeur = (v: number | string | boolean | null) =>
  v === null ? '—' : typeof v === 'boolean' ? (v ? 'oui' : 'non') : String(v);

/** Readable French summary of a scheme simulation: amount, refusals, warnings, values, texts. */
export function resumerDispositif(titre: string, r: ResultatDispositifJson): string {
  const lignes = [
    `${titre} (droit au ${r.dateDesParametres}) :`,
    ...(r.bareme
      ? [`  Barème : ${r.bareme.libelle ?? r.bareme.id} (version du ${r.bareme.depuis ?? '—'})`]
      : []),
    r.eligible
      ? `  Prise en charge : ${euros(r.montant)}`
      : `  Refusé (prise en charge : ${euros(r.montant)}) :`,
    ...r.refus.map((m) => `  - ${m.motif} (${m.references.map((x) => x.article).join(', ')})`),
    ...(r.avertissements.length
      ? ['  Avertissements :', ...r.avertissements.map((m) => `  - ${m.motif}`)]
      : []),
    '  Détail :',
    ...Object.entries(r.valeurs).map(([k, v]) => `    ${k} : ${valeur(v)}`),
    'Textes appliqués :',
    ...r.citations.map((c) => `  - ${c.article} : ${c.titre}`),
  ];
  return `${lignes.join('\n')}\n`;
}

export function resumerComparaison(r: ComparaisonResultatJson): string {
  const lignes = [
    `Plan < 50, ${r.effectif} salariés, action débutant le ${r.dateDebut} — un barème par ligne :`,
    ...r.resultats.map(
      (x) =>
        `  ${x.bareme.libelle ?? x.bareme.id} : ${
          x.eligible ? euros(x.montant) : `refusé — ${x.refus.map((m) => m.motif).join(' ; ')}`
        }`,
    ),
  ];
  return `${lignes.join('\n')}\n`;
}

/**
 * `opco simuler <dispositif> <situation.json>` for the schemes served by the generic rules
 * engine, and `opco simuler comparer-plan-moins-50 <profil.json>` (every OPCO barème).
 */
export function ajouterSimulationsDispositifs(simuler: Command): void {
  for (const slug of Object.keys(DISPOSITIFS_SIMULES) as SlugDispositif[]) {
    const d = DISPOSITIFS_SIMULES[slug];
    simuler
      .command(slug)
      .description(`${d.titre}, avec les motifs de refus et les textes`)
      .argument('<situation>', `fichier JSON (champs de POST /api/v1/simulations/${slug})`)
      .option('--json', 'sortie JSON (la même que l’API)')
      .action(async (fichier: string, opts: { json?: boolean }) => {
        const entree = await lireSituation(fichier, d.schema);
        const config = lireConfig();
        const r = simulerDispositif(
          moteurParDefaut(config.dataDir).droit,
          versionsParDefaut(config.dataDir),
          slug,
          entree as Record<string, unknown>,
        );
        process.stdout.write(
          opts.json ? `${JSON.stringify(r, null, 2)}\n` : resumerDispositif(d.titre, r),
        );
      });
  }
  simuler
    .command('comparer-plan-moins-50')
    .description(
      "Plan < 50 d'une entreprise sous le barème de chaque OPCO, du plus favorable au moins favorable",
    )
    .argument('<profil>', 'fichier JSON (champs de POST /api/v1/comparaisons/plan-moins-50)')
    .option('--json', 'sortie JSON (la même que l’API)')
    .action(async (fichier: string, opts: { json?: boolean }) => {
      const entree = await lireSituation(fichier, comparaisonPlanSchema);
      const config = lireConfig();
      const r = comparerBaremesPlan(
        moteurParDefaut(config.dataDir).droit,
        versionsParDefaut(config.dataDir),
        entree as Record<string, unknown>,
      );
      process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : resumerComparaison(r));
    });
}
