/**
 * A short-lived per-process cache of authentication lookups (sessions, API keys), keyed by the
 * SHA-256 of the secret. Bounded in time (`ttlMs`, measured on the process's monotonic clock, not
 * the service's injectable clock) and in size (oldest entries dropped first). Emptied at once in
 * this process on every change of accounts or access, and in the other processes by a PostgreSQL
 * notification (docs/comptes.md, « Coût de l'authentification »).
 */
export class CacheAcces<V> {
  private readonly entrees = new Map<string, { valeur: V; jusqua: number }>();
  private generation = 0;

  constructor(
    readonly ttlMs: number,
    readonly taille = 10_000,
    private readonly maintenant: () => number = () => performance.now(),
  ) {}

  lire(cle: string): V | undefined {
    if (this.ttlMs <= 0) return undefined;
    const e = this.entrees.get(cle);
    if (!e) return undefined;
    if (e.jusqua <= this.maintenant()) {
      this.entrees.delete(cle);
      return undefined;
    }
    return e.valeur;
  }

  /** The generation to pass to `ecrire`: a lookup started before an invalidation is not kept. */
  get jeton(): number {
    return this.generation;
  }

  ecrire(cle: string, valeur: V, generation: number): void {
    if (this.ttlMs <= 0 || generation !== this.generation) return;
    if (this.entrees.size >= this.taille) {
      const premiere = this.entrees.keys().next();
      if (!premiere.done) this.entrees.delete(premiere.value);
    }
    this.entrees.set(cle, { valeur, jusqua: this.maintenant() + this.ttlMs });
  }

  /** Updates a cached value in place (keeps its expiry). */
  modifier(cle: string, f: (v: V) => V): void {
    const e = this.entrees.get(cle);
    if (e) e.valeur = f(e.valeur);
  }

  retirer(cle: string): void {
    this.entrees.delete(cle);
  }

  vider(): void {
    this.generation++;
    this.entrees.clear();
  }
}
