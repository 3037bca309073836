import type { Noeud } from '../explication.ts';
import { datesFr, valeurLisible } from '../../partage/valeur-lisible.ts';
import { FONCTIONS } from '../mecanismes/registre.ts';
import type { Regle } from './ast.ts';

/**
 * The explanation as a person reads it, from the evaluation's own tree (no text written again):
 * the rules marked `interne` in their file (scaled integers, exact numerators…) and the
 * mechanisms' computation nodes (« Produit », « Selon les conditions »…) give way to what they
 * read — the rules, parameters and inputs on the value's path, each with its description, unit,
 * date and references; an input not given is left out; a node met twice under one parent is
 * shown once. Lists of dates stay (why the periods are cut), and so do the nodes of periods.
 * Every node shown gets `texte`, its value in French (valeur-lisible.ts); dates in labels are
 * written dd/mm/yyyy. Values and citations are the evaluation's, untouched.
 */
export function presenterExplication(n: Noeud, regles: ReadonlyMap<string, Regle>): Noeud {
  return new Presentation(regles).noeud(n);
}

const JOURS_DE_LA_PERIODE: Record<string, string> = {
  'annee.du': 'Premier jour de la période',
  'annee.au': 'Dernier jour de la période',
};

class Presentation {
  /** The last full node of each rule met (in evaluation order): a rule shown again refers to it. */
  private readonly complets = new Map<string, Noeud>();
  private dansUnePeriode = false;
  constructor(private readonly regles: ReadonlyMap<string, Regle>) {}

  private efface(n: Noeud): boolean {
    if (n.nature === 'regle') return this.regles.get(n.code)?.interne === true;
    if (n.nature !== 'calcul' || n.code.startsWith('periode_')) return false;
    // The cut days a mechanism lists (anniversaries, birthdays) are shown: no rule names them.
    return !(n.unite === 'dates' && n.code in FONCTIONS);
  }

  noeud(n: Noeud, enfants = true): Noeud {
    if (n.nature === 'regle' && n.enfants) this.complets.set(n.code, n);
    const p: Noeud = { ...n, libelle: datesFr(n.libelle), enfants: undefined };
    delete p.enfants;
    // In the `periodes` mechanism, the rules' `annee` is the period (not a year of execution).
    const jour = JOURS_DE_LA_PERIODE[n.code];
    if (jour && this.dansUnePeriode) Object.assign(p, { libelle: jour, unite: 'date' });
    p.texte = valeurLisible(p);
    if (enfants) {
      const periode = n.code.startsWith('periode_');
      if (periode) this.dansUnePeriode = true;
      const es = this.enfants(n, true);
      if (periode) this.dansUnePeriode = false;
      if (es.length > 0) p.enfants = es;
    }
    return p;
  }

  /** The children shown under `n`: hidden nodes replaced by theirs, each shown once. */
  private enfants(n: Noeud, complets: boolean): Noeud[] {
    const out: Noeud[] = [];
    const ajouter = (m: Noeud, complet: boolean): void => {
      if (this.efface(m)) {
        // A hidden rule shown again (no children) stands for what its full node read.
        const source = m.enfants ? m : m.nature === 'regle' ? this.complets.get(m.code) : undefined;
        if (source === m && m.nature === 'regle') this.complets.set(m.code, m);
        for (const e of source?.enfants ?? []) ajouter(e, complet && source === m);
        return;
      }
      if (m.nature === 'entree' && m.valeur === null) return;
      const p = this.noeud(m, complet);
      const i = out.findIndex((o) => o.code === p.code && o.nature === p.nature);
      if (i < 0) out.push(p);
      else if (!out[i]?.enfants && p.enfants) out[i] = p;
    };
    for (const e of n.enfants ?? []) ajouter(e, complets);
    return out;
  }
}
