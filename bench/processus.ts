import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

/** Waits until a child writes a line matching the pattern on one of its streams. */
export async function attendreLigne(
  enfant: ChildProcess,
  flux: 'stdout' | 'stderr',
  motif: RegExp,
): Promise<RegExpExecArray> {
  let tampon = '';
  const source = enfant[flux];
  if (!source) throw new Error(`${flux} absent`);
  return new Promise((resolve, reject) => {
    const surDonnees = (d: Buffer) => {
      tampon += d.toString('utf8');
      const m = motif.exec(tampon);
      if (m) {
        source.off('data', surDonnees);
        resolve(m);
      }
    };
    source.on('data', surDonnees);
    enfant.once('exit', (code) =>
      reject(new Error(`processus terminé (code ${code}) avant « ${motif.source} » :\n${tampon}`)),
    );
  });
}

/** Stops a child we started (SIGTERM, then waits up to 10 s for it to exit). */
export async function arreter(enfant: ChildProcess): Promise<void> {
  if (enfant.exitCode !== null || enfant.signalCode !== null) return;
  enfant.kill('SIGTERM');
  await Promise.race([once(enfant, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
}

/** User + system processor time of a process, in ms (Linux /proc; clock ticks of 10 ms). */
export function tempsProcesseurMs(pid: number): number {
  const champs = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(champs[11]) + Number(champs[12])) * 10;
}
