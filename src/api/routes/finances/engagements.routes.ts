import * as s from '../../../partage/finances.schema.ts';
import * as f from '../../../stockage/finances.depot.ts';
import { deLOrganisation, reponses, versReservation } from './commun.ts';
import type { AppZod } from '../../types.ts';
import type { ContexteFinances } from './commun.ts';

/** Engagements and their schedules; engagements decided without being booked (hors livre). */
export const routesEngagements = (app: AppZod, ctx: ContexteFinances): void => {
  const { base, organisation, auteur } = ctx;
  const { delai, droitCourant } = ctx;
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
};
