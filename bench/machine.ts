import os from 'node:os';

/** Describes the machine a benchmark ran on (written with every result). */
export function decrireMachine(extra: Record<string, string> = {}): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'inconnu',
    coeurs: cpus.length,
    memoireGo: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    systeme: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    // The machine may be shared: the load at start says how much other work competed.
    chargeMoyenne1_5_15min: os.loadavg().map((x) => Math.round(x * 100) / 100),
    ...extra,
  };
}

/** rows/s or requests/s, rounded. */
export function parSeconde(n: number, ms: number): number {
  return Math.round((n / ms) * 1000);
}
