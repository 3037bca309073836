import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { messageChamp } from '../../partage/libelles.ts';
import type { DepotDossier } from '../../partage/dossiers.schema.ts';

/** Reads a JSON file (one contract) or NDJSON (one contract per line), each checked by the schema. */
async function lireContrats(
  fichier: string,
): Promise<{ contrats: DepotDossier[]; empreinte: string }> {
  const { depotDossierSchema } = await import('../../partage/dossiers.schema.ts');
  const chemin = path.resolve(fichier);
  const texte = await readFile(chemin, 'utf8');
  const lignes = chemin.endsWith('.ndjson')
    ? texte.split('\n').filter((l) => l.trim() !== '')
    : [texte];
  const contrats = lignes.map((l, i) => {
    let brut: unknown;
    try {
      brut = JSON.parse(l);
    } catch (e) {
      throw new ErreurOpco('ERR_JSON_MALFORME', {
        detail: `${chemin}, ligne ${i + 1} : ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    const r = depotDossierSchema.safeParse(brut);
    if (!r.success)
      throw new ErreurOpco('ERR_VALIDATION', {
        detail: `${lignes.length > 1 ? `ligne ${i + 1} : ` : ''}${r.error.issues
          .map((x) => messageChamp(x.path.join('.'), x.message))
          .join(' ; ')}`,
      });
    return r.data;
  });
  return { contrats, empreinte: createHash('sha256').update(texte).digest('hex').slice(0, 16) };
}

async function ouvrir() {
  const [{ ouvrirBase }, { migrer }, { moteurParDefaut }, { ServiceDossiers, portsParDefaut }] =
    await Promise.all([
      import('../../stockage/db.ts'),
      import('../../stockage/migrer.ts'),
      import('../../droit/moteur-par-defaut.ts'),
      import('../../api/dossiers/service.ts'),
    ]);
  const config = lireConfig();
  const base = await ouvrirBase(config);
  await migrer(base);
  return {
    base,
    service: new ServiceDossiers(base, moteurParDefaut(config.dataDir), portsParDefaut(base)),
  };
}

const operateur = { compteId: null, cleId: null, processus: 'cli' };

export function commandeDossiers(): Command {
  const c = new Command('dossiers').description(
    "Dossiers de contrats d'apprentissage (CERFA FA13) et de professionnalisation (EJ20)",
  );
  c.command('verifier <fichier>')
    .description(
      'Contrôle un contrat (JSON) sans le déposer : chaque contrôle de l’instruction avec ses articles',
    )
    .action(async (fichier: string) => {
      const { contrats } = await lireContrats(fichier);
      const { base, service } = await ouvrir();
      try {
        for (const contrat of contrats) {
          const r = await service.verifier(contrat);
          for (const m of r.manquants) process.stdout.write(`PIÈCE MANQUANTE  ${m}\n`);
          for (const x of r.resultats)
            process.stdout.write(
              `${x.resultat.toUpperCase().padEnd(14)} ${x.libelle} : ${x.message} (${x.articles.map((a) => a.article).join(', ')})\n`,
            );
        }
      } finally {
        await base.fermer();
      }
    });
  c.command('deposer <fichier>')
    .description(
      'Dépose un contrat (JSON) ou un lot (NDJSON, un contrat par ligne) et l’instruit ; rejouer le même fichier ne crée rien de plus',
    )
    .action(async (fichier: string) => {
      const { contrats, empreinte } = await lireContrats(fichier);
      const { base, service } = await ouvrir();
      try {
        let i = 0;
        for (const contrat of contrats) {
          i++;
          const r = await service.deposer(operateur, contrat, {
            cleIdempotence: `cli-${empreinte}-${i}`,
          });
          const d = r.ligne.dossier;
          process.stdout.write(`${d.id}\t${d.etat}\t${r.cree ? 'créé' : 'déjà déposé'}\n`);
          if (contrats.length > 1) process.stderr.write(`\r${i}/${contrats.length}`);
        }
        if (contrats.length > 1) process.stderr.write('\n');
      } finally {
        await base.fermer();
      }
    });
  c.command('deposer-lot <fichier>')
    .description(
      'Dépose un lot de contrats (CSV, NDJSON ou JSON, d’après l’extension) avec une barre de progression : chaque ligne déposée entière ou rejetée avec le champ du CERFA en cause ; rejouer le fichier ne crée rien de plus',
    )
    .action(async (fichier: string) => {
      const [{ lireLot }, { deposerLot }, { barreProgression }] = await Promise.all([
        import('../../partage/dossiers-lot.ts'),
        import('../../api/dossiers/lot.ts'),
        import('../progression.ts'),
      ]);
      const chemin = path.resolve(fichier);
      const ext = path.extname(chemin).toLowerCase();
      const format = ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : 'ndjson';
      let lignes;
      try {
        lignes = lireLot(format, await readFile(chemin, 'utf8'));
      } catch (e) {
        throw new ErreurOpco('ERR_VALIDATION', {
          detail: `${chemin} : ${e instanceof Error ? e.message : String(e)}`,
        });
      }
      const { base, service } = await ouvrir();
      try {
        const r = await deposerLot(service, operateur, lignes, {
          progression: barreProgression(),
        });
        for (const l of r.lignes) {
          process.stdout.write(
            `ligne ${l.ligne}\t${l.statut}\t${l.dossierId ?? ''}\t${l.etat ?? ''}\n`,
          );
          for (const e of l.erreurs)
            process.stdout.write(
              `  ${e.libelle ?? (e.champ || 'fichier')} (${e.champ || '-'}) : ${e.message}\n`,
            );
        }
        process.stdout.write(
          `${r.crees} créé(s), ${r.dejaDeposes} déjà déposé(s), ${r.rejetes} rejeté(s)\n`,
        );
      } finally {
        await base.fermer();
      }
    });
  c.command('lister')
    .description('Liste les dossiers (opérateur de la plateforme)')
    .option('--etat <etat>', 'seulement les dossiers dans cet état (ex. en_cours_instruction)')
    .action(async (o: { etat?: string }) => {
      const { base } = await ouvrir();
      try {
        const { listerDossiers } = await import('../../stockage/dossiers.depot.ts');
        const l = await listerDossiers(base.db, {
          organisations: 'toutes',
          etat: o.etat,
          limite: 500,
        });
        for (const { dossier: d } of l)
          process.stdout.write(
            `${d.id}\t${d.formulaire}\t${d.etat}\t${d.cerfa.employeur.siret}\t${d.echeance ?? ''}\n`,
          );
      } finally {
        await base.fermer();
      }
    });
  c.command('silence')
    .description(
      'Applique maintenant la règle du silence aux dossiers dont le délai de décision est échu (R6224-3, D6325-2)',
    )
    .action(async () => {
      const { base, service } = await ouvrir();
      try {
        const n = await service.appliquerSilences(`cli-${process.pid}`);
        process.stdout.write(`${n} dossier(s) : décision implicite appliquée.\n`);
      } finally {
        await base.fermer();
      }
    });
  return c;
}
