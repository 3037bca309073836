import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';

/**
 * `opco deca exporter`: the deposited contracts in the shape of DECA's contract object
 * (D6224-4, R6332-33), NDJSON, for the platform's operator (every OPCO, or one with --opco).
 */
export function commandeDeca(): Command {
  const c = new Command('deca').description(
    'Base nationale des contrats (DECA) : export des contrats déposés (D6224-4, R6332-33)',
  );
  c.command('exporter')
    .description(
      'Écrit les contrats déposés, modifiés, rompus, annulés ou refusés (avec leurs motifs) dans la période, une ligne JSON par contrat (objet contrat de DECA)',
    )
    .option('--du <date>', 'premier jour de la période (AAAA-MM-JJ), inclus')
    .option('--au <date>', 'dernier jour de la période (AAAA-MM-JJ), inclus')
    .option('--opco <code>', 'seulement les dossiers de cet OPCO (code France compétences, ex. 03)')
    .option('--sortie <fichier>', 'fichier NDJSON à écrire (sinon la sortie standard)')
    .action(async (o: { du?: string; au?: string; opco?: string; sortie?: string }) => {
      const { exportDecaQuery } = await import('../../partage/deca.schema.ts');
      const q = exportDecaQuery.safeParse({ du: o.du, au: o.au });
      if (!q.success)
        throw new ErreurOpco('ERR_VALIDATION', {
          detail: q.error.issues.map((x) => `--${x.path.join('.')} : ${x.message}`).join(' ; '),
        });
      const [{ ouvrirBase }, { migrer }, { contratsDeca, versNdjson }] = await Promise.all([
        import('../../stockage/db.ts'),
        import('../../stockage/migrer.ts'),
        import('../../stockage/deca.depot.ts'),
      ]);
      const base = await ouvrirBase(lireConfig());
      try {
        await migrer(base);
        const contrats = await contratsDeca(
          base.db,
          'toutes',
          q.data.du ?? null,
          q.data.au ?? null,
          o.opco ?? null,
        );
        const texte = versNdjson(contrats);
        if (o.sortie) {
          const chemin = path.resolve(o.sortie);
          await writeFile(chemin, texte, 'utf8');
          process.stdout.write(`${contrats.length} contrat(s) écrit(s) dans ${chemin}\n`);
        } else process.stdout.write(texte);
      } finally {
        await base.fermer();
      }
    });
  return c;
}
