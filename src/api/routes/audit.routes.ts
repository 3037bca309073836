import { z } from 'zod';
import {
  organisationsPermises,
  verifierChaine,
  type LigneAudit,
} from '../../domaine/comptes/index.ts';
import {
  ligneAuditSchema,
  reponsesAcces,
  verificationAuditSchema,
} from '../../partage/comptes.schema.ts';
import { parcourirAudit, listerAudit, teteAudit } from '../../stockage/audit.depot.ts';
import type { Base } from '../../stockage/db.ts';
import { authentificationDe } from '../acces/installer.ts';
import type { ModuleRoutes } from '../types.ts';

/** Checks the whole chain, then that the head row agrees with the last row (none cut off). */
export async function verifierAudit(base: Base) {
  const lignes: LigneAudit[] = [];
  for await (const l of parcourirAudit(base.db)) lignes.push(l);
  const r = verifierChaine(lignes);
  if (!r.valide) return r;
  const tete = await teteAudit(base.db);
  const derniere = lignes[lignes.length - 1];
  if (tete.rang !== (derniere?.rang ?? 0) || (derniere && tete.empreinte !== derniere.empreinte))
    return {
      valide: false as const,
      lignes: r.lignes,
      rang: (derniere?.rang ?? 0) + 1,
      raison: `la tête du journal annonce ${tete.rang} ligne(s) : des lignes de fin ont été supprimées`,
    };
  return r;
}

export const routesAudit: ModuleRoutes = (app, { base }) => {
  app.get(
    '/api/v1/audit',
    {
      config: { acces: { action: 'compte.lire_soi' } },
      schema: {
        summary: 'Le journal d’audit des organisations que j’administre (plus récent d’abord)',
        tags: ['comptes'],
        querystring: z.object({ limite: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.object({ lignes: z.array(ligneAuditSchema) }), ...reponsesAcces },
      },
    },
    async (req) => {
      const ids = organisationsPermises(authentificationDe(req).sujet, 'audit.lire');
      return { lignes: await listerAudit(base.db, ids, req.query.limite) };
    },
  );

  app.get(
    '/api/v1/audit/verification',
    {
      config: { acces: { action: 'audit.lire_tout' } },
      schema: {
        summary:
          'Vérifier la chaîne d’empreintes du journal d’audit (administrateur de la plateforme)',
        tags: ['comptes'],
        response: { 200: verificationAuditSchema, ...reponsesAcces },
      },
    },
    async () => verifierAudit(base),
  );
};
