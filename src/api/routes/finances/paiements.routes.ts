import { ErreurOpco } from '../../../partage/erreurs.ts';
import * as s from '../../../partage/finances.schema.ts';
import * as f from '../../../stockage/finances.depot.ts';
import { deLOrganisation, erreurs, reponses, telecharger } from './commun.ts';
import type { AppZod } from '../../types.ts';
import type { ContexteFinances } from './commun.ts';

/** Payment runs, their SEPA files, bank returns, bank details of the OPCO and of the CFA. */
export const routesPaiements = (app: AppZod, ctx: ContexteFinances): void => {
  const { base, organisation, auteur } = ctx;
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
};
