import type { FastifyReply, FastifySerializerCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';

/**
 * Response serialisation. The zod type provider already makes tsc check that each handler
 * returns what its response schema describes; re-parsing every answer with zod before writing it
 * (fastify-type-provider-zod's serializerCompiler) cost about half of the finder's time per
 * request. Answers are therefore written with JSON.stringify as they are. The response schemas
 * still document the API (the OpenAPI is generated from them, unchanged), and
 * tests/api/serialisation.test.ts checks that real answers hold exactly what the validating
 * serialiser writes (only the order of keys may differ: zod writes them in schema order).
 */
export const serialiseurDeConfiance: FastifySerializerCompiler<unknown> = () => (donnees) =>
  JSON.stringify(donnees);

/** The validating serialiser (a zod parse per answer), kept for the equivalence test. */
export const serialiseurValide = serializerCompiler;

declare module 'fastify' {
  interface FastifyInstance {
    /** True when answers are re-validated (the equivalence test): no pre-serialised answer then. */
    serialisationValidee: boolean;
  }
}

/**
 * Sends an answer already written as JSON text (the finder's cached answers, see
 * Rattacheur.parSiretJson): no serialiser runs. `valeur` gives the same answer as a value, sent
 * instead when answers are re-validated, so that tests/api/serialisation.test.ts still compares
 * the text with what the validating serialiser writes.
 */
export function envoyerJson<T>(
  reply: FastifyReply,
  texte: () => string,
  valeur: () => T,
): FastifyReply | T {
  if (reply.server.serialisationValidee) return valeur();
  return reply.type('application/json; charset=utf-8').send(texte());
}
