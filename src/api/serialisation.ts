import type { FastifySerializerCompiler } from 'fastify';
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
