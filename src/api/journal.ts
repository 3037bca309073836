import type { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';

/**
 * Request headers that carry secrets (SIRO API keys, partner tokens). Fastify's default request
 * log does not include headers; these paths are masked anyway, in case a log line ever does.
 */
export const ENTETES_SECRETES = [
  'req.headers["x-gravitee-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
] as const;

/** The server's logger options (src/cli/commandes/serve.ts); `flux` for tests. */
export function optionsJournal(niveau: string, flux?: Writable): FastifyServerOptions['logger'] {
  return {
    level: niveau,
    redact: { paths: [...ENTETES_SECRETES], censor: '[masqué]' },
    ...(flux ? { stream: flux } : {}),
  };
}
