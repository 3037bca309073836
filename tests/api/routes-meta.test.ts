import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { contexteDeTest } from '../aide/base.ts';

interface Operation {
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

/** France compétences' own paths, served as they are for its existing clients. */
const estSiro = (op: Operation) => op.tags?.includes('SIRO (compatibilité)') === true;

/** Meta-tests over every route of the API, read from the generated OpenAPI document. */
describe('contrat des routes (OpenAPI)', () => {
  let ctx: Awaited<ReturnType<typeof contexteDeTest>>;
  let app: AppZod;
  let operations: { cle: string; op: Operation }[];
  beforeAll(async () => {
    ctx = await contexteDeTest({}, { chargerDonnees: false });
    app = await construireApp({
      base: ctx.base,
      config: ctx.config,
      donnees: { dossier: null, manquants: [] },
    });
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(doc.paths).flatMap(([chemin, ops]) =>
      Object.entries(ops).map(([methode, op]) => ({
        cle: `${methode.toUpperCase()} ${chemin}`,
        op,
      })),
    );
  });
  afterAll(async () => {
    await app.close();
    await ctx.fermer();
  });

  it('documente chaque route avec un résumé en français et une étiquette', () => {
    expect(operations.length).toBeGreaterThanOrEqual(2);
    for (const { cle, op } of operations) {
      expect(op.summary, cle).toMatch(/^[A-ZÉÀ«]/);
      expect(op.tags?.length, cle).toBeGreaterThan(0);
    }
  });

  it('déclare pour chaque route au moins une réponse d’erreur au format Probleme', () => {
    for (const { cle, op } of operations) {
      const erreurs = Object.entries(op.responses).filter(([statut]) => Number(statut) >= 400);
      expect(erreurs.length, cle).toBeGreaterThan(0);
      for (const [statut, r] of erreurs) {
        const schemas = Object.values(r.content ?? {}).map((c) => c.schema?.$ref);
        // Documented exception (docs/errors.md): the SIRO-compatible paths keep the gateway's
        // {"message"} body for 401 and 429, as France compétences' clients know it.
        const attendu =
          estSiro(op) && (statut === '401' || statut === '429') ? 'MessageSiro' : 'Probleme';
        expect(schemas, `${cle} ${statut}`).toContain(`#/components/schemas/${attendu}`);
      }
    }
  });

  it('ne publie que des chemins versionnés sous /api/v1, hormis /health et les chemins SIRO', () => {
    for (const { cle, op } of operations)
      expect(cle).toMatch(
        estSiro(op)
          ? /^(GET|POST) \/(siro\/v1\/public|siropartfc|siropartfc-auth)\//
          : /^(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/|\/health$)/,
      );
  });
});
