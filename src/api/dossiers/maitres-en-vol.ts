import { cleMaitre } from '../../domaine/dossiers/controles-maitre-habilitation.ts';
import type { Cerfa, ContexteDossier } from '../../domaine/dossiers/index.ts';
import type { ContratDuMaitre } from '../../domaine/referentiels-formation/index.ts';

interface EnVol {
  cles: readonly string[];
  contrat: ContratDuMaitre;
  /** Sequence number of its commit (null: not committed yet). */
  valideA: number | null;
}

/**
 * R6223-6 across the deposits in flight of one process (issue 12): the maîtres' other contracts
 * are read from the database before the instruction, so deposits instructed together (one
 * grouped read, one grouped commit) would not see each other. Each deposit instructed counts
 * the contracts of the deposits instructed before it in this process (deposit order): a deposit
 * is entered here right after its instruction, synchronously, and stays until every deposit
 * that may have read the database before its commit has finished (then the database shows it).
 * A contract seen both here and in the database counts once (dossier id). Deposits of another
 * server process are not seen before their commit (convention `dossiers.maitre_nombre_apprentis`:
 * « à vérifier », never a refusal).
 */
export class MaitresEnVol {
  private sequence = 0;
  private readonly entrees = new Map<string, EnVol>();
  /** The same entries by maître key (a deposit looks up its maîtres only, not every entry). */
  private readonly parMaitre = new Map<string, Set<string>>();
  /** Committed entries, in commit order (`valideA` increasing): `finir` drops from the front. */
  private readonly validees: { id: string; valideA: number }[] = [];
  /** Start sequence numbers of the deposits in progress (a multiset: number → count). */
  private readonly actifs = new Map<number, number>();

  /** A deposit starts, before any read: returns its start number, for `finir`. */
  commencer(): number {
    const s = ++this.sequence;
    this.actifs.set(s, (this.actifs.get(s) ?? 0) + 1);
    return s;
  }

  /** The context completed with the in-flight contracts of the dossier's maîtres. */
  completer(ctx: ContexteDossier, cerfa: Cerfa, dossierId: string): ContexteDossier {
    const faits = ctx.referentiels.contratsDesMaitres;
    if (cerfa.formulaire !== 'FA13' || !faits || this.entrees.size === 0) return ctx;
    let change = false;
    const complets = cerfa.maitres.map((m, i) => {
      const cle = cleMaitre(m);
      const lus = faits[i] ?? [];
      const ids = new Set(lus.map((c) => c.dossierId));
      const ajouts: ContratDuMaitre[] = [];
      for (const id of this.parMaitre.get(cle) ?? []) {
        const e = this.entrees.get(id);
        if (e && id !== dossierId && !ids.has(id)) ajouts.push(e.contrat);
      }
      if (ajouts.length === 0) return lus;
      change = true;
      return [...lus, ...ajouts];
    });
    return change
      ? { ...ctx, referentiels: { ...ctx.referentiels, contratsDesMaitres: complets } }
      : ctx;
  }

  /** A deposit instructed, about to be written: seen by the deposits instructed after it. */
  inscrire(dossierId: string, cerfa: Cerfa, etat: string): void {
    if (cerfa.formulaire !== 'FA13') return;
    const cles = [...new Set(cerfa.maitres.map(cleMaitre))];
    this.retirer(dossierId);
    for (const cle of cles) {
      const ids = this.parMaitre.get(cle);
      if (ids) ids.add(dossierId);
      else this.parMaitre.set(cle, new Set([dossierId]));
    }
    this.entrees.set(dossierId, {
      cles,
      contrat: {
        dossierId,
        etat,
        dateDebut: cerfa.contrat.dateDebut,
        dateFin: cerfa.contrat.dateFin,
        dateRupture: null,
        typeContrat: cerfa.contrat.typeContrat,
      },
      valideA: null,
    });
  }

  /** Its writes are committed (`valide`) or failed (then it never existed). */
  ecrit(dossierId: string, valide: boolean): void {
    const e = this.entrees.get(dossierId);
    if (!e) return;
    if (!valide) {
      this.retirer(dossierId);
      return;
    }
    if (e.valideA !== null) return;
    e.valideA = ++this.sequence;
    this.validees.push({ id: dossierId, valideA: e.valideA });
  }

  private retirer(dossierId: string): void {
    const e = this.entrees.get(dossierId);
    if (!e) return;
    this.entrees.delete(dossierId);
    for (const cle of e.cles) {
      const ids = this.parMaitre.get(cle);
      ids?.delete(dossierId);
      if (ids?.size === 0) this.parMaitre.delete(cle);
    }
  }

  /** The deposit started at `debut` is over; entries every running deposit can read go. */
  finir(debut: number): void {
    const n = this.actifs.get(debut) ?? 0;
    if (n <= 1) this.actifs.delete(debut);
    else this.actifs.set(debut, n - 1);
    let plusAncien = Infinity;
    for (const s of this.actifs.keys()) if (s < plusAncien) plusAncien = s;
    let i = 0;
    for (; i < this.validees.length; i++) {
      const v = this.validees[i] as { id: string; valideA: number };
      if (v.valideA >= plusAncien) break;
      // Still the same entry (not re-registered or withdrawn since): it goes.
      if (this.entrees.get(v.id)?.valideA === v.valideA) this.retirer(v.id);
    }
    if (i > 0) this.validees.splice(0, i);
  }

  /** Entries kept (tests). */
  get taille(): number {
    return this.entrees.size;
  }
}
