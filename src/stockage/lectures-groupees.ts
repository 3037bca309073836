/**
 * Grouped reads of one process: lookups of the same kind asked while `paralleles` reads are in
 * flight are answered by one query (the lookups before a deposit, src/stockage/dossiers.depot.ts).
 * Alone, a lookup leaves at once (no added latency); under load, one round trip serves many. If
 * a grouped query fails, each lookup of the group is asked again alone, so that a bad lookup
 * fails its own caller only.
 */
export class LecturesGroupees<Q, R> {
  private readonly file: { q: Q; resoudre(r: R): void; rejeter(e: unknown): void }[] = [];
  private actives = 0;

  constructor(
    private readonly lire: (qs: readonly Q[]) => Promise<readonly R[]>,
    private readonly options: { taille: number; paralleles: number } = {
      taille: 256,
      paralleles: 2,
    },
  ) {}

  demander(q: Q): Promise<R> {
    return new Promise<R>((resoudre, rejeter) => {
      this.file.push({ q, resoudre, rejeter });
      this.pomper();
    });
  }

  private pomper(): void {
    while (this.actives < this.options.paralleles && this.file.length > 0) {
      const groupe = this.file.splice(0, this.options.taille);
      this.actives++;
      void this.lancer(groupe).finally(() => {
        this.actives--;
        this.pomper();
      });
    }
  }

  private async lancer(groupe: typeof this.file): Promise<void> {
    try {
      const r = await this.lire(groupe.map((g) => g.q));
      if (r.length !== groupe.length) throw new Error('lecture groupée : réponses manquantes');
      groupe.forEach((g, i) => g.resoudre(r[i] as R));
    } catch (e) {
      const [seule] = groupe;
      if (groupe.length === 1 && seule) {
        seule.rejeter(e);
        return;
      }
      for (const g of groupe) {
        try {
          const [r] = await this.lire([g.q]);
          if (r === undefined) throw new Error('lecture groupée : réponse manquante');
          g.resoudre(r);
        } catch (e1) {
          g.rejeter(e1);
        }
      }
    }
  }
}
