import type { Writable } from 'node:stream';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

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

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = Parameters<FastifyBaseLogger['child']>[1];
type FastifyChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Ecrire = (...args: unknown[]) => void;
type Niveau = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type JournalPino = FastifyBaseLogger & { isLevelEnabled?: (niveau: string) => boolean };

/**
 * A request's logger that becomes pino's child (bindings: the request id) only when a line is
 * actually written. Fastify creates a child per request (`req.log`); at `warn` and above, a
 * request that logs nothing (nearly all of them) no longer builds one (issue 9, point 5).
 */
class JournalParesseux {
  private reel: FastifyBaseLogger | undefined;
  constructor(
    private readonly parent: JournalPino,
    private readonly liaisons: Bindings,
  ) {}
  private enfant(): FastifyBaseLogger {
    return (this.reel ??= this.parent.child(this.liaisons));
  }
  private ecrire(niveau: Niveau, args: unknown[]): void {
    const j = this.reel ?? (this.parent.isLevelEnabled?.(niveau) ? this.enfant() : undefined);
    if (j) (j[niveau] as Ecrire).apply(j, args);
  }
  get level(): string {
    return (this.reel ?? this.parent).level;
  }
  set level(niveau: string) {
    this.enfant().level = niveau;
  }
  fatal(...args: unknown[]): void {
    this.ecrire('fatal', args);
  }
  error(...args: unknown[]): void {
    this.ecrire('error', args);
  }
  warn(...args: unknown[]): void {
    this.ecrire('warn', args);
  }
  info(...args: unknown[]): void {
    this.ecrire('info', args);
  }
  debug(...args: unknown[]): void {
    this.ecrire('debug', args);
  }
  trace(...args: unknown[]): void {
    this.ecrire('trace', args);
  }
  silent(): void {}
  child(liaisons: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.enfant().child(liaisons, options);
  }
}

/**
 * Fastify's `childLoggerFactory` (src/api/app.ts): pino's child at once when the request's lines
 * at `info` are written (Fastify's « incoming request » / « request completed ») or a route sets
 * its own level or serialisers; otherwise a child made on the first line written.
 */
export const journalDeRequete: FastifyChildLoggerFactory = (logger, liaisons, options) => {
  const parent = logger as JournalPino;
  if (
    options?.level !== undefined ||
    options?.serializers !== undefined ||
    typeof parent.isLevelEnabled !== 'function' ||
    parent.isLevelEnabled('info')
  )
    return logger.child(liaisons, options);
  return new JournalParesseux(parent, liaisons) as unknown as FastifyBaseLogger;
};
