import { ErreurOpco } from '../../partage/erreurs.ts';
import { citer, citerArticles, type Citation, type PortVersionsArticles } from '../citations.ts';
import { iso, jour } from '../dates.ts';
import type { Noeud } from '../explication.ts';
import type { Droit } from '../parametres/droit.ts';
import type { Reference } from '../parametres/types.ts';
import type { Dispositif, Regle } from '../regles/ast.ts';
import type { Ctx, Fn } from '../regles/compilation.ts';
import {
  articlesCitesDe,
  evaluerRegle,
  nouveauContexte,
  referencesDe,
  type ContexteExplique,
  type Evalue,
} from '../regles/evaluation.ts';
import { genererProgramme } from '../regles/generation.ts';
import { lecteurEntrees, type Valeur } from '../regles/valeurs.ts';

/**
 * Any funding scheme served from its rules (droit/regles/<dispositif>/), on the same loader,
 * explained evaluator and compiler as apprenticeship — no second engine. Conventions of the
 * rule files read here (plumbing, not law):
 * - the root rule is named like the scheme (`tutorat`): the amount the OPCO funds;
 * - `<dispositif>.refus.<motif>` rules are booleans: when one is true the request is refused,
 *   its description is the reason and its references the texts (refusals are values);
 * - `<dispositif>.avertissement.<motif>` rules are booleans too: true → a warning that does not
 *   refuse the request (e.g. a part of the aid excluded, a duration below the legal minimum);
 * - every other rule is reported in `valeurs` (euros for money, ISO dates for dates).
 */
export interface MotifRefus {
  code: string;
  motif: string;
  references: Reference[];
}

export interface ResultatDispositif {
  dispositif: string;
  dateEvaluation: string;
  /** Date the parameters were read at (the scheme's `date_des_parametres` input). */
  dateDesParametres: string;
  eligible: boolean;
  /** Amount of the root rule, in euros (0 when refused); null when not computable. */
  montant: number | null;
  unite: string;
  refus: MotifRefus[];
  avertissements: MotifRefus[];
  valeurs: Record<string, number | string | boolean | null>;
  explication: Noeud;
  citations: Citation[];
}

/** Fast result (bulk): amount in cents and whether a refusal applies. */
export interface ResultatDispositifRapide {
  montant: number | null;
  eligible: boolean;
}

interface Compile {
  /** One context reused by every fast evaluation of this interval (rule values reset each time). */
  ctx: Ctx;
  racine: Fn;
  refus: Fn[];
}

/** A refusal or warning rule and its code (its name without the scheme and the prefix). */
interface Motif {
  regle: Regle;
  code: string;
}

/** A rule's evaluation (its first one in this evaluation: no node shown again for a value). */
function evaluee(c: ContexteExplique, r: Regle): Evalue {
  return (r.parAnnee ? undefined : c.regles[r.indice]) ?? evaluerRegle(c, r.nom, r);
}

/** The refusals (or warnings) that apply, their nodes added under the root's explanation. */
function motifs(c: ContexteExplique, regles: readonly Motif[], noeuds: Noeud[]): MotifRefus[] {
  const out: MotifRefus[] = [];
  for (const { regle: r, code } of regles) {
    const e = evaluerRegle(c, r.nom, r);
    if (e.v === true) {
      out.push({ code, motif: r.description, references: [...r.references] });
      noeuds.push(e.n);
    }
  }
  return out;
}

export const PREFIXE_REFUS = 'refus.';
export const PREFIXE_AVERTISSEMENT = 'avertissement.';

type ValeurPublique = number | string | boolean | null;

/**
 * A function building an object with these keys, in this order, from an array of values: a
 * literal object of one shape (keys written with JSON.stringify: rule names, never code).
 */
function fabriqueObjet(
  cles: readonly string[],
): (vs: readonly ValeurPublique[]) => Record<string, ValeurPublique> {
  const corps = cles.map((k, i) => `${JSON.stringify(k)}: vs[${i}]`).join(',\n');
  return new Function('vs', `return {\n${corps}\n};`) as (
    vs: readonly ValeurPublique[],
  ) => Record<string, ValeurPublique>;
}

function valeurPublique(v: Valeur, type: string, unite: string | undefined): ValeurPublique {
  if (v === null) return null;
  if (type === 'date' && typeof v === 'number') return iso(v);
  if (typeof v === 'number') return unite === '€' ? Math.round(v) / 100 : v;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  return null;
}

export class MoteurDispositif {
  private readonly entrees;
  private readonly compiles = new Map<number, Compile>();
  private readonly constantes = new Map<number, ContexteExplique['constantes']>();
  private readonly reglesRefus: readonly Motif[];
  private readonly reglesAvertissement: readonly Motif[];
  /** The other rules, reported in `valeurs` under their name without the scheme's prefix. */
  private readonly reglesValeurs: readonly { cle: string; regle: Regle }[];
  /** Builds `valeurs` from the values in the order of reglesValeurs (one object shape). */
  private readonly objetValeurs: (vs: readonly ValeurPublique[]) => Record<string, ValeurPublique>;
  private readonly indexDate: number;
  /** Inputs of the last fast evaluation (one array reused). */
  private lus: Valeur[] = [];

  constructor(
    private readonly droit: Droit,
    readonly d: Dispositif,
  ) {
    this.entrees = lecteurEntrees(d);
    this.indexDate = this.entrees.index.get(d.dateDesParametres) ?? -1;
    if (!d.regles.has(d.nom))
      throw new ErreurOpco('ERR_REGLE_INVALIDE', {
        fichier: `${d.nom}/dispositif.yaml`,
        regle: d.nom,
        probleme: `la règle racine « ${d.nom} » (montant pris en charge) est absente`,
      });
    // Which rule says what, found once from the names (not per evaluation).
    const prefixe = `${d.nom}.${PREFIXE_REFUS}`;
    const prefixeA = `${d.nom}.${PREFIXE_AVERTISSEMENT}`;
    const regles = [...d.regles.values()];
    const motifsDe = (p: string): Motif[] =>
      regles
        .filter((r) => r.nom.startsWith(p))
        .map((r) => ({ regle: r, code: r.nom.slice(p.length) }));
    this.reglesRefus = motifsDe(prefixe);
    this.reglesAvertissement = motifsDe(prefixeA);
    this.reglesValeurs = regles
      .filter((r) => r.nom !== d.nom && !r.nom.startsWith(prefixe) && !r.nom.startsWith(prefixeA))
      .map((r) => ({
        cle: r.nom.startsWith(`${d.nom}.`) ? r.nom.slice(d.nom.length + 1) : r.nom,
        regle: r,
      }));
    this.objetValeurs = fabriqueObjet(this.reglesValeurs.map((v) => v.cle));
  }

  /** The date input that selects the parameters, read from the situation's inputs. */
  private dateParametres(entrees: readonly Valeur[]): string {
    const v = entrees[this.indexDate];
    if (typeof v !== 'number')
      throw new ErreurOpco('ERR_VALIDATION', {
        detail: `${this.d.entrees.get(this.d.dateDesParametres)?.chemin ?? this.d.dateDesParametres} : date AAAA-MM-JJ attendue`,
      });
    return iso(v);
  }

  private verifierDate(date: string, j: number): void {
    for (const id of this.d.parametresRequis)
      if (!this.droit.trouver(id, j))
        throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', {
          parametre: id,
          date,
          regle: `${this.d.nom} (date hors de la période couverte par le droit)`,
        });
  }

  private compile(j: number): Compile {
    const i = this.droit.intervalle(j);
    let c = this.compiles.get(i);
    if (!c) {
      this.verifierDate(iso(j), j);
      const p = genererProgramme(this.d, this.droit, j, this.entrees.index);
      c = {
        ctx: { e: [], r: new Array<Valeur | undefined>(p.nbRegles).fill(undefined), a: null },
        racine: p.regle(this.d.nom),
        refus: this.reglesRefus.map((m) => p.regle(m.regle.nom)),
      };
      this.compiles.set(i, c);
    }
    return c;
  }

  /**
   * Bulk path: the rules as generated code (one program per interval between two law changes,
   * as apprenticeship), no explanation; the inputs are read into the interval's reused context.
   */
  rapide(situation: object): ResultatDispositifRapide {
    this.lus = this.entrees.lire(situation, this.lus);
    const j = this.lus[this.indexDate];
    if (typeof j !== 'number') return { montant: null, eligible: false };
    const p = this.compile(j);
    const c = p.ctx;
    c.e = this.lus;
    c.r.fill(undefined);
    c.a = null;
    let eligible = true;
    for (const f of p.refus) if (f(c) === true) eligible = false;
    const m = p.racine(c);
    return { montant: typeof m === 'number' ? m : null, eligible };
  }

  /** Explained path: every rule evaluated with its explanation and the texts cited. */
  complet(
    situation: object,
    dateEvaluation: string | undefined,
    versions: PortVersionsArticles,
    referencesSupplementaires: readonly Reference[] = [],
  ): ResultatDispositif {
    const entrees = this.entrees.lire(situation);
    const date = this.dateParametres(entrees);
    const j = jour(date);
    const intervalle = this.droit.intervalle(j);
    let constantes = this.constantes.get(intervalle);
    if (!constantes) {
      // Parameters change only between intervals: checked once per interval (as the bulk path).
      this.verifierDate(date, j);
      constantes = new Map();
      this.constantes.set(intervalle, constantes);
    }
    const c = nouveauContexte({
      constantes,
      dispositif: this.d,
      droit: this.droit,
      jourParametres: j,
      entrees,
      indexEntrees: this.entrees.index,
    });
    const racine = evaluerRegle(c, this.d.nom);
    const noeudsRefus: Noeud[] = [];
    const refus = motifs(c, this.reglesRefus, noeudsRefus);
    const avertissements = motifs(c, this.reglesAvertissement, noeudsRefus);
    const vs: ValeurPublique[] = [];
    for (const v of this.reglesValeurs)
      vs.push(valeurPublique(evaluee(c, v.regle).v, v.regle.formule.type, v.regle.unite));
    const valeurs = this.objetValeurs(vs);
    const montant = valeurPublique(racine.v, 'nombre', this.d.regles.get(this.d.nom)?.unite);
    const explication: Noeud =
      noeudsRefus.length > 0
        ? { ...racine.n, enfants: [...(racine.n.enfants ?? []), ...noeudsRefus] }
        : racine.n;
    const dEval = dateEvaluation ?? date;
    return {
      dispositif: this.d.nom,
      dateEvaluation: dEval,
      dateDesParametres: date,
      eligible: refus.length === 0,
      montant: typeof montant === 'number' ? montant : null,
      unite: this.d.regles.get(this.d.nom)?.unite ?? '€',
      refus,
      avertissements,
      valeurs,
      explication,
      citations:
        referencesSupplementaires.length > 0
          ? citer([...referencesDe(c), ...referencesSupplementaires], dEval, versions, date)
          : citerArticles(articlesCitesDe(c), dEval, versions, date),
    };
  }
}
