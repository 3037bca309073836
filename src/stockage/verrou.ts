import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ErreurOpco } from '../partage/erreurs.ts';

/**
 * An exclusive lock on a PGlite folder. PGlite runs PostgreSQL in the process itself and does
 * not lock its data folder: two processes opening it (a server and a CLI) would both write the
 * WAL and corrupt it. The first opener writes `opco.lock` (its PID, start time and command) with
 * an atomic exclusive create; a second process is refused with ERR_BASE_VERROUILLEE. A lock whose
 * process is gone (crash, kill -9) is stale: it is taken over. Re-entrant within one process (a
 * test may open the same folder twice in sequence).
 */
export const NOM_VERROU = 'opco.lock';

const contenuSchema = z.object({
  pid: z.number().int().positive(),
  hote: z.string(),
  /** Process start time (field 22 of /proc/<pid>/stat), to tell a reused PID apart. */
  demarrage: z.string().nullable(),
  commande: z.string(),
  depuis: z.string(),
});
type Contenu = z.infer<typeof contenuSchema>;

export interface Verrou {
  fichier: string;
  liberer(): void;
}

/** Locks held by this process, by lock file: a reference count. */
const tenus = new Map<string, number>();

function demarrageProcessus(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const apres = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return apres[19] ?? null; // field 22 = index 19 after the first two fields
  } catch {
    return null;
  }
}

function vivant(c: Contenu): boolean {
  if (c.hote !== hostname()) return true; // another machine (shared folder): cannot tell, keep
  try {
    process.kill(c.pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const demarrage = demarrageProcessus(c.pid);
  return c.demarrage === null || demarrage === null || demarrage === c.demarrage;
}

function lire(fichier: string): Contenu | null {
  try {
    const r = contenuSchema.safeParse(JSON.parse(readFileSync(fichier, 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function description(): string {
  const script = process.argv[1] ?? 'node';
  const nom = script.endsWith('opco.mjs') ? 'opco' : path.basename(script);
  return [nom, ...process.argv.slice(2)].join(' ').slice(0, 200);
}

/** Takes the lock of a PGlite folder, or throws ERR_BASE_VERROUILLEE naming the holder. */
export function verrouillerDossier(dossier: string): Verrou {
  const fichier = path.join(path.resolve(dossier), NOM_VERROU);
  const liberer = () => {
    const n = (tenus.get(fichier) ?? 1) - 1;
    if (n > 0) {
      tenus.set(fichier, n);
      return;
    }
    tenus.delete(fichier);
    const c = lire(fichier);
    if (c?.pid === process.pid)
      try {
        unlinkSync(fichier);
      } catch {
        // already gone
      }
  };
  const deja = tenus.get(fichier);
  if (deja !== undefined) {
    tenus.set(fichier, deja + 1);
    return { fichier, liberer };
  }
  const contenu: Contenu = {
    pid: process.pid,
    hote: hostname(),
    demarrage: demarrageProcessus(process.pid),
    commande: description(),
    depuis: new Date().toISOString(),
  };
  for (let essai = 0; essai < 3; essai++) {
    try {
      writeFileSync(fichier, `${JSON.stringify(contenu)}\n`, { flag: 'wx' });
      tenus.set(fichier, 1);
      process.once('exit', () => {
        if (tenus.has(fichier)) {
          tenus.set(fichier, 1);
          liberer();
        }
      });
      return { fichier, liberer };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const detenteur = lire(fichier);
    if (detenteur && vivant(detenteur))
      throw new ErreurOpco('ERR_BASE_VERROUILLEE', {
        dossier: path.resolve(dossier),
        pid: detenteur.pid,
        commande: detenteur.commande,
        depuis: detenteur.depuis,
      });
    // Stale (its process is gone) or unreadable (a crash while writing it): take it over.
    try {
      unlinkSync(fichier);
    } catch {
      // another process removed it first: try again
    }
  }
  throw new ErreurOpco('ERR_BASE_VERROUILLEE', {
    dossier: path.resolve(dossier),
    pid: 0,
    commande: 'inconnue',
    depuis: 'inconnu',
  });
}
