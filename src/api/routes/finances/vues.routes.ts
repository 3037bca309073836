import { reponsesAcces } from '../../../partage/comptes.schema.ts';
import * as s from '../../../partage/finances.schema.ts';
import * as f from '../../../stockage/finances.depot.ts';
import { versCsv, versXlsx, type TableExport } from '../../finances-export.ts';
import {
  CSV,
  XLSX,
  deLOrganisation,
  erreurs,
  libellesEtatHorsLivre,
  reponses,
  tags,
  telecharger,
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
      const budgets: TableExport = {
        nom: 'Budgets',
        colonnes: [
          { cle: 'section', libelle: 'Section' },
          { cle: 'origine', libelle: 'Origine des fonds' },
          { cle: 'branche', libelle: 'Branche (IDCC)' },
          { cle: 'dotation', libelle: 'Dotation (€)', euros: true },
          { cle: 'disponible', libelle: 'Disponible (€)', euros: true },
          { cle: 'engage', libelle: 'Engagé (€)', euros: true },
          { cle: 'aPayer', libelle: 'À payer (€)', euros: true },
          { cle: 'paye', libelle: 'Payé (€)', euros: true },
        ],
        lignes: (await f.syntheseBudgets(base.db, opco)).map((b) => ({
          section: b.section,
          origine: b.origine,
          branche: b.branche,
          dotation: b.dotationCentimes,
          disponible: b.disponibleCentimes,
          engage: b.engageCentimes,
          aPayer: b.aPayerCentimes,
          paye: b.payeCentimes,
        })),
      };
      const horsLivre: TableExport = {
        nom: 'Non comptabilisés',
        colonnes: [
          { cle: 'dossier', libelle: 'Dossier' },
          { cle: 'version', libelle: 'Version' },
          { cle: 'section', libelle: 'Section' },
          { cle: 'origine', libelle: 'Origine des fonds' },
          { cle: 'evenement', libelle: 'Événement' },
          { cle: 'date', libelle: 'Date d’engagement' },
          { cle: 'montant', libelle: 'Montant (€)', euros: true },
          { cle: 'etat', libelle: 'État' },
          { cle: 'motif', libelle: 'Motif' },
        ],
        lignes: (await f.suiviHorsLivre(base.db, opco)).map((h) => ({
          dossier: h.dossierId,
          version: h.version,
          section: h.section,
          origine: h.origine,
          evenement: h.evenement,
          date: h.dateEngagement,
          montant: h.montantCentimes,
          etat: libellesEtatHorsLivre[h.etat],
          motif: h.motif,
        })),
      };
      if (req.query.format === 'csv')
        return req.query.contenu === 'hors_livre'
          ? telecharger(reply, CSV, `non-comptabilises-${opco}.csv`, versCsv(horsLivre))
          : telecharger(reply, CSV, `budgets-${opco}.csv`, versCsv(budgets));
      const lots: TableExport = {
        nom: 'Lots de paiement',
        colonnes: [
          { cle: 'id', libelle: 'Lot' },
          { cle: 'date', libelle: 'Date d’exécution' },
          { cle: 'statut', libelle: 'Statut' },
          { cle: 'n', libelle: 'Paiements' },
          { cle: 'montant', libelle: 'Montant (€)', euros: true },
          { cle: 'empreinte', libelle: 'SHA-256 du fichier SEPA' },
        ],
        lignes: (await f.listerLots(base.db, opco)).map((l) => ({
          id: l.id,
          date: l.dateExecution,
          statut: l.statut,
          n: l.nombrePaiements,
          montant: l.montantCentimes,
          empreinte: l.empreinteFichier,
        })),
      };
      const factures: TableExport = {
        nom: 'Factures',
        colonnes: [
          { cle: 'id', libelle: 'N°' },
          { cle: 'siret', libelle: 'SIRET du CFA' },
          { cle: 'ref', libelle: 'Référence CFA' },
          { cle: 'date', libelle: 'Date' },
          { cle: 'montant', libelle: 'Montant (€)', euros: true },
          { cle: 'statut', libelle: 'Statut' },
          { cle: 'motifs', libelle: 'Motifs de refus' },
        ],
        lignes: (await f.listerFactures(base.db, { opco })).map((x) => ({
          id: x.id,
          siret: x.siretCfa,
          ref: x.referenceCfa,
          date: x.dateFacture,
          montant: x.montantCentimes,
          statut: x.statut,
          motifs: x.lignes
            .flatMap((l) => (l.apparie ? [] : [`ligne ${l.rang} : ${l.motif}`]))
            .join(' ; '),
        })),
      };
      return telecharger(
        reply,
        XLSX,
        `finances-${opco}.xlsx`,
        await versXlsx([budgets, lots, factures, horsLivre]),
      );
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
      const echeances: TableExport = {
        nom: 'Échéances',
        colonnes: [
          { cle: 'opco', libelle: 'OPCO' },
          { cle: 'dossier', libelle: 'Dossier' },
          { cle: 'numero', libelle: 'Échéance' },
          { cle: 'nature', libelle: 'Nature' },
          { cle: 'date', libelle: 'Date d’exigibilité' },
          { cle: 'statut', libelle: 'Statut' },
          { cle: 'engage', libelle: 'Engagé (€)', euros: true },
          { cle: 'facture', libelle: 'Facturé (€)', euros: true },
          { cle: 'paye', libelle: 'Payé (€)', euros: true },
          { cle: 'attendu', libelle: 'Attendu (€)', euros: true },
          { cle: 'certificat', libelle: 'Certificat de réalisation reçu le' },
        ],
        lignes: (await f.echeancesCfa(base.db, siret)).map((x) => ({
          opco: x.opco,
          dossier: x.dossierId,
          numero: x.numero,
          nature: x.nature,
          date: x.dateExigibilite,
          statut: x.statut,
          engage: x.engageCentimes,
          facture: x.factureCentimes,
          paye: x.payeCentimes,
          attendu: x.attenduCentimes,
          certificat: x.certificatRecuLe,
        })),
      };
      if (req.query.format === 'csv')
        return telecharger(reply, CSV, `financements-${siret}.csv`, versCsv(echeances));
      const syntheses = await f.syntheseCfa(base.db, siret);
      const synthese: TableExport = {
        nom: 'Synthèse par OPCO',
        colonnes: [
          { cle: 'opco', libelle: 'OPCO' },
          { cle: 'engage', libelle: 'Engagé (€)', euros: true },
          { cle: 'facture', libelle: 'Facturé (€)', euros: true },
          { cle: 'paye', libelle: 'Payé (€)', euros: true },
          { cle: 'attendu', libelle: 'Attendu (€)', euros: true },
        ],
        lignes: syntheses.map((o) => ({
          opco: o.opco,
          engage: o.engageCentimes,
          facture: o.factureCentimes,
          paye: o.payeCentimes,
          attendu: o.attendu.reduce((n, a) => n + a.montantCentimes, 0),
        })),
      };
      const tresorerie: TableExport = {
        nom: 'Trésorerie attendue',
        colonnes: [
          { cle: 'opco', libelle: 'OPCO' },
          { cle: 'mois', libelle: 'Mois' },
          { cle: 'montant', libelle: 'Attendu (€)', euros: true },
        ],
        lignes: syntheses.flatMap((o) =>
          o.attendu.map((a) => ({ opco: o.opco, mois: a.mois, montant: a.montantCentimes })),
        ),
      };
      return telecharger(
        reply,
        XLSX,
        `financements-${siret}.xlsx`,
        await versXlsx([synthese, echeances, tresorerie]),
      );
    },
  );
};
