import { z } from 'zod';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import { migrationsEnAttente } from '../../stockage/migrer.ts';
import type { ModuleRoutes } from '../types.ts';

const santeSchema = z.object({
  statut: z.literal('ok'),
  base: z.object({
    moteur: z.enum(['pglite', 'postgres']),
    emplacement: z.string(),
    migrationsEnAttente: z.array(z.string()),
  }),
  donnees: z.object({
    dossier: z.string().nullable(),
    manquants: z.array(z.string()).describe('Ce qui manque pour un service complet'),
  }),
});

export const routesSante: ModuleRoutes = (app, { base, donnees }) => {
  app.get(
    '/health',
    {
      config: { acces: 'public' },
      schema: {
        summary: 'État du service et de sa base de données',
        tags: ['système'],
        response: { 200: santeSchema, 503: reponsesErreur[503] },
      },
    },
    async () => {
      let enAttente: string[];
      try {
        enAttente = await migrationsEnAttente(base);
      } catch (e) {
        throw new ErreurOpco('ERR_BASE_INDISPONIBLE', {}, { cause: e });
      }
      return {
        statut: 'ok' as const,
        base: {
          moteur: base.moteur,
          emplacement: base.emplacement,
          migrationsEnAttente: enAttente,
        },
        donnees,
      };
    },
  );
};
