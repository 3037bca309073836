import * as s from '../../../partage/finances.schema.ts';
import * as f from '../../../stockage/finances.depot.ts';
import { deLOrganisation, reponses } from './commun.ts';
import type { AppZod } from '../../types.ts';
import type { ContexteFinances } from './commun.ts';

/** Budgets: consumption per section, origin and branch; envelopes set by OPCO administrators. */
export const routesBudgets = (app: AppZod, ctx: ContexteFinances): void => {
  const { base, organisation, auteur } = ctx;
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
};
