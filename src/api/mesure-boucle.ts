import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';

/** Environment variable that turns the internal measure on (`opco serve` only; benchmarks). */
export const VARIABLE_MESURE_BOUCLE = 'OPCO_MESURE_BOUCLE';

/**
 * The event-loop delay of the server, measured inside it with perf_hooks.monitorEventLoopDelay
 * (a timer every 5 ms; its lateness is how long something held the loop). Exposed for the
 * benchmarks only (bench/textes), when OPCO_MESURE_BOUCLE=1: `GET /interne/boucle` gives the
 * maximum, the 99th percentile and the mean since the last `DELETE /interne/boucle` (a tick is
 * 5 ms: at rest the values are about 5 ms), and the processor time used between two ticks at most.
 * Never on by default: it says how busy the server is.
 */
export function installerMesureBoucle(app: FastifyInstance): void {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  // On a loaded machine the delay also counts the time the process waited for a processor. The
  // processor time the process used between two ticks of a 5 ms timer does not: an upper bound of
  // the longest run without yielding (it also counts V8's helper threads, e.g. concurrent GC).
  let processeurMax = 0;
  let avant = process.cpuUsage();
  const top = setInterval(() => {
    const d = process.cpuUsage(avant);
    avant = process.cpuUsage();
    processeurMax = Math.max(processeurMax, (d.user + d.system) / 1000);
  }, 5);
  top.unref();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  app.get('/interne/boucle', { config: { acces: 'public' }, schema: { hide: true } }, async () => ({
    maxMs: ms(h.max),
    p99Ms: ms(h.percentile(99)),
    moyenneMs: ms(h.mean),
    mesures: h.count,
    processeurMaxEntreTopsMs: Math.round(processeurMax * 100) / 100,
  }));
  app.delete(
    '/interne/boucle',
    { config: { acces: 'public' }, schema: { hide: true } },
    async (_req, reply) => {
      h.reset();
      processeurMax = 0;
      avant = process.cpuUsage();
      return reply.code(204).send();
    },
  );
}
