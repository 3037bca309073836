import type { FastifyServerOptions } from 'fastify';

/** Paths pino removes from log lines: no session id, API key or CSRF token is ever written. */
export const cheminsMasques = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

const parametresSecrets = /([?&](?:code|state|jeton|token|cle|key)=)[^&#]*/gi;

/** The URL as logged: values of secret-bearing query parameters replaced by `***`. */
export function urlMasquee(url: string): string {
  return url.replace(parametresSecrets, '$1***');
}

interface RequeteJournal {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Adds redaction to the application's logger options (pino). */
export function journalMasque(
  logger: NonNullable<FastifyServerOptions['logger']>,
): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const base = logger === true ? {} : (logger as Record<string, unknown>);
  return {
    ...base,
    redact: { paths: cheminsMasques, censor: '***' },
    serializers: {
      req(req: RequeteJournal) {
        return {
          method: req.method,
          url: urlMasquee(req.url),
          host: req.hostname,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        };
      },
    },
  } as FastifyServerOptions['logger'];
}
