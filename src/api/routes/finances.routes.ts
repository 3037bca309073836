import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Action } from '../../domaine/comptes/index.ts';
import {
  delaiSoldeMois,
  lireCertificatsCsv,
  lireFacturesCsv,
  type ResultatLigne,
} from '../../domaine/finances/index.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import * as s from '../../partage/finances.schema.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import * as depotComptes from '../../stockage/comptes.depot.ts';
import * as f from '../../stockage/finances.depot.ts';
import { authentificationDe } from '../acces/installer.ts';
import { versCsv, versXlsx, type TableExport } from '../finances-export.ts';
import type { ModuleRoutes } from '../types.ts';

const tags = ['finances'];
const erreurs = { 400: reponsesErreur[400], 404: reponsesErreur[404], ...reponsesAcces };
const reponses = <T extends z.ZodType>(ok: T) => ({ 200: ok, ...erreurs });

/**
 * Options of a route on the money of the organisation named by the `:organisation` path
 * parameter: `action` required on that organisation, the finances tag, that parameter (unless
 * `schema.params` gives another one) and the route's own summary, body, query and responses.
 */
function deLOrganisation<const S extends object>(
  action: Action,
  schema: S,
  autres: { bodyLimit?: number } = {},
) {
  return {
    config: { acces: { action, organisation: 'organisation' } },
    ...autres,
    schema: { tags, params: s.paramOrganisationSchema, ...schema },
  };
}

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a file to download (CSV, XLSX, SEPA XML) under the given name. */
function telecharger(reply: unknown, type: string, nom: string, contenu: string | Buffer) {
  return (reply as FastifyReply)
    .type(type)
    .header('content-disposition', `attachment; filename="${nom}"`)
    .send(contenu);
}

/** Parses a JSON body with `schema`, or refuses it (400 naming the first faulty field). */
function lireCorps<T>(schema: z.ZodType<T>, corps: unknown): T {
  const p = schema.safeParse(corps);
  if (!p.success)
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: p.error.issues.map((i) => `body.${i.path.join('.')} : ${i.message}`).join(' ; '),
      champ: `body.${p.error.issues[0]?.path.join('.') ?? ''}`,
    });
  return p.data;
}

function versLigne(l: ResultatLigne) {
  return {
    rang: l.rang,
    apparie: l.apparie,
    dossierId: l.dossierId,
    numeroEcheance: l.numeroEcheance,
    montantCentimes: l.montantCentimes,
    motif: l.apparie ? null : l.motif,
  };
}

function versFacture(r: f.ResultatFacture, referenceCfa: string) {
  return {
    factureId: r.factureId,
    referenceCfa,
    statut: r.statut,
    montantApparieCentimes: r.montantApparieCentimes,
    lignes: r.lignes.map(versLigne),
  };
}

/** A booking's result in the API's flat shape (figures null where they do not apply). */
function versReservation(r: f.ResultatReservation) {
  const vide = {
    source: null,
    deltaCentimes: null,
    disponibleApresCentimes: null,
    motifs: [],
    disponibleCentimes: null,
    demandeCentimes: null,
    manqueCentimes: null,
  };
  if (r.statut === 'refuse')
    return {
      ...vide,
      statut: r.statut,
      dossierId: r.dossierId,
      version: r.version,
      motifs: r.motifs,
      disponibleCentimes: r.disponibleCentimes,
      demandeCentimes: r.demandeCentimes,
      manqueCentimes: r.manqueCentimes,
    };
  if (r.statut === 'deja_reserve')
    return { ...vide, statut: r.statut, dossierId: r.dossierId, version: r.version };
  return {
    ...vide,
    statut: r.statut,
    dossierId: r.dossierId,
    version: r.version,
    source: r.source,
    deltaCentimes: r.deltaCentimes,
    disponibleApresCentimes: r.disponibleApresCentimes,
  };
}

const libellesEtatHorsLivre: Record<f.EtatHorsLivre, string> = {
  a_comptabiliser: 'À comptabiliser',
  comptabilise: 'Comptabilisé depuis',
  remplace: 'Remplacé par une version plus récente',
};

/**
 * Money routes (issue 13). `:organisation` is the OPCO (or CFA) organisation the resource
 * belongs to; its OPCO code (or SIRET) is read from the organisation, never from the body.
 * Every money movement is written to the audit trail in the same transaction.
 */
export const routesFinances: ModuleRoutes = (app, deps) => {
  const { base } = deps;
  let droit: ReturnType<typeof moteurParDefaut>['droit'] | null = null;
  const droitCourant = () => {
    droit ??= (deps.moteur ?? moteurParDefaut(deps.config.dataDir)).droit;
    return droit;
  };
  const delai = (date: string) => delaiSoldeMois(droitCourant(), date);

  async function organisation(id: string, type: 'opco' | 'organisme_formation') {
    const o = await depotComptes.trouverOrganisation(depotComptes.comptes(base.db), id);
    const cle = type === 'opco' ? o?.codeOpco : o?.siret;
    if (!o || o.type !== type || !cle)
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
        ressource: type === 'opco' ? 'OPCO' : 'Organisme de formation (SIRET)',
        identifiant: id,
      });
    return cle;
  }
  function auteur(req: FastifyRequest, organisationId: string): f.Auteur {
    const { sujet } = authentificationDe(req);
    return { compteId: sujet.compteId, cleId: sujet.cleId, organisationId };
  }

  // ─── OPCO ────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/v1/finances/opco/:organisation/budgets',
    deLOrganisation('finances.lire', {
      summary: 'Budgets consommés par section, origine des fonds et branche',
      response: reponses(s.budgetsSchema),
    }),
    async (req) => {
      const opco = await organisation(req.params.organisation, 'opco');
      return { opco, lignes: await f.syntheseBudgets(base.db, opco) };
    },
  );

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

  app.post(
    '/api/v1/finances/opco/:organisation/enveloppes',
    deLOrganisation('finances.budgeter', {
      summary:
        'Créer ou alimenter une enveloppe (branche ou dispositif) ; refus chiffré si les fonds manquent',
      body: s.enveloppeSchema,
      response: reponses(s.resultatEnveloppeSchema),
    }),
    async (req) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const b = req.body;
      const r = await f.alimenterEnveloppe(
        base.db,
        {
          id: b.id,
          opco,
          section: b.section,
          origine: b.origine,
          annee: b.annee,
          branche: b.branche,
          dispositif: b.dispositif,
          libelle: b.libelle,
        },
        b.deltaCentimes,
        b.date,
        auteur(req, req.params.organisation),
      );
      return r.fait
        ? {
            fait: true,
            compte: r.compte,
            soldeCentimes: r.soldeCentimes,
            motif: null,
            disponibleCentimes: null,
            demandeCentimes: null,
          }
        : {
            fait: false,
            compte: null,
            soldeCentimes: null,
            motif: r.motif,
            disponibleCentimes: r.disponibleCentimes,
            demandeCentimes: r.demandeCentimes,
          };
    },
  );

  app.post(
    '/api/v1/finances/opco/:organisation/engagements',
    deLOrganisation('finances.engager', {
      summary:
        'Réserver l’engagement d’un dossier engagé et son échéancier (ou l’ajuster : avenant, rupture)',
      body: s.engagementAReserverSchema,
      response: reponses(s.resultatReservationSchema),
    }),
    async (req) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const r = await f.reserverEngagement(
        base.db,
        { ...req.body, opco },
        {
          delaiSoldeMois: delai(req.body.dateEngagement),
          auteur: auteur(req, req.params.organisation),
        },
      );
      return versReservation(r);
    },
  );

  app.get(
    '/api/v1/finances/opco/:organisation/hors-livre',
    deLOrganisation('finances.lire', {
      summary:
        'Engagements décidés sans être comptabilisés (pas de dotation, fonds insuffisants) : motif et état',
      response: reponses(s.horsLivreSchema),
    }),
    async (req) => ({
      engagements: (
        await f.suiviHorsLivre(base.db, await organisation(req.params.organisation, 'opco'))
      ).map(({ opco: _o, ...h }) => h),
    }),
  );

  app.post(
    '/api/v1/finances/opco/:organisation/hors-livre/comptabiliser',
    deLOrganisation('finances.engager', {
      summary:
        'Comptabiliser un engagement noté non comptabilisé, une fois la dotation reçue ; refus chiffré si les fonds manquent',
      body: s.demandeComptabilisationSchema,
      response: reponses(s.resultatComptabilisationSchema),
    }),
    async (req) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const r = await f.comptabiliserHorsLivre(
        base.db,
        droitCourant(),
        opco,
        req.body.dossierId,
        req.body.version,
        auteur(req, req.params.organisation),
      );
      return r.statut === 'impossible'
        ? {
            ...versReservation({
              ...r,
              statut: 'refuse',
              motifs: [r.motif],
              disponibleCentimes: null,
              demandeCentimes: null,
              manqueCentimes: null,
            }),
            statut: r.statut,
          }
        : versReservation(r);
    },
  );

  const factures = async (filtre: { opco?: string; siret?: string }) => ({
    factures: (await f.listerFactures(base.db, filtre)).map((x) => ({
      id: x.id,
      opco: x.opco,
      siretCfa: x.siretCfa,
      referenceCfa: x.referenceCfa,
      dateFacture: x.dateFacture,
      montantCentimes: x.montantCentimes,
      statut: x.statut,
      canal: x.canal,
      lignes: x.lignes.map(versLigne),
    })),
  });

  app.get(
    '/api/v1/finances/opco/:organisation/factures',
    deLOrganisation('finances.lire', {
      summary: 'Factures reçues : ce qui est apparié, ce qui ne l’est pas, et pourquoi',
      response: reponses(s.facturesSchema),
    }),
    async (req) => factures({ opco: await organisation(req.params.organisation, 'opco') }),
  );

  app.get(
    '/api/v1/finances/opco/:organisation/lots',
    deLOrganisation('finances.lire', {
      summary: 'Lots de paiement',
      response: reponses(s.lotsSchema),
    }),
    async (req) => ({
      lots: await f.listerLots(base.db, await organisation(req.params.organisation, 'opco')),
    }),
  );

  app.post(
    '/api/v1/finances/opco/:organisation/lots',
    deLOrganisation('finances.payer', {
      summary:
        'Exécuter (ou reprendre) le lot de paiement d’une date : idempotent, sûr en cas de panne',
      body: s.demandeLotSchema,
      response: reponses(s.resultatLotSchema),
    }),
    async (req) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const r = await f.executerLot(base.db, {
        opco,
        dateExecution: req.body.dateExecution,
        ...(req.body.lotId ? { lotId: `${opco}-${req.body.lotId}` } : {}),
        auteur: auteur(req, req.params.organisation),
      });
      return { ...r };
    },
  );

  app.get(
    '/api/v1/finances/opco/:organisation/lots/:lot/paiements',
    deLOrganisation('finances.lire', {
      summary: 'Paiements d’un lot',
      params: s.paramLotSchema,
      response: reponses(s.paiementsSchema),
    }),
    async (req) => ({
      paiements: await f.paiementsLot(
        base.db,
        await organisation(req.params.organisation, 'opco'),
        req.params.lot,
      ),
    }),
  );

  app.get(
    '/api/v1/finances/opco/:organisation/lots/:lot/fichier',
    deLOrganisation('finances.lire', {
      summary: 'Fichier de virements SEPA (pain.001.001.03) d’un lot',
      params: s.paramLotSchema,
      response: erreurs,
    }),
    async (req, reply) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const x = await f.fichierLot(base.db, opco, req.params.lot);
      if (!x)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Fichier SEPA du lot',
          identifiant: req.params.lot,
        });
      return telecharger(reply, 'application/xml; charset=utf-8', `${req.params.lot}.xml`, x);
    },
  );

  app.post(
    '/api/v1/finances/opco/:organisation/retours-bancaires',
    deLOrganisation('finances.payer', {
      summary: 'Retour bancaire : contre-passe le paiement, l’échéance redevient payable',
      body: s.retourBancaireSchema,
      response: reponses(s.resultatRetourSchema),
    }),
    async (req) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const dansLot = (await f.paiementOpco(base.db, req.body.paiementId)) === opco;
      if (!dansLot)
        return { fait: false, motif: `paiement ${req.body.paiementId} inconnu de cet OPCO` };
      return f.retourBancaire(
        base.db,
        req.body.paiementId,
        req.body.motif,
        req.body.date,
        auteur(req, req.params.organisation),
      );
    },
  );

  app.put(
    '/api/v1/finances/opco/:organisation/coordonnees',
    deLOrganisation('finances.payer', {
      summary: 'Compte bancaire débiteur de l’OPCO (IBAN et BIC vérifiés)',
      body: s.coordonneesSchema,
      response: reponses(s.resultatCoordonneesSchema),
    }),
    async (req) =>
      f.enregistrerCoordonnees(
        base.db,
        await organisation(req.params.organisation, 'opco'),
        req.body,
        auteur(req, req.params.organisation),
      ),
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

  app.get(
    '/api/v1/finances/cfa/:organisation/factures',
    deLOrganisation('finances.lire', {
      summary: 'Mes factures et leur appariement',
      response: reponses(s.facturesSchema),
    }),
    async (req) =>
      factures({ siret: await organisation(req.params.organisation, 'organisme_formation') }),
  );

  app.put(
    '/api/v1/finances/cfa/:organisation/coordonnees',
    deLOrganisation('finances.facturer', {
      summary: 'Compte bancaire du CFA pour les virements (IBAN et BIC vérifiés)',
      body: s.coordonneesSchema,
      response: reponses(s.resultatCoordonneesSchema),
    }),
    async (req) =>
      f.enregistrerCoordonnees(
        base.db,
        await organisation(req.params.organisation, 'organisme_formation'),
        req.body,
        auteur(req, req.params.organisation),
      ),
  );

  // Invoices and certificates: JSON or CSV body, in their own context for the CSV parser.
  void app.register(async (instance) => {
    const a = instance.withTypeProvider<ZodTypeProvider>();
    a.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: 5_000_000 },
      (_req, corps, done) => done(null, corps),
    );
    a.post(
      '/api/v1/finances/cfa/:organisation/certificats',
      deLOrganisation(
        'finances.facturer',
        {
          summary:
            'Certificats de réalisation (JSON : un dossier ; CSV : tout ou rien) : le solde facturé devient payable',
          description:
            'CSV : en-tête dossier,date_realisation (séparateur , ou ;). Si une ligne est fausse ' +
            '(format, dossier inconnu ou d’un autre CFA, doublon), rien n’est enregistré : ' +
            '400 nommant chaque ligne fautive.',
          response: reponses(s.resultatCertificatSchema),
        },
        { bodyLimit: 5_000_000 },
      ),
      async (req) => {
        const siret = await organisation(req.params.organisation, 'organisme_formation');
        const qui = auteur(req, req.params.organisation);
        if (typeof req.body === 'string') {
          const lu = lireCertificatsCsv(req.body);
          const r =
            lu.erreurs.length > 0
              ? { enregistre: false as const, erreurs: lu.erreurs }
              : await f.enregistrerCertificats(base.db, siret, lu.certificats, qui);
          if (!r.enregistre)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: `fichier de certificats refusé, rien n’est enregistré : ${r.erreurs
                .slice(0, 20)
                .map((x) => `ligne ${x.ligne} : ${x.probleme}`)
                .join(
                  ' ; ',
                )}${r.erreurs.length > 20 ? ` ; … et ${r.erreurs.length - 20} autre(s) ligne(s) fautive(s)` : ''}`,
              champ: 'body',
            });
          return {
            trouve: true,
            devenuesPayables: r.certificats.reduce((n, c) => n + c.devenuesPayables, 0),
            certificats: r.certificats.map((c) => ({
              ligne: c.ligne,
              dossierId: c.dossierId,
              date: c.date,
              devenuesPayables: c.devenuesPayables,
            })),
          };
        }
        const c = lireCorps(s.certificatSchema, req.body);
        if ((await f.siretDossier(base.db, c.dossierId)) !== siret)
          return { trouve: false, devenuesPayables: 0, certificats: [] };
        const r = await f.enregistrerCertificat(base.db, c.dossierId, c.date, qui);
        return {
          ...r,
          certificats: r.trouve ? [{ ligne: 1, ...c, devenuesPayables: r.devenuesPayables }] : [],
        };
      },
    );
    a.post(
      '/api/v1/finances/cfa/:organisation/factures',
      deLOrganisation(
        'finances.facturer',
        {
          summary:
            'Déposer des factures (JSON, ou CSV avec ?opco=CODE) ; chaque ligne appariée ou refusée avec sa raison',
          description:
            'CSV : en-tête siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros ; ' +
            'les lignes d’une même référence forment une facture. Le SIRET doit être celui de l’organisme.',
          querystring: z.object({ opco: z.string().min(1).max(20).optional() }),
          response: reponses(s.resultatFacturesSchema),
        },
        { bodyLimit: 5_000_000 },
      ),
      async (req) => {
        const siret = await organisation(req.params.organisation, 'organisme_formation');
        const qui = auteur(req, req.params.organisation);
        if (typeof req.body === 'string') {
          if (!req.query.opco)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: 'opco : le code de l’OPCO est requis pour un CSV',
              champ: 'querystring.opco',
            });
          const { factures: lues, erreurs: e } = lireFacturesCsv(req.body, req.query.opco);
          const resultats = [];
          for (const x of lues) {
            if (x.siretCfa !== siret) {
              e.push({
                ligne: 0,
                probleme: `facture ${x.referenceCfa} : SIRET ${x.siretCfa} n’est pas celui de l’organisme`,
              });
              continue;
            }
            resultats.push(
              versFacture(await f.recevoirFacture(base.db, x, 'csv', qui), x.referenceCfa),
            );
          }
          return { factures: resultats, erreurs: e };
        }
        const x = lireCorps(s.factureJsonSchema, req.body);
        const r = await f.recevoirFacture(base.db, { ...x, siretCfa: siret }, 'api', qui);
        return { factures: [versFacture(r, x.referenceCfa)], erreurs: [] };
      },
    );
  });
};
