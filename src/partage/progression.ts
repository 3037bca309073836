/** Progress of long work, reported by importers and drawn by the CLI (bar) or logs. */
export interface Progression {
  debut(libelle: string, total: number | null): void;
  avance(fait: number): void;
  fin(resume?: string): void;
}

export const progressionMuette: Progression = {
  debut() {},
  avance() {},
  fin() {},
};
