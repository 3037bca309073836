import { ErreurOpco } from '../../partage/erreurs.ts';
import type { Dispositif } from '../regles/ast.ts';
import type { Parametre, ValeurDatee, ValeurParametre } from './types.ts';

/** A parameter value found at a date, with where it comes from (for explanations). */
export interface ValeurTrouvee {
  parametre: Parametre;
  valeur: ValeurDatee;
}

/** Value in force on a day number (from its date inclusive until the next one exclusive). */
export function valeurDateeAu(p: Parametre, jourN: number): ValeurDatee | undefined {
  const vs = p.valeurs;
  for (let i = vs.length - 1; i >= 0; i--) {
    const v = vs[i] as ValeurDatee;
    if (v.depuisJour <= jourN) return v.valeur === null ? undefined : v;
  }
  return undefined;
}

/** The loaded law: every parameter (by id and date) and every scheme's rules. Immutable. */
export class Droit {
  readonly parametres: ReadonlyMap<string, Parametre>;
  readonly dispositifs: ReadonlyMap<string, Dispositif>;
  /** Sorted day numbers where at least one parameter changes value. */
  readonly ruptures: readonly number[];

  constructor(
    parametres: ReadonlyMap<string, Parametre>,
    dispositifs: ReadonlyMap<string, Dispositif> = new Map(),
  ) {
    this.parametres = parametres;
    this.dispositifs = dispositifs;
    const s = new Set<number>();
    for (const p of parametres.values()) for (const v of p.valeurs) s.add(v.depuisJour);
    this.ruptures = [...s].sort((a, b) => a - b);
  }

  parametre(id: string): Parametre {
    const p = this.parametres.get(id);
    if (!p)
      throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', { parametre: id, date: '-', regle: '-' });
    return p;
  }

  /** Value in force at a day, or undefined when the parameter does not apply at that date. */
  trouver(id: string, jourN: number): ValeurTrouvee | undefined {
    const p = this.parametre(id);
    const v = valeurDateeAu(p, jourN);
    return v ? { parametre: p, valeur: v } : undefined;
  }

  /** Index of the interval between two changes that contains a day (for caches). */
  intervalle(jourN: number): number {
    const r = this.ruptures;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((r[mid] as number) <= jourN) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export function estNombre(v: ValeurParametre | undefined): v is number {
  return typeof v === 'number';
}
