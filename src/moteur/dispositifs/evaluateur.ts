import { ErreurOpco } from '../../partage/erreurs.ts';
import { iso } from '../dates.ts';
import type { Droit } from '../parametres/droit.ts';
import type { Dispositif } from '../regles/ast.ts';
import { compiler, type Ctx, type Fn } from '../regles/compilation.ts';
import { nouveauContexte, type ContexteExplique } from '../regles/evaluation.ts';
import { lecteurEntrees, type Valeur } from '../regles/valeurs.ts';

/**
 * The two speeds of one scheme's rules for an adapter that reads several rules of one
 * situation (the wage's periods, the contributions): an explained context whose evaluation is
 * the explanation, and the rules compiled once per law interval (closures, no explanation).
 */
export class EvaluateurRegles {
  private readonly entrees;
  private readonly indexDate: number;
  private readonly constantes = new Map<number, ContexteExplique['constantes']>();
  private readonly compiles = new Map<number, { nb: number; regles: Map<string, Fn> }>();
  private readonly tampon: Valeur[];

  constructor(
    private readonly droit: Droit,
    readonly d: Dispositif,
  ) {
    this.entrees = lecteurEntrees(d);
    this.indexDate = this.entrees.index.get(d.dateDesParametres) ?? -1;
    this.tampon = new Array<Valeur>(d.entrees.size);
  }

  /** Day the parameters are read at; refused when the law does not cover it. */
  private jourParametres(e: readonly Valeur[]): number {
    const j = e[this.indexDate];
    const chemin = this.d.entrees.get(this.d.dateDesParametres)?.chemin ?? '';
    if (typeof j !== 'number')
      throw new ErreurOpco('ERR_VALIDATION', { detail: `${chemin} : date AAAA-MM-JJ attendue` });
    for (const id of this.d.parametresRequis)
      if (!this.droit.trouver(id, j))
        throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', {
          parametre: id,
          date: iso(j),
          regle: `${this.d.nom} (date hors de la période couverte par le droit)`,
        });
    return j;
  }

  /** A fresh explained evaluation of a situation: evaluate rules with `evaluerRegle(c, nom)`. */
  contexte(situation: object): ContexteExplique {
    const entrees = this.entrees.lire(situation);
    const j = this.jourParametres(entrees);
    const intervalle = this.droit.intervalle(j);
    let constantes = this.constantes.get(intervalle);
    if (!constantes) {
      constantes = new Map();
      this.constantes.set(intervalle, constantes);
    }
    return nouveauContexte({
      constantes,
      dispositif: this.d,
      droit: this.droit,
      jourParametres: j,
      entrees,
      indexEntrees: this.entrees.index,
    });
  }

  /**
   * Values of rules on the compiled path: the rules compiled, and the required parameters
   * checked, once per law interval (a parameter is defined on a whole interval or not at all:
   * the intervals are cut at every parameter change). The inputs are read into one array reused
   * from call to call (the values returned do not keep it).
   */
  rapide(situation: object, noms: readonly string[]): Valeur[] {
    const e = this.entrees.lire(situation, this.tampon);
    const j = e[this.indexDate];
    const i = typeof j === 'number' ? this.droit.intervalle(j) : -1;
    let p = this.compiles.get(i);
    if (!p) {
      const jour = this.jourParametres(e);
      const prog = compiler(this.d, this.droit, jour, this.entrees.index);
      p = { nb: prog.nbRegles, regles: new Map() };
      for (const nom of this.d.regles.keys()) p.regles.set(nom, prog.regle(nom));
      this.compiles.set(i, p);
    }
    const c: Ctx = { e, r: new Array<Valeur | undefined>(p.nb), a: null };
    const out: Valeur[] = new Array<Valeur>(noms.length);
    for (let k = 0; k < noms.length; k++) out[k] = (p.regles.get(noms[k] as string) as Fn)(c);
    return out;
  }
}

const evaluateurs = new WeakMap<Droit, Map<string, EvaluateurRegles>>();

/** The evaluator of one set of rules of a loaded law (one per law and set, kept). */
export function evaluateurDe(droit: Droit, code: string): EvaluateurRegles {
  let parCode = evaluateurs.get(droit);
  if (!parCode) evaluateurs.set(droit, (parCode = new Map()));
  let e = parCode.get(code);
  if (!e) {
    const d = droit.dispositifs.get(code);
    if (!d)
      throw new ErreurOpco('ERR_REGLE_INVALIDE', {
        fichier: `${code}/dispositif.yaml`,
        regle: '(dispositif)',
        probleme: `règles du dispositif ${code} absentes`,
      });
    e = new EvaluateurRegles(droit, d);
    parCode.set(code, e);
  }
  return e;
}
