import type { ModuleRoutes } from '../types.ts';
import { routesOpcos } from './opcos.routes.ts';
import { routesRattachement } from './rattachement.routes.ts';
import { routesReferentielsFormation } from './referentiels-formation.routes.ts';
import { routesSante } from './sante.routes.ts';
import { routesSiro } from './siro.routes.ts';
import { routesTextes } from './textes.routes.ts';

import { routesSimulations } from './simulations.routes.ts';
import { routesDispositifs } from './dispositifs.routes.ts';
import { routesActionsCollectives } from './actions-collectives.routes.ts';
import { routesAccordsTarifaires } from './accords-tarifaires.routes.ts';
import { routesAudit } from './audit.routes.ts';
import { routesComptes } from './comptes.routes.ts';
import { routesSession } from './session.routes.ts';
import { routesOidc } from './oidc.routes.ts';
import { routesInscription } from './inscription.routes.ts';
import { routesFinances } from './finances.routes.ts';
import { routesDossiers } from './dossiers.routes.ts';
import { routesPieces } from './pieces.routes.ts';
import { routesDemandes } from './demandes.routes.ts';
import { routesAbondement } from './demandes-abondement.routes.ts';
import { routesDeca } from './deca.routes.ts';

/** Every route module of the API, registered in this order by construireApp. */
export const modulesRoutes: readonly ModuleRoutes[] = [
  routesSante,
  routesOpcos,
  routesTextes,
  routesSimulations,
  routesDispositifs,
  routesActionsCollectives,
  routesAccordsTarifaires,
  routesRattachement,
  routesSiro,
  routesSession,
  routesOidc,
  routesInscription,
  routesComptes,
  routesAudit,
  routesReferentielsFormation,
  routesFinances,
  routesDossiers,
  routesPieces,
  routesDemandes,
  routesAbondement,
  routesDeca,
];
