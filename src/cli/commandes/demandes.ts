import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { lireConfig } from '../../config.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { messageChamp } from '../../partage/libelles.ts';
import type { DemandeFormulaire } from '../../partage/demandes.schema.ts';

/** Reads a request (JSON file), checked by the shared schema (fields named in French). */
async function lireDemande(
  fichier: string,
): Promise<{ demande: DemandeFormulaire; empreinte: string }> {
  const { demandeSchema } = await import('../../partage/demandes.schema.ts');
  const chemin = path.resolve(fichier);
  const texte = await readFile(chemin, 'utf8');
  let brut: unknown;
  try {
    brut = JSON.parse(texte);
  } catch (e) {
    throw new ErreurOpco('ERR_JSON_MALFORME', {
      detail: `${chemin} : ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  const r = demandeSchema.safeParse(brut);
  if (!r.success)
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: r.error.issues.map((x) => messageChamp(x.path.join('.'), x.message)).join(' ; '),
    });
  return {
    demande: r.data,
    empreinte: createHash('sha256').update(texte).digest('hex').slice(0, 16),
  };
}

async function ouvrir() {
  const [
    { ouvrirBase },
    { migrer },
    { moteurParDefaut },
    { ServiceDemandes, portsDemandesParDefaut },
  ] = await Promise.all([
    import('../../stockage/db.ts'),
    import('../../stockage/migrer.ts'),
    import('../../droit/moteur-par-defaut.ts'),
    import('../../api/demandes/service.ts'),
  ]);
  const config = lireConfig();
  const base = await ouvrirBase(config);
  await migrer(base);
  return {
    base,
    service: new ServiceDemandes(
      base,
      moteurParDefaut(config.dataDir),
      portsDemandesParDefaut(base),
    ),
  };
}

const operateur = { compteId: null, cleId: null, processus: 'cli' };
const euros = (c: number) =>
  `${(c / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

export function commandeDemandes(): Command {
  const c = new Command('demandes').description(
    'Demandes de prise en charge des entreprises : plan < 50, formation SSCT du CSE, aide à la fonction tutorale, action collective',
  );
  c.command('verifier <fichier>')
    .description(
      'Instruit une demande (JSON) sans la déposer : chaque contrôle avec ses références, et le montant',
    )
    .action(async (fichier: string) => {
      const { demande } = await lireDemande(fichier);
      const { base, service } = await ouvrir();
      try {
        const r = await service.verifier(demande);
        for (const x of r.instruction.resultats)
          process.stdout.write(
            `${x.resultat.toUpperCase().padEnd(14)} ${x.libelle} : ${x.message} (${x.articles.map((a) => a.article).join(', ')})\n`,
          );
        process.stdout.write(
          `Conclusion : ${r.instruction.conclusion}${r.engagement ? ` — ${euros(r.engagement.montantCentimes)}` : ''}\n`,
        );
      } finally {
        await base.fermer();
      }
    });
  c.command('deposer <fichier>')
    .description(
      "Dépose une demande (JSON) et l'instruit ; rejouer le même fichier ne crée rien de plus",
    )
    .action(async (fichier: string) => {
      const { demande, empreinte } = await lireDemande(fichier);
      const { base, service } = await ouvrir();
      try {
        const r = await service.deposer(operateur, demande, {
          cleIdempotence: `cli-demande-${empreinte}`,
        });
        const d = r.ligne.demande;
        process.stdout.write(
          `${d.id}\t${d.type}\t${d.etat}\t${d.engagement ? euros(d.engagement.reservation.montantTotalCentimes) : '—'}\t${r.cree ? 'créée' : 'déjà déposée'}\n`,
        );
        for (const x of d.decision?.raisons ?? [])
          process.stdout.write(
            `  motif : ${x.message} (${x.articles.map((a) => a.article).join(', ')})\n`,
          );
        for (const code of d.aVerifier) process.stdout.write(`  à vérifier : ${code}\n`);
      } finally {
        await base.fermer();
      }
    });
  c.command('lister')
    .description('Liste les demandes (opérateur de la plateforme)')
    .option('--etat <etat>', 'seulement les demandes dans cet état (ex. en_cours_instruction)')
    .action(async (o: { etat?: string }) => {
      const { base } = await ouvrir();
      try {
        const { listerDemandes } = await import('../../stockage/demandes.depot.ts');
        const l = await listerDemandes(base.db, {
          organisations: 'toutes',
          etat: o.etat,
          limite: 500,
        });
        for (const { demande: d } of l)
          process.stdout.write(
            `${d.id}\t${d.type}\t${d.etat}\t${d.formulaire.entreprise.siret}\t${d.engagement ? euros(d.engagement.reservation.montantTotalCentimes) : '—'}\n`,
          );
      } finally {
        await base.fermer();
      }
    });
  c.command('solder <id> [montant]')
    .description(
      "Solde une demande engagée sur ses factures reçues (leur total HT, au plus l'engagé), ou sur un montant réalisé en euros inférieur : la différence est libérée sur le grand livre (R6332-25)",
    )
    .option('--motif <motif>', 'motif du solde (certificat de réalisation…)')
    .action(async (id: string, montant: string | undefined, o: { motif?: string }) => {
      const valeur = montant === undefined ? undefined : lireEuros(montant, 'montantRealise');
      const { base, service } = await ouvrir();
      try {
        const r = await service.commander(operateur, id, {
          type: 'solder',
          ...(valeur !== undefined ? { montantRealiseCentimes: Math.round(valeur * 100) } : {}),
          ...(o.motif ? { motif: o.motif } : {}),
        });
        // A refusal (more than engaged or invoiced, wrong state) is an error, with its reasons.
        if (!r.ok) throw refusCite(r.raisons);
        const s = r.demande.solde;
        process.stdout.write(
          `${r.demande.id}\t${r.demande.etat}\tréalisé ${euros(s?.montantRealiseCentimes ?? 0)}\tlibéré ${euros(s?.libereCentimes ?? 0)}\n`,
        );
      } finally {
        await base.fermer();
      }
    });
  c.command('modifier <id> <fichier>')
    .description(
      "Modifie une demande transmise (JSON : le formulaire entier) : avant décision, nouvelle instruction ; engagée, avenant qui recalcule l'engagement et passe la différence au grand livre",
    )
    .option('--motif <motif>', 'motif de la modification')
    .action(async (id: string, fichier: string, o: { motif?: string }) => {
      const { demande } = await lireDemande(fichier);
      const { base, service } = await ouvrir();
      try {
        const r = await service.commander(operateur, id, {
          type: 'reviser',
          demande,
          ...(o.motif ? { motif: o.motif } : {}),
        });
        if (!r.ok) throw refusCite(r.raisons);
        const d = r.demande;
        const m = d.modifications?.at(-1);
        process.stdout.write(
          `${d.id}\t${d.etat}\t${d.engagement ? euros(d.engagement.reservation.montantTotalCentimes) : '—'}\n${m?.ecart ? `  ${m.ecart.explication}\n` : ''}`,
        );
      } finally {
        await base.fermer();
      }
    });
  c.command('facturer <id>')
    .description(
      "Enregistre une facture de l'action sur une demande engagée (numéro unique par émetteur, total HT au plus l'engagé)",
    )
    .requiredOption('--numero <numero>', 'numéro de la facture')
    .requiredOption('--siret <siret>', "SIRET de l'émetteur (organisme de formation ou entreprise)")
    .requiredOption('--date <date>', 'date de la facture (AAAA-MM-JJ)')
    .requiredOption('--ht <euros>', 'montant hors taxes')
    .option('--ttc <euros>', 'montant toutes taxes comprises (défaut : le HT)')
    .action(
      async (
        id: string,
        o: { numero: string; siret: string; date: string; ht: string; ttc?: string },
      ) => {
        const { factureDemandeSchema } = await import('../../partage/demandes.schema.ts');
        const v = factureDemandeSchema.safeParse({
          numero: o.numero,
          siretEmetteur: o.siret,
          dateFacture: o.date,
          montantHT: lireEuros(o.ht, 'montantHT'),
          montantTTC: lireEuros(o.ttc ?? o.ht, 'montantTTC'),
        });
        if (!v.success)
          throw new ErreurOpco('ERR_VALIDATION', {
            detail: v.error.issues
              .map((x) => messageChamp(x.path.join('.'), x.message))
              .join(' ; '),
          });
        const { base, service } = await ouvrir();
        try {
          const r = await service.recevoirFacture(operateur, id, {
            numero: v.data.numero,
            siretEmetteur: v.data.siretEmetteur,
            dateFacture: v.data.dateFacture,
            montantHtCentimes: Math.round(v.data.montantHT * 100),
            montantTtcCentimes: Math.round(v.data.montantTTC * 100),
            pieceId: null,
          });
          if (!r.ok) throw refusCite(r.raisons);
          const total = r.factures.reduce((s, x) => s + x.montantHtCentimes, 0);
          process.stdout.write(
            `${r.facture.id}\t${r.facture.numero}\t${euros(r.facture.montantHtCentimes)} HT\ttotal ${euros(total)} HT\n`,
          );
        } finally {
          await base.fermer();
        }
      },
    );
  return c;
}

/** An amount in euros typed on the command line (comma or dot), or the field named. */
function lireEuros(texte: string, champ: string): number {
  const valeur = Number(texte.replace(/\s/g, '').replace(',', '.'));
  if (
    !Number.isFinite(valeur) ||
    valeur < 0 ||
    Math.abs(Math.round(valeur * 100) - valeur * 100) > 1e-6
  )
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: messageChamp(champ, 'montant en euros avec au plus deux décimales attendu'),
    });
  return valeur;
}

/** A refusal of the domain as the command's error, each reason with its articles. */
function refusCite(
  raisons: readonly { message: string; articles: readonly { article: string }[] }[],
) {
  return new ErreurOpco('ERR_VALIDATION', {
    detail: raisons
      .map(
        (x) =>
          `${x.message}${x.articles.length ? ` (${x.articles.map((a) => a.article).join(', ')})` : ''}`,
      )
      .join(' ; '),
  });
}
