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

/** Bound on the memos below (cleared when reached: labels and values repeat a lot). */
const MAX_MEMO = 50_000;
const libellesFr = new Map<string, string>();

/** `datesFr` of a label, once per label (most labels are the rules' own descriptions). */
function datesFrMemo(libelle: string): string {
  let l = libellesFr.get(libelle);
  if (l === undefined) {
    if (libellesFr.size >= MAX_MEMO) libellesFr.clear();
    l = datesFr(libelle);
    libellesFr.set(libelle, l);
  }
  return l;
}

const textes = new Map<string, Map<Noeud['valeur'], string>>();

/** `valeurLisible` of a node, once per unit and value (-0 not kept: formatted apart). */
function texteDe(p: Noeud): string {
  const v = p.valeur;
  if (Object.is(v, -0)) return valeurLisible(p);
  const u = p.unite ?? '';
  let m = textes.get(u);
  if (!m) {
    m = new Map();
    textes.set(u, m);
  }
  let t = m.get(v);
  if (t === undefined) {
    if (m.size >= MAX_MEMO) m.clear();
    t = valeurLisible(p);
    m.set(v, t);
  }
  return t;
}

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
    // A copy without `enfants`, its keys in the evaluation's order (built, never deleted from).
    const p: Noeud = {
      nature: n.nature,
      code: n.code,
      libelle: datesFrMemo(n.libelle),
      valeur: n.valeur,
    };
    if (n.unite !== undefined) p.unite = n.unite;
    if (n.depuis !== undefined) p.depuis = n.depuis;
    if (n.references !== undefined) p.references = n.references;
    if (n.convention !== undefined) p.convention = n.convention;
    // In the `periodes` mechanism, the rules' `annee` is the period (not a year of execution).
    const jour = JOURS_DE_LA_PERIODE[n.code];
    if (jour && this.dansUnePeriode) Object.assign(p, { libelle: jour, unite: 'date' });
    p.texte = texteDe(p);
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
    const out = new Enfants();
    for (const e of n.enfants ?? []) this.ajouter(out, e, complets);
    return out.noeuds;
  }

  private ajouter(out: Enfants, m: Noeud, complet: boolean): void {
    if (this.efface(m)) {
      // A hidden rule shown again (no children) stands for what its full node read.
      const source = m.enfants ? m : m.nature === 'regle' ? this.complets.get(m.code) : undefined;
      if (source === m && m.nature === 'regle') this.complets.set(m.code, m);
      for (const e of source?.enfants ?? []) this.ajouter(out, e, complet && source === m);
      return;
    }
    if (m.nature === 'entree' && m.valeur === null) return;
    out.ajouter(this.noeud(m, complet));
  }
}

/** The children of one node shown: one per nature and code (the first, or the first complete). */
class Enfants {
  readonly noeuds: Noeud[] = [];
  /** Rank by nature and code, built once the list is long (periods: hundreds of nodes). */
  private rangs: Map<string, number> | null = null;

  private rang(p: Noeud): number {
    const ns = this.noeuds;
    if (this.rangs === null) {
      for (let i = 0; i < ns.length; i++) {
        const o = ns[i] as Noeud;
        if (o.code === p.code && o.nature === p.nature) return i;
      }
      if (ns.length >= 16) {
        this.rangs = new Map();
        for (let i = ns.length - 1; i >= 0; i--) this.rangs.set(cle(ns[i] as Noeud), i);
      }
      return -1;
    }
    return this.rangs.get(cle(p)) ?? -1;
  }

  ajouter(p: Noeud): void {
    const i = this.rang(p);
    if (i < 0) {
      this.rangs?.set(cle(p), this.noeuds.length);
      this.noeuds.push(p);
    } else if (!(this.noeuds[i] as Noeud).enfants && p.enfants) this.noeuds[i] = p;
  }
}

const cle = (p: Noeud): string => `${p.nature} ${p.code}`;
