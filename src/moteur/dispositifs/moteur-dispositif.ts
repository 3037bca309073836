import { ErreurOpco } from '../../partage/erreurs.ts';
import { citer, type Citation, type PortVersionsArticles } from '../citations.ts';
import { iso, jour } from '../dates.ts';
import type { Noeud } from '../explication.ts';
import type { Droit } from '../parametres/droit.ts';
import type { Reference } from '../parametres/types.ts';
import type { Dispositif } from '../regles/ast.ts';
import { compiler, type Fn } from '../regles/compilation.ts';
import { evaluerRegle, nouveauContexte, type ContexteExplique } from '../regles/evaluation.ts';
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
  nbRegles: number;
  racine: Fn;
  refus: Fn[];
}

export const PREFIXE_REFUS = 'refus.';
export const PREFIXE_AVERTISSEMENT = 'avertissement.';

function valeurPublique(v: Valeur, type: string, unite: string | undefined) {
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
  private readonly reglesRefus: readonly string[];
  private readonly reglesAvertissement: readonly string[];
  private readonly indexDate: number;

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
    const prefixe = `${d.nom}.${PREFIXE_REFUS}`;
    this.reglesRefus = [...d.regles.keys()].filter((n) => n.startsWith(prefixe));
    const prefixeA = `${d.nom}.${PREFIXE_AVERTISSEMENT}`;
    this.reglesAvertissement = [...d.regles.keys()].filter((n) => n.startsWith(prefixeA));
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
      const p = compiler(this.d, this.droit, j, this.entrees.index);
      c = {
        nbRegles: p.nbRegles,
        racine: p.regle(this.d.nom),
        refus: this.reglesRefus.map((n) => p.regle(n)),
      };
      this.compiles.set(i, c);
    }
    return c;
  }

  /** Bulk path: compiled closures (one set per interval between two law changes), no explanation. */
  rapide(situation: object): ResultatDispositifRapide {
    const e = this.entrees.lire(situation);
    const j = e[this.indexDate];
    if (typeof j !== 'number') return { montant: null, eligible: false };
    const p = this.compile(j);
    const c = { e, r: new Array(p.nbRegles), a: null };
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
    this.verifierDate(date, j);
    const intervalle = this.droit.intervalle(j);
    let constantes = this.constantes.get(intervalle);
    if (!constantes) {
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
    const motifs = (noms: readonly string[], prefixe: string): MotifRefus[] => {
      const out: MotifRefus[] = [];
      for (const nom of noms) {
        const e = evaluerRegle(c, nom);
        const r = this.d.regles.get(nom);
        if (e.v === true && r) {
          out.push({
            code: nom.slice(this.d.nom.length + 1 + prefixe.length),
            motif: r.description,
            references: [...r.references],
          });
          noeudsRefus.push(e.n);
        }
      }
      return out;
    };
    const refus = motifs(this.reglesRefus, PREFIXE_REFUS);
    const avertissements = motifs(this.reglesAvertissement, PREFIXE_AVERTISSEMENT);
    const valeurs: Record<string, number | string | boolean | null> = {};
    for (const [nom, r] of this.d.regles) {
      if (
        nom === this.d.nom ||
        nom.startsWith(`${this.d.nom}.${PREFIXE_REFUS}`) ||
        nom.startsWith(`${this.d.nom}.${PREFIXE_AVERTISSEMENT}`)
      )
        continue;
      const e = evaluerRegle(c, nom);
      valeurs[nom.startsWith(`${this.d.nom}.`) ? nom.slice(this.d.nom.length + 1) : nom] =
        valeurPublique(e.v, r.formule.type, r.unite);
    }
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
      citations: citer([...c.references, ...referencesSupplementaires], dEval, versions, date),
    };
  }
}
