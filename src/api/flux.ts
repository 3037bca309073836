import { performance } from 'node:perf_hooks';
import { setImmediate as cederLaMain } from 'node:timers/promises';

/**
 * Long synchronous work split so that the event loop keeps serving other requests: each helper
 * hands the loop back (setImmediate) once it has worked `budgetMs` milliseconds in a row.
 * Goal (issue 9): no request blocks the loop for more than 50 ms.
 */
const BUDGET_MS = 10;

/**
 * An async view of a synchronous generator of chunks (a response body): `Readable.from` would
 * otherwise pull it as fast as the socket accepts, without ever letting timers and other
 * sockets run.
 */
export async function* sansBloquer<T>(
  morceaux: Iterable<T>,
  budgetMs = BUDGET_MS,
): AsyncGenerator<T> {
  let depuis = performance.now();
  for (const m of morceaux) {
    yield m;
    if (performance.now() - depuis > budgetMs) {
      await cederLaMain();
      depuis = performance.now();
    }
  }
}
