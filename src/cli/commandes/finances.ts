import { Command, CommanderError } from 'commander';
import { lireConfig } from '../../config.ts';
import { ouvrirBase, type Base } from '../../stockage/db.ts';
import { migrer } from '../../stockage/migrer.ts';

async function avecBase<T>(f: (base: Base) => Promise<T>): Promise<T> {
  const base = await ouvrirBase(lireConfig());
  try {
    await migrer(base);
    return await f(base);
  } finally {
    await base.fermer();
  }
}

const date = /^\d{4}-\d{2}-\d{2}$/;
function exigerDate(v: string, nom: string): string {
  if (!date.test(v))
    throw new CommanderError(
      2,
      'opco.finances.date',
      `${nom} : date AAAA-MM-JJ attendue (reçu « ${v} »)`,
    );
  return v;
}

/** `opco finances …`: the ledger's check, allocations import, invoices import, payment runs, bank returns. */
export function commandeFinances(): Command {
  const c = new Command('finances').description(
    'Argent : grand livre en partie double, dotations, factures des CFA, lots de paiement SEPA',
  );

  c.command('verifier')
    .description(
      'Vérifie que chaque écriture est équilibrée, que chaque solde est la somme de ses écritures, que les fonds ne sont jamais mêlés et qu’aucune échéance n’est payée deux fois (code de sortie 1 sinon)',
    )
    .action(async () => {
      const { verifierGrandLivre } = await import('../../stockage/finances.depot.ts');
      const r = await avecBase((b) => verifierGrandLivre(b.db));
      if (r.valide) {
        process.stdout.write(
          `Grand livre équilibré : ${r.ecritures} écriture(s), ${r.lignes} ligne(s), ${r.comptes} compte(s) ; soldes = somme des écritures.\n`,
        );
        return;
      }
      process.stdout.write(
        `Grand livre INCOHÉRENT :\n${r.anomalies.map((a) => `  - ${a}`).join('\n')}\n`,
      );
      throw new CommanderError(1, 'opco.finances.incoherent', 'grand livre incohérent');
    });

  c.command('dotations')
    .description(
      'Importe les dotations de France compétences (CSV : opco,section,origine,annee,montant_euros,reference,date_reference)',
    )
    .argument('<fichier>', 'fichier CSV des dotations')
    .action(async (fichier: string) => {
      const { readFileSync } = await import('node:fs');
      const { createHash } = await import('node:crypto');
      const { lireDotationsCsv, euros } = await import('../../domaine/finances/index.ts');
      const { importerDotations } = await import('../../stockage/finances.depot.ts');
      const texte = readFileSync(fichier, 'utf8');
      const { dotations, erreurs } = lireDotationsCsv(texte);
      if (erreurs.length > 0) {
        process.stderr.write(
          erreurs.map((e) => `ligne ${e.ligne} : ${e.probleme}`).join('\n') + '\n',
        );
        throw new CommanderError(1, 'opco.finances.csv', 'fichier refusé');
      }
      const empreinte = createHash('sha256').update(texte).digest('hex');
      const b = await avecBase((base) =>
        importerDotations(base.db, dotations, { fichier, empreinte }),
      );
      process.stdout.write(
        `${b.importees} dotation(s) importée(s) pour ${euros(b.montantImporteCentimes)}, ${b.dejaPresentes} déjà présente(s) (SHA-256 ${empreinte}).\n`,
      );
    });

  c.command('factures')
    .description(
      'Importe des factures de CFA (CSV : siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros)',
    )
    .argument('<fichier>', 'fichier CSV des factures')
    .requiredOption('--opco <code>', 'code France compétences de l’OPCO destinataire')
    .action(async (fichier: string, o: { opco: string }) => {
      const { readFileSync } = await import('node:fs');
      const { lireFacturesCsv } = await import('../../domaine/finances/index.ts');
      const { recevoirFacture } = await import('../../stockage/finances.depot.ts');
      const { factures, erreurs } = lireFacturesCsv(readFileSync(fichier, 'utf8'), o.opco);
      for (const e of erreurs) process.stderr.write(`ligne ${e.ligne} : ${e.probleme}\n`);
      await avecBase(async (base) => {
        for (const f of factures) {
          const r = await recevoirFacture(base.db, f, 'cli');
          process.stdout.write(`${f.referenceCfa} (${f.siretCfa}) : ${r.statut}\n`);
          for (const l of r.lignes)
            if (!l.apparie)
              process.stdout.write(`  ligne ${l.rang} (${l.dossierId}) : ${l.motif}\n`);
        }
      });
    });

  c.command('lot')
    .description(
      'Exécute (ou reprend après une panne) le lot de paiement d’une date : idempotent, chaque échéance payée une fois',
    )
    .argument('<opco>', 'code France compétences de l’OPCO')
    .argument('<date>', 'date d’exécution AAAA-MM-JJ')
    .option('--lot <id>', 'identifiant du lot (par défaut : un lot par OPCO et par date)')
    .option('--fichier <chemin>', 'écrire le fichier SEPA pain.001.001.03 à ce chemin')
    .action(async (opco: string, d: string, o: { lot?: string; fichier?: string }) => {
      exigerDate(d, 'date');
      const { euros } = await import('../../domaine/finances/index.ts');
      const { executerLot, fichierLot } = await import('../../stockage/finances.depot.ts');
      await avecBase(async (base) => {
        const r = await executerLot(base.db, {
          opco,
          dateExecution: d,
          ...(o.lot ? { lotId: `${opco}-${o.lot}` } : {}),
        });
        if (r.statut === 'sans_coordonnees_debiteur') {
          process.stdout.write(
            `Aucun compte bancaire débiteur pour l’OPCO ${opco} : lot non exécuté.\n`,
          );
          throw new CommanderError(1, 'opco.finances.lot', 'pas de compte débiteur');
        }
        process.stdout.write(
          `Lot ${r.lotId}${r.dejaTermine ? ' (déjà terminé)' : ''} : ${r.nombrePaiements} paiement(s), ${euros(r.montantCentimes)}, ${r.virements} virement(s)` +
            (r.sansCoordonnees > 0
              ? ` ; ${r.sansCoordonnees} échéance(s) en attente de coordonnées bancaires`
              : '') +
            '.\n',
        );
        if (o.fichier) {
          const x = await fichierLot(base.db, opco, r.lotId);
          if (x) {
            const { writeFileSync } = await import('node:fs');
            writeFileSync(o.fichier, x);
            process.stdout.write(`Fichier SEPA écrit : ${o.fichier}\n`);
          }
        }
      });
    });

  c.command('retour')
    .description(
      'Enregistre un virement rejeté par la banque : paiement contre-passé, échéance de nouveau payable',
    )
    .argument('<paiement>', 'numéro du paiement')
    .argument('<motif>', 'motif du rejet (code ISO 20022, ex. AC04)')
    .option('--date <date>', 'date du retour', new Date().toISOString().slice(0, 10))
    .action(async (paiement: string, motif: string, o: { date: string }) => {
      exigerDate(o.date, '--date');
      const { retourBancaire } = await import('../../stockage/finances.depot.ts');
      const r = await avecBase((b) => retourBancaire(b.db, Number(paiement), motif, o.date));
      process.stdout.write(
        r.fait ? `Paiement ${paiement} contre-passé (${motif}).\n` : `Refusé : ${r.motif}.\n`,
      );
      if (!r.fait) throw new CommanderError(1, 'opco.finances.retour', r.motif);
    });

  c.command('budgets')
    .description('Budgets d’un OPCO par section, origine des fonds et branche')
    .argument('<opco>', 'code France compétences de l’OPCO')
    .action(async (opco: string) => {
      const { euros } = await import('../../domaine/finances/index.ts');
      const { syntheseBudgets } = await import('../../stockage/finances.depot.ts');
      const lignes = await avecBase((b) => syntheseBudgets(b.db, opco));
      for (const l of lignes)
        process.stdout.write(
          `${l.section} / ${l.origine} / ${l.branche ?? 'toutes branches'} : dotation ${euros(l.dotationCentimes)}, disponible ${euros(l.disponibleCentimes)}, engagé ${euros(l.engageCentimes)}, à payer ${euros(l.aPayerCentimes)}, payé ${euros(l.payeCentimes)}\n`,
        );
      if (lignes.length === 0) process.stdout.write(`Aucun compte pour l’OPCO ${opco}.\n`);
    });
  const centimesDe = (v: string, nom: string): number => {
    const n = Math.round(Number(v.replace(',', '.')) * 100);
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new CommanderError(
        2,
        'opco.finances.montant',
        `${nom} : montant en euros attendu (reçu « ${v} »)`,
      );
    return n;
  };
  const perimetre = (o: { section: string; origine: string }) => {
    const sections = ['alternance', 'plan_moins_50', 'pro_a', 'cpf', 'fonctionnement'] as const;
    const origines = ['mutualises', 'conventionnels', 'volontaires'] as const;
    const section = sections.find((x) => x === o.section);
    const origine = origines.find((x) => x === o.origine);
    if (!section || !origine)
      throw new CommanderError(
        2,
        'opco.finances.perimetre',
        `--section (${sections.join(', ')}) et --origine (${origines.join(', ')}) attendues`,
      );
    return { section, origine };
  };
  const droitCli = async () =>
    (await import('../../droit/moteur-par-defaut.ts')).moteurParDefaut(lireConfig().dataDir).droit;

  c.command('appel-fonds')
    .description(
      'État d’appel de fonds à France compétences (R6123-28) : besoins des prochains mois, trésorerie, plafond ; avec --montant, enregistre l’appel ou le refuse avec les chiffres',
    )
    .argument('<opco>', 'code France compétences de l’OPCO')
    .argument('<date>', 'date de l’état AAAA-MM-JJ')
    .option('--montant <euros>', 'montant appelé, en euros')
    .option('--section <section>', 'section', 'alternance')
    .option('--origine <origine>', 'origine des fonds', 'mutualises')
    .action(
      async (
        opco: string,
        d: string,
        o: { montant?: string; section: string; origine: string },
      ) => {
        exigerDate(d, 'date');
        const p = { opco, ...perimetre(o) };
        const { euros } = await import('../../domaine/finances/index.ts');
        const { appelerFonds, etatAppelFonds } = await import('../../stockage/finances.depot.ts');
        const droit = await droitCli();
        await avecBase(async (base) => {
          if (!o.montant) {
            const e = await etatAppelFonds(base.db, droit, p, d);
            if (!e) throw new CommanderError(1, 'opco.finances.appel', `aucun plafond le ${d}`);
            process.stdout.write(
              `${e.explication.join('\n')}\n${e.besoins.map((b) => `  ${b.mois} : ${euros(b.montantCentimes)}`).join('\n')}\n`,
            );
            return;
          }
          const r = await appelerFonds(base.db, droit, p, d, centimesDe(o.montant, '--montant'));
          if (r.statut === 'accepte') {
            process.stdout.write(
              `Appel n° ${r.appelId} enregistré : ${euros(r.montantCentimes)} (plafond ${euros(r.etat.plafondCentimes)}).\n`,
            );
            return;
          }
          process.stdout.write(`Refusé : ${r.motif}\n`);
          throw new CommanderError(1, 'opco.finances.appel', r.motif);
        });
      },
    );

  c.command('versement')
    .description(
      'Enregistre des fonds reçus de France compétences (écriture trésorerie ← fonds reçus, cause versement), une fois par référence ; refusé au-delà de la dotation',
    )
    .argument('<opco>', 'code France compétences de l’OPCO')
    .argument('<annee>', 'année de la dotation')
    .argument('<montant>', 'montant reçu, en euros')
    .argument('<date>', 'date du versement AAAA-MM-JJ')
    .argument('<reference>', 'référence du versement de France compétences')
    .option('--appel <id>', 'appel de fonds auquel ce versement répond')
    .option('--section <section>', 'section', 'alternance')
    .option('--origine <origine>', 'origine des fonds', 'mutualises')
    .action(
      async (
        opco: string,
        annee: string,
        montant: string,
        d: string,
        reference: string,
        o: { appel?: string; section: string; origine: string },
      ) => {
        exigerDate(d, 'date');
        const { enregistrerVersement } = await import('../../stockage/finances.depot.ts');
        const r = await avecBase((b) =>
          enregistrerVersement(b.db, {
            opco,
            ...perimetre(o),
            annee: Number(annee),
            montantCentimes: centimesDe(montant, 'montant'),
            date: d,
            reference,
            appelId: o.appel ? Number(o.appel) : null,
          }),
        );
        if (r.statut === 'refuse') {
          process.stdout.write(`Refusé : ${r.motif}.\n`);
          throw new CommanderError(1, 'opco.finances.versement', r.motif);
        }
        process.stdout.write(
          `Versement ${reference} ${r.statut === 'enregistre' ? 'enregistré' : 'déjà enregistré'} (écriture ${r.ecritureId}).\n`,
        );
      },
    );

  c.command('perequation')
    .description(
      'Éligibilité de l’OPCO à la péréquation (R6123-31, R6123-33) à une date, avec l’explication',
    )
    .argument('<opco>', 'code France compétences de l’OPCO')
    .argument('<date>', 'date AAAA-MM-JJ')
    .option('--prevision <euros>', 'engagements nouveaux prévus, en euros')
    .action(async (opco: string, d: string, o: { prevision?: string }) => {
      exigerDate(d, 'date');
      const { perequation } = await import('../../stockage/finances.depot.ts');
      const droit = await droitCli();
      const r = await avecBase((b) =>
        perequation(b.db, droit, opco, d, o.prevision ? centimesDe(o.prevision, '--prevision') : 0),
      );
      if ('manquant' in r)
        throw new CommanderError(1, 'opco.finances.perequation', `paramètres absents le ${d}`);
      process.stdout.write(`${r.explication.join('\n')}\n`);
    });

  c.command('esf')
    .description(
      'État statistique et financier annuel (R6332-31) — convention de la plateforme en attendant l’arrêté du modèle',
    )
    .argument('<opco>', 'code France compétences de l’OPCO')
    .argument('<annee>', 'année')
    .requiredOption(
      '--fichier <chemin>',
      'fichier à écrire (.xlsx : classeur ; .csv : produits et charges)',
    )
    .action(async (opco: string, annee: string, o: { fichier: string }) => {
      const { etatStatistiqueFinancier } = await import('../../stockage/finances.depot.ts');
      const { tablesEsf, versCsv, versXlsx } = await import('../../api/finances-export.ts');
      const { writeFileSync } = await import('node:fs');
      const e = await avecBase((b) => etatStatistiqueFinancier(b.db, opco, Number(annee)));
      const t = tablesEsf(e);
      writeFileSync(
        o.fichier,
        o.fichier.endsWith('.xlsx')
          ? await versXlsx([t.avertissement, t.financier, t.contrats, t.beneficiaires])
          : versCsv(t.financier),
      );
      process.stdout.write(
        `ESF ${annee} de l’OPCO ${opco} écrit : ${o.fichier} (${e.financier.length} ligne(s) financière(s), ${e.contrats.reduce((n, l) => n + l.nombre, 0)} contrat(s)).\n${e.avertissement}\n`,
      );
    });
  return c;
}
