import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { simulerApprentissage } from '../../droit/simulation.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { situationApprentissageSchema } from '../../partage/simulation-apprentissage.schema.ts';
import { ouvrirBase } from '../../stockage/db.ts';
import { migrer } from '../../stockage/migrer.ts';
import { chercherNpec } from '../../stockage/npec.depot.ts';

/** `opco simuler apprentissage <situation.json>`: the same JSON as the API answers. */
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
    .action(async (fichier: string) => {
      const chemin = path.resolve(fichier);
      let brut: unknown;
      try {
        brut = JSON.parse(await readFile(chemin, 'utf8'));
      } catch (e) {
        throw new ErreurOpco('ERR_JSON_MALFORME', {
          detail: `${chemin} : ${e instanceof Error ? e.message : String(e)}`,
        });
      }
      const r = situationApprentissageSchema.safeParse(brut);
      if (!r.success)
        throw new ErreurOpco('ERR_VALIDATION', {
          detail: r.error.issues
            .map((i) => `${['situation', ...i.path.map(String)].join('.')} : ${i.message}`)
            .join(' ; '),
        });
      const config = lireConfig();
      const moteur = moteurParDefaut(config.dataDir);
      const besoinBase = r.data.npecAnnuel === undefined && r.data.rncp && r.data.idcc;
      const base = besoinBase ? await ouvrirBase(config) : null;
      try {
        if (base) await migrer(base);
        const resultat = await simulerApprentissage(
          moteur,
          base ? (rncp, idcc, date) => chercherNpec(base.db, rncp, idcc, date) : null,
          r.data,
        );
        process.stdout.write(`${JSON.stringify(resultat, null, 2)}\n`);
      } finally {
        await base?.fermer();
      }
    });
  return simuler;
}
