import { Command, Option } from 'commander';
import { lireConfigComptes } from '../../api/acces/config.ts';
import { courrierDossier, lireCourriels } from '../../api/acces/courriels.ts';
import { acteurSysteme, ServiceComptes } from '../../api/acces/service.ts';
import { lireConfig } from '../../config.ts';
import { estRole, roles, typeDuRole } from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ouvrirBase, type Base } from '../../stockage/db.ts';
import { migrer } from '../../stockage/migrer.ts';

async function avecService<T>(f: (s: ServiceComptes, base: Base) => Promise<T>): Promise<T> {
  const base = await ouvrirBase(lireConfig());
  try {
    await migrer(base);
    const config = lireConfigComptes();
    return await f(
      new ServiceComptes(base, config, courrierDossier(config.dossierCourriels)),
      base,
    );
  } finally {
    await base.fermer();
  }
}

interface OptionsCreer {
  role: string;
  opco?: string;
  siret?: string;
  siren?: string;
  uai?: string;
  idcc?: string;
  nom?: string;
  organisation?: string;
}

export function commandeComptes(): Command {
  const c = new Command('comptes').description(
    'Comptes : administrateur de la plateforme, comptes des organisations, courriels de développement',
  );
  c.command('creer-admin')
    .description(
      'Crée un administrateur de la plateforme ; son mot de passe initial, à changer à la première connexion, est imprimé seul sur la dernière ligne',
    )
    .argument('<courriel>')
    .action(async (courriel: string) => {
      await avecService(async (s, base) => {
        const r = await s.creerCompte(acteurSysteme, { courriel, administrateurPlateforme: true });
        process.stdout.write(
          `Administrateur de la plateforme créé : ${r.compte.courriel} (${base.emplacement}).\nMot de passe initial, à changer à la première connexion :\n${r.motDePasse}\n`,
        );
      });
    });
  c.command('creer')
    .description(
      'Crée un compte avec un rôle dans une organisation (créée si besoin) ; le mot de passe initial est imprimé seul sur la dernière ligne',
    )
    .argument('<courriel>')
    .addOption(new Option('--role <role>', 'rôle').choices(roles as string[]).makeOptionMandatory())
    .option('--opco <code>', 'OPCO : code France compétences à deux chiffres')
    .option('--siret <siret>', 'entreprise ou organisme de formation : SIRET')
    .option('--siren <siren>', 'entreprise : SIREN')
    .option('--uai <uai>', 'organisme de formation : UAI')
    .option('--idcc <idcc>', 'branche : IDCC')
    .option('--nom <nom>', 'nom de l’organisation si elle est créée')
    .action(async (courriel: string, o: OptionsCreer) => {
      if (!estRole(o.role))
        throw new ErreurOpco('ERR_VALIDATION', { detail: `rôle inconnu : ${o.role}` });
      const role = o.role;
      const type = typeDuRole(role);
      await avecService(async (s) => {
        const org = await s.creerOrganisation(acteurSysteme, type, o.nom, {
          codeOpco: o.opco,
          siret: o.siret,
          siren: o.siren,
          uai: o.uai,
          idcc: o.idcc,
        });
        const r = await s.creerCompte(acteurSysteme, {
          courriel,
          adhesion: { organisationId: org.id, role },
        });
        process.stdout.write(
          `Compte créé : ${r.compte.courriel}, rôle ${role} pour « ${org.nom} » (${org.id}).\nMot de passe initial, à changer à la première connexion :\n${r.motDePasse}\n`,
        );
      });
    });
  c.command('courriels')
    .description(
      'Affiche les courriels écrits par l’adaptateur de développement (OPCO_COURRIELS_DIR, défaut .opco/courriels)',
    )
    .option('-n, --nombre <n>', 'les n derniers', '5')
    .action((o: { nombre: string }) => {
      const config = lireConfigComptes();
      const tous = lireCourriels(config.dossierCourriels);
      const n = Math.max(1, Number.parseInt(o.nombre, 10) || 5);
      if (tous.length === 0) {
        process.stdout.write(`Aucun courriel dans ${config.dossierCourriels}.\n`);
        return;
      }
      for (const m of tous.slice(-n)) process.stdout.write(`--- ${m.fichier}\n${m.texte}\n`);
    });
  return c;
}
