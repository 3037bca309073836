import type { ModuleRoutes } from '../types.ts';
import { routesBudgets } from './finances/budgets.routes.ts';
import { contexteFinances } from './finances/commun.ts';
import { routesEngagements } from './finances/engagements.routes.ts';
import { routesFactures } from './finances/factures.routes.ts';
import { routesFranceCompetences } from './finances/france-competences.routes.ts';
import { routesPaiements } from './finances/paiements.routes.ts';
import { routesVues } from './finances/vues.routes.ts';

/**
 * Money routes (issue 13), one module per aggregate under `finances/`. `:organisation` is the
 * OPCO (or CFA) organisation the resource belongs to; its OPCO code (or SIRET) is read from the
 * organisation, never from the body. Every money movement is written to the audit trail in the
 * same transaction.
 */
export const routesFinances: ModuleRoutes = (app, deps) => {
  const ctx = contexteFinances(deps);
  routesBudgets(app, ctx);
  routesEngagements(app, ctx);
  routesFactures(app, ctx);
  routesPaiements(app, ctx);
  routesVues(app, ctx);
  routesFranceCompetences(app, ctx);
};
