import { z } from 'zod';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import { listerOpcos } from '../../stockage/opco.depot.ts';
import type { ModuleRoutes } from '../types.ts';

const opcoSchema = z
  .object({
    code: z.string().describe('Code France compétences à deux chiffres (ex. « 03 »)'),
    nom: z.string().describe('Libellé de France compétences (table SIRO)'),
    siren: z.string(),
    slug: z.string(),
    libelleUsuel: z.string(),
    codeInfere: z
      .boolean()
      .describe(
        'Vrai si France compétences n’a pas confirmé ce code (Uniformation : « 04 » déduit, seul numéro restant)',
      ),
    noteCode: z.string().nullable().describe('Pourquoi le code est déduit, le cas échéant'),
  })
  .meta({ id: 'Opco' });

const listeSchema = z.object({
  opcos: z.array(opcoSchema),
  source: z.object({
    fichier: z.string(),
    sommeControle: z.string(),
    importeLe: z.string(),
  }),
});

export const routesOpcos: ModuleRoutes = (app, { base, donnees }) => {
  app.get(
    '/api/v1/opcos',
    {
      config: { acces: 'public' },
      schema: {
        summary: 'Les 11 OPCO agréés et leurs codes France compétences',
        tags: ['référentiels'],
        response: { 200: listeSchema, 503: reponsesErreur[503] },
      },
    },
    async () => {
      const r = await listerOpcos(base.db);
      if (!r)
        throw new ErreurOpco('ERR_DONNEES_ABSENTES', {
          jeu: 'opcos',
          detail:
            donnees.manquants.join(' ') ||
            'importez-les avec « opco import opcos <fichier opcos.csv> ».',
        });
      return r;
    },
  );
};
