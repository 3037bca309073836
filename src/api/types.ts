import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Moteur } from '../moteur/index.ts';
import type { Base } from '../stockage/db.ts';

export type AppZod = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What the reference-data loader found at start-up, reported by /health and the UI. */
export interface EtatDonnees {
  dossier: string | null;
  manquants: string[];
}

/** Built once in the composition root (src/contexte.ts) and handed to every route module. */
export interface Dependances {
  base: Base;
  config: Config;
  donnees: EtatDonnees;
  /** Root of droit/ and tests/droit/ for the citation index of /textes (default: the repository). */
  racineDroit?: string;
  /** The rules engine with the law loaded once (src/contexte.ts); built on demand if absent. */
  moteur?: Moteur;
}

/** A route module: registers its routes on the app with the dependencies it needs. */
export type ModuleRoutes = (app: AppZod, deps: Dependances) => void;
