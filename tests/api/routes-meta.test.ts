import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import { contexteDeTest } from '../aide/base.ts';

interface Operation {
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

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
        expect(schemas, `${cle} ${statut}`).toContain('#/components/schemas/Probleme');
      }
    }
  });

  it('ne publie que des chemins versionnés sous /api/v1, hormis /health', () => {
    for (const { cle } of operations)
      expect(cle).toMatch(/^(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/|\/health$)/);
  });
});
