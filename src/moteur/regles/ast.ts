import type { Reference } from '../parametres/types.ts';

/**
 * Rules as data: the typed tree a rule file is parsed into. One node kind per mechanism; the
 * explained evaluator (evaluation.ts) and the compiler (compilation.ts) walk the same tree.
 */
export type TypeValeur =
  'nombre' | 'date' | 'booleen' | 'texte' | 'liste' | 'annees' | 'echeancier' | 'periodes';

/** Fields of one year of execution, available to per-year rules as `annee.<champ>`. */
export const CHAMPS_ANNEE = {
  rang: 'nombre',
  du: 'date',
  au: 'date',
  jours: 'nombre',
  mois_commences: 'nombre',
  complete: 'booleen',
} as const satisfies Record<string, TypeValeur>;
export type ChampAnnee = keyof typeof CHAMPS_ANNEE;

export type OperationArithmetique =
  'somme' | 'difference' | 'produit' | 'quotient' | 'minimum' | 'maximum' | 'plafond' | 'plancher';
export type Comparaison =
  'egal' | 'inferieur' | 'inferieur_ou_egal' | 'superieur' | 'superieur_ou_egal';

/** Parameters of the schedule mechanism (src/moteur/mecanismes/echeancier.ts). */
export const PARAMETRES_ECHEANCIER = {
  annees: 'annees',
  moins_d_un_an: 'booleen',
  deduction: 'nombre',
  frais_annexes: 'nombre',
  fractions: 'liste',
  mois_versements: 'liste',
  avance_unique: 'nombre',
  solde_annee_suivante: 'booleen',
  mois_solde: 'nombre',
  delai_solde_mois: 'nombre',
  avance_apres_depot: 'booleen',
} as const satisfies Record<string, TypeValeur>;
export type ParametreEcheancier = keyof typeof PARAMETRES_ECHEANCIER;

interface Base {
  /** Type and display unit, set by the loader's checks. */
  type: TypeValeur;
  unite?: string | undefined;
  /** Depends only on parameters and constants: same value for a whole law interval. */
  constant?: boolean;
  /** Name of the mechanism, shown on its explanation node (set at load). */
  libelle?: string;
}

export type Expr = Base &
  (
    | { k: 'constante'; valeur: number | boolean | string }
    | { k: 'entree'; nom: string }
    | { k: 'parametre'; id: string }
    | {
        k: 'regle';
        nom: string;
        /** The rule named, resolved on first evaluation. */ cible?: Regle;
      }
    | { k: 'annee'; champ: ChampAnnee }
    | { k: 'arithmetique'; op: OperationArithmetique; args: Expr[] }
    | { k: 'arrondi'; arg: Expr }
    | { k: 'logique'; op: 'toutes' | 'une_de'; args: Expr[] }
    | { k: 'non'; arg: Expr }
    | { k: 'defini'; arg: Expr }
    | { k: 'comparaison'; op: Comparaison; a: Expr; b: Expr }
    | { k: 'variations'; branches: { si: Expr | null; alors: Expr }[] }
    | { k: 'premier_defini'; args: Expr[] }
    | { k: 'grille'; selon: Expr; valeurs: { cle: number; valeur: Expr }[] }
    | { k: 'ajouter_mois'; date: Expr; mois: Expr }
    | { k: 'annees_execution'; debut: Expr; fin: Expr; montant: Expr }
    | { k: 'total_annees'; arg: Expr }
    | { k: 'echeancier'; params: Record<ParametreEcheancier, Expr> }
    // Mechanisms registered in src/moteur/mecanismes/registre.ts (evaluated by enregistres.ts).
    | { k: 'fonction'; nom: string; args: Record<string, Expr> }
    | { k: 'parametre_au'; id: string; date: Expr }
    | { k: 'dates_parametre'; id: string }
    | {
        k: 'periodes';
        debut: Expr;
        fin: Expr;
        coupures: Expr[];
        champs: Record<string, Expr>;
        fusion: readonly string[];
      }
  );

export type TypeEntree = 'date' | 'euros' | 'nombre' | 'booleen' | 'present';

export interface Entree {
  nom: string;
  /** Path in the situation object (fraisAnnexes.nuitees). */
  chemin: string;
  type: TypeEntree;
  description: string;
  defaut?: number | boolean | undefined;
  /** Display unit of the input's value in the explanation (e.g. `mois`, `/1`, `EUR`). */
  unite?: string | undefined;
}

export interface Regle {
  nom: string;
  fichier: string;
  description: string;
  unite?: string | undefined;
  /**
   * A technical step (scaled integer, exact numerator…): evaluated and cited like any rule, but
   * not shown in the explanation for a person — its operands take its place (presentation.ts).
   */
  interne?: boolean | undefined;
  references: readonly Reference[];
  formule: Expr;
  /** True when the rule reads `annee.*` (directly or through another rule): evaluated per year. */
  parAnnee: boolean;
  /** Rank of the rule in its scheme (the evaluators' caches are arrays indexed by it). */
  indice: number;
}

/** One scheme (dispositif): its inputs, its rules and the date its parameters are read at. */
export interface Dispositif {
  nom: string;
  description: string;
  /** Input whose date selects the parameter values (e.g. the conclusion date). */
  dateDesParametres: string;
  parametresRequis: readonly string[];
  entrees: ReadonlyMap<string, Entree>;
  regles: ReadonlyMap<string, Regle>;
}
