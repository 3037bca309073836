import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { organisationsPermises } from '../../domaine/comptes/index.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { exportDecaQuery } from '../../partage/deca.schema.ts';
import { contratsDeca, versNdjson } from '../../stockage/deca.depot.ts';
import { authentificationDe } from '../acces/installer.ts';
import type { ModuleRoutes } from '../types.ts';

/**
 * Export of the deposited contracts in the shape of DECA's contract object (D6224-4, R6332-33),
 * NDJSON, for the staff of the OPCO that deposited them (right `dossier.decider`: gestionnaire,
 * instructeur, valideur of the OPCO; not the companies, CFA nor national readers).
 */
export const routesDeca: ModuleRoutes = (app, { base }) => {
  app.get(
    '/api/v1/dossiers/export/deca',
    {
      config: { acces: { action: 'dossier.decider' } },
      schema: {
        tags: ['dossiers'],
        summary:
          'Contrats déposés au format de l’objet contrat de DECA (NDJSON) : dépôts, avenants, ruptures et annulations de la période ; contrats refusés avec leurs motifs (D6224-4)',
        description:
          'Une ligne JSON par contrat, dans son état courant ; seulement les dossiers de l’OPCO de la personne. Un contrat refusé a le statut « Non déposable » et un bloc refus (motifs : code, message, articles). Conventions (statut, dispositif PROF, codes de motif de rupture, numéro de contrat, refus) : docs/dossiers.md.',
        querystring: exportDecaQuery,
        response: { 200: z.string(), ...reponsesAcces },
      },
    },
    async (req, reply) => {
      const { sujet } = authentificationDe(req);
      const contrats = await contratsDeca(
        base.db,
        organisationsPermises(sujet, 'dossier.decider'),
        req.query.du ?? null,
        req.query.au ?? null,
      );
      const nom = `deca-${req.query.du ?? 'debut'}-${req.query.au ?? 'fin'}.ndjson`;
      return (reply as FastifyReply)
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${nom}"`)
        .send(versNdjson(contrats));
    },
  );
};
