import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ouvrirBase, type Base } from '../../stockage/db.ts';
import { migrer } from '../../stockage/migrer.ts';
import {
  creerCle,
  creerPartenaire,
  listerCles,
  revoquerCle,
  revoquerPartenaire,
} from '../../stockage/siro.depot.ts';

async function avecBase<T>(f: (base: Base) => Promise<T>): Promise<T> {
  const base = await ouvrirBase(lireConfig());
  try {
    await migrer(base);
    return await f(base);
  } finally {
    await base.fermer();
  }
}

/**
 * `opco siro …`: API keys and partner accounts of the SIRO-compatible paths
 * (docs/rattachement.md, « Compatibilité SIRO »). Secrets are printed once and stored hashed.
 */
export function commandeSiro(): Command {
  const siro = new Command('siro').description(
    'Accès aux routes compatibles avec l’API SIRO de France compétences : clés d’API et comptes partenaires',
  );

  const cle = siro.command('cle').description('Clés d’API (en-tête X-Gravitee-Api-Key)');
  cle
    .command('creer')
    .description('Crée une clé ; la clé est affichée une seule fois, seule sur la dernière ligne')
    .argument('<nom>', 'nom de la clé (le client qui l’utilise)')
    .action(async (nom: string) => {
      const valeur = await avecBase((b) => creerCle(b, nom));
      process.stdout.write(
        `Clé « ${nom.trim()} » créée. Elle n’est conservée que sous forme d’empreinte : notez-la maintenant.\n${valeur}\n`,
      );
    });
  cle
    .command('revoquer')
    .description('Révoque la clé active de ce nom (effet immédiat)')
    .argument('<nom>', 'nom de la clé')
    .action(async (nom: string) => {
      await avecBase((b) => revoquerCle(b, nom));
      process.stdout.write(`Clé « ${nom.trim()} » révoquée.\n`);
    });
  cle
    .command('lister')
    .description('Liste les clés (noms et dates, jamais les clés)')
    .option('--json', 'sortie JSON')
    .action(async (opts: { json?: boolean }) => {
      const cles = await avecBase((b) => listerCles(b));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(cles, null, 2)}\n`);
        return;
      }
      if (cles.length === 0) process.stdout.write('Aucune clé.\n');
      for (const c of cles)
        process.stdout.write(
          `${c.nom}\tcréée le ${c.creeLe}\t${c.revoqueLe ? `révoquée le ${c.revoqueLe}` : 'active'}\n`,
        );
    });

  const partenaire = siro
    .command('partenaire')
    .description('Comptes partenaires (POST /siropartfc-auth/login)');
  partenaire
    .command('creer')
    .description('Crée un compte partenaire ; le mot de passe est conservé haché (argon2id)')
    .argument('<login>', 'login du partenaire')
    .option(
      '--mot-de-passe <mot de passe>',
      'mot de passe (10 caractères au moins) ; sinon la variable OPCO_SIRO_MOT_DE_PASSE',
    )
    .action(async (login: string, opts: { motDePasse?: string }) => {
      const mdp = opts.motDePasse ?? process.env.OPCO_SIRO_MOT_DE_PASSE;
      if (!mdp)
        throw new ErreurOpco('ERR_VALIDATION', {
          detail: '--mot-de-passe : mot de passe attendu (ou la variable OPCO_SIRO_MOT_DE_PASSE)',
          champ: 'mot-de-passe',
        });
      await avecBase((b) => creerPartenaire(b, login, mdp));
      process.stdout.write(`Partenaire « ${login.trim()} » créé.\n`);
    });
  partenaire
    .command('revoquer')
    .description('Révoque le compte et ses jetons (effet immédiat)')
    .argument('<login>', 'login du partenaire')
    .action(async (login: string) => {
      await avecBase((b) => revoquerPartenaire(b, login));
      process.stdout.write(`Partenaire « ${login.trim()} » révoqué, ses jetons supprimés.\n`);
    });
  return siro;
}
