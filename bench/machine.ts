import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

/**
 * Writes a benchmark's output to bench/results/`nom`, then prints `affiche` (the output by
 * default) and the file's path; returns that path.
 */
export function ecrireResultats(nom: string, sortie: unknown, affiche: unknown = sortie): string {
  const dossier = path.resolve(import.meta.dirname, 'results');
  mkdirSync(dossier, { recursive: true });
  const fichier = path.join(dossier, nom);
  writeFileSync(fichier, `${JSON.stringify(sortie, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(affiche, null, 2)}\nRésultats : ${fichier}\n`);
  return fichier;
}
