import { reponsesAcces } from '../../../partage/comptes.schema.ts';
import * as s from '../../../partage/finances.schema.ts';
import * as f from '../../../stockage/finances.depot.ts';
import { tableDe } from '../../finances-export.ts';
import {
  deLOrganisation,
  envoyerExport,
  erreurs,
  libellesEtatHorsLivre,
  reponses,
  tags,
} from './commun.ts';
import type { AppZod } from '../../types.ts';
import type { ContexteFinances } from './commun.ts';

/** Views and exports: OPCO and CFA exports, CFA summary, national use of allocations, ledger check. */
export const routesVues = (app: AppZod, ctx: ContexteFinances): void => {
  const { base, organisation } = ctx;
  app.get(
    '/api/v1/finances/opco/:organisation/export',
    deLOrganisation('finances.lire', {
      summary:
        'Export des budgets, lots, factures et engagements non comptabilisés (CSV : budgets, ou contenu=hors_livre ; XLSX : quatre feuilles)',
      querystring: s.exportOpcoSchema,
      response: erreurs,
    }),
    async (req, reply) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const budgets = tableDe(
        'Budgets',
        [
          { cle: 'section', libelle: 'Section', valeur: (b) => b.section },
          { cle: 'origine', libelle: 'Origine des fonds', valeur: (b) => b.origine },
          { cle: 'branche', libelle: 'Branche (IDCC)', valeur: (b) => b.branche },
          {
            cle: 'dotation',
            libelle: 'Dotation (€)',
            euros: true,
            valeur: (b) => b.dotationCentimes,
          },
          {
            cle: 'disponible',
            libelle: 'Disponible (€)',
            euros: true,
            valeur: (b) => b.disponibleCentimes,
          },
          { cle: 'engage', libelle: 'Engagé (€)', euros: true, valeur: (b) => b.engageCentimes },
          { cle: 'aPayer', libelle: 'À payer (€)', euros: true, valeur: (b) => b.aPayerCentimes },
          { cle: 'paye', libelle: 'Payé (€)', euros: true, valeur: (b) => b.payeCentimes },
        ],
        await f.syntheseBudgets(base.db, opco),
      );
      const horsLivre = tableDe(
        'Non comptabilisés',
        [
          { cle: 'dossier', libelle: 'Dossier', valeur: (h) => h.dossierId },
          { cle: 'version', libelle: 'Version', valeur: (h) => h.version },
          { cle: 'section', libelle: 'Section', valeur: (h) => h.section },
          { cle: 'origine', libelle: 'Origine des fonds', valeur: (h) => h.origine },
          { cle: 'evenement', libelle: 'Événement', valeur: (h) => h.evenement },
          { cle: 'date', libelle: 'Date d’engagement', valeur: (h) => h.dateEngagement },
          { cle: 'montant', libelle: 'Montant (€)', euros: true, valeur: (h) => h.montantCentimes },
          { cle: 'etat', libelle: 'État', valeur: (h) => libellesEtatHorsLivre[h.etat] },
          { cle: 'motif', libelle: 'Motif', valeur: (h) => h.motif },
        ],
        await f.suiviHorsLivre(base.db, opco),
      );
      const csv =
        req.query.contenu === 'hors_livre'
          ? { nom: `non-comptabilises-${opco}`, table: horsLivre }
          : { nom: `budgets-${opco}`, table: budgets };
      return envoyerExport(reply, req.query.format, csv, async () => {
        const lots = tableDe(
          'Lots de paiement',
          [
            { cle: 'id', libelle: 'Lot', valeur: (l) => l.id },
            { cle: 'date', libelle: 'Date d’exécution', valeur: (l) => l.dateExecution },
            { cle: 'statut', libelle: 'Statut', valeur: (l) => l.statut },
            { cle: 'n', libelle: 'Paiements', valeur: (l) => l.nombrePaiements },
            {
              cle: 'montant',
              libelle: 'Montant (€)',
              euros: true,
              valeur: (l) => l.montantCentimes,
            },
            {
              cle: 'empreinte',
              libelle: 'SHA-256 du fichier SEPA',
              valeur: (l) => l.empreinteFichier,
            },
          ],
          await f.listerLots(base.db, opco),
        );
        const factures = tableDe(
          'Factures',
          [
            { cle: 'id', libelle: 'N°', valeur: (x) => x.id },
            { cle: 'siret', libelle: 'SIRET du CFA', valeur: (x) => x.siretCfa },
            { cle: 'ref', libelle: 'Référence CFA', valeur: (x) => x.referenceCfa },
            { cle: 'date', libelle: 'Date', valeur: (x) => x.dateFacture },
            {
              cle: 'montant',
              libelle: 'Montant (€)',
              euros: true,
              valeur: (x) => x.montantCentimes,
            },
            { cle: 'statut', libelle: 'Statut', valeur: (x) => x.statut },
            {
              cle: 'motifs',
              libelle: 'Motifs de refus',
              valeur: (x) =>
                x.lignes
                  .flatMap((l) => (l.apparie ? [] : [`ligne ${l.rang} : ${l.motif}`]))
                  .join(' ; '),
            },
          ],
          await f.listerFactures(base.db, { opco }),
        );
        return { nom: `finances-${opco}`, tables: [budgets, lots, factures, horsLivre] };
      });
    },
  );

  app.get(
    '/api/v1/finances/verification',
    {
      config: { acces: { action: 'audit.lire_tout' } },
      schema: {
        summary:
          'Vérifier le grand livre : écritures équilibrées, soldes = somme des écritures (administrateur)',
        tags,
        response: { 200: s.verificationLivreSchema, ...reponsesAcces },
      },
    },
    async () => f.verifierGrandLivre(base.db),
  );

  app.get(
    '/api/v1/finances/dotations',
    {
      config: { acces: { action: 'finances.lire_national' } },
      schema: {
        summary:
          'Utilisation des dotations de France compétences par OPCO (France compétences, État)',
        tags,
        response: { 200: s.utilisationsSchema, ...reponsesAcces },
      },
    },
    async () => ({ lignes: await f.utilisationDotations(base.db) }),
  );

  // ─── CFA ─────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/v1/finances/cfa/:organisation/synthese',
    deLOrganisation('finances.lire', {
      summary: 'Par OPCO : engagé, facturé, payé et attendu mois par mois',
      response: reponses(s.synthesesCfaSchema),
    }),
    async (req) => {
      const siret = await organisation(req.params.organisation, 'organisme_formation');
      return { siret, opcos: await f.syntheseCfa(base.db, siret) };
    },
  );

  app.get(
    '/api/v1/finances/cfa/:organisation/export',
    deLOrganisation('finances.lire', {
      summary:
        'Export du CFA : engagé, facturé, payé et attendu (CSV : échéances ; XLSX : synthèse, échéances, trésorerie)',
      querystring: s.formatExportSchema,
      response: erreurs,
    }),
    async (req, reply) => {
      const siret = await organisation(req.params.organisation, 'organisme_formation');
      const echeances = tableDe(
        'Échéances',
        [
          { cle: 'opco', libelle: 'OPCO', valeur: (x) => x.opco },
          { cle: 'dossier', libelle: 'Dossier', valeur: (x) => x.dossierId },
          { cle: 'numero', libelle: 'Échéance', valeur: (x) => x.numero },
          { cle: 'nature', libelle: 'Nature', valeur: (x) => x.nature },
          { cle: 'date', libelle: 'Date d’exigibilité', valeur: (x) => x.dateExigibilite },
          { cle: 'statut', libelle: 'Statut', valeur: (x) => x.statut },
          { cle: 'engage', libelle: 'Engagé (€)', euros: true, valeur: (x) => x.engageCentimes },
          { cle: 'facture', libelle: 'Facturé (€)', euros: true, valeur: (x) => x.factureCentimes },
          { cle: 'paye', libelle: 'Payé (€)', euros: true, valeur: (x) => x.payeCentimes },
          { cle: 'attendu', libelle: 'Attendu (€)', euros: true, valeur: (x) => x.attenduCentimes },
          {
            cle: 'certificat',
            libelle: 'Certificat de réalisation reçu le',
            valeur: (x) => x.certificatRecuLe,
          },
        ],
        await f.echeancesCfa(base.db, siret),
      );
      const csv = { nom: `financements-${siret}`, table: echeances };
      return envoyerExport(reply, req.query.format, csv, async () => {
        const syntheses = await f.syntheseCfa(base.db, siret);
        const synthese = tableDe(
          'Synthèse par OPCO',
          [
            { cle: 'opco', libelle: 'OPCO', valeur: (o) => o.opco },
            { cle: 'engage', libelle: 'Engagé (€)', euros: true, valeur: (o) => o.engageCentimes },
            {
              cle: 'facture',
              libelle: 'Facturé (€)',
              euros: true,
              valeur: (o) => o.factureCentimes,
            },
            { cle: 'paye', libelle: 'Payé (€)', euros: true, valeur: (o) => o.payeCentimes },
            {
              cle: 'attendu',
              libelle: 'Attendu (€)',
              euros: true,
              valeur: (o) => o.attendu.reduce((n, a) => n + a.montantCentimes, 0),
            },
          ],
          syntheses,
        );
        const tresorerie = tableDe(
          'Trésorerie attendue',
          [
            { cle: 'opco', libelle: 'OPCO', valeur: (a) => a.opco },
            { cle: 'mois', libelle: 'Mois', valeur: (a) => a.mois },
            {
              cle: 'montant',
              libelle: 'Attendu (€)',
              euros: true,
              valeur: (a) => a.montantCentimes,
            },
          ],
          syntheses.flatMap((o) => o.attendu.map((a) => ({ opco: o.opco, ...a }))),
        );
        return { nom: `financements-${siret}`, tables: [synthese, echeances, tresorerie] };
      });
    },
  );
};
