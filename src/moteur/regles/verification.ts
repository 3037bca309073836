import type { Parametre } from '../parametres/types.ts';
import {
  CHAMPS_ANNEE,
  PARAMETRES_ECHEANCIER,
  type Entree,
  type Expr,
  type Regle,
  type TypeValeur,
} from './ast.ts';
import { FONCTIONS } from '../mecanismes/registre.ts';
import { refusRegle, type Lieu } from './lecture.ts';
import { libelleMecanisme } from './libelles.ts';

/**
 * Static checks of a scheme's rules: every name resolves (input, parameter, rule, year field),
 * no cycle between rules, and every mechanism gets the types it expects. Sets each node's type
 * and display unit in place; marks the rules evaluated per year of execution.
 */
export interface Portee {
  entrees: ReadonlyMap<string, Entree>;
  parametres: ReadonlyMap<string, Parametre>;
  regles: ReadonlyMap<string, Regle>;
}

/** Type of a parameter's values, from its unit (same reading as the parameter loader). */
export function typeParametre(p: Parametre): TypeValeur {
  if (p.unite === 'booleen') return 'booleen';
  if (p.unite === 'texte') return 'texte';
  if (p.unite.startsWith('liste')) return 'liste';
  return 'nombre';
}

/** Money is in euros in the files, in integer cents inside: the unit says which values are. */
export const estMonetaire = (unite: string | undefined): boolean =>
  unite === 'EUR' || unite === '€';

const TYPE_ENTREE = {
  date: 'date',
  euros: 'nombre',
  nombre: 'nombre',
  booleen: 'booleen',
  present: 'booleen',
} as const;

interface Etat {
  portee: Portee;
  typees: Map<string, { type: TypeValeur; parAnnee: boolean }>;
  enCours: string[];
}

export function verifierRegles(portee: Portee): void {
  const etat: Etat = { portee, typees: new Map(), enCours: [] };
  for (const r of portee.regles.values()) typerRegle(etat, r);
}

function typerRegle(etat: Etat, r: Regle): { type: TypeValeur; parAnnee: boolean } {
  const deja = etat.typees.get(r.nom);
  if (deja) return deja;
  const i = etat.enCours.indexOf(r.nom);
  if (i >= 0)
    refusRegle(
      { fichier: r.fichier, regle: r.nom },
      `cycle entre règles : ${[...etat.enCours.slice(i), r.nom].join(' → ')}`,
    );
  etat.enCours.push(r.nom);
  const acc = { parAnnee: false };
  const type = typer(etat, { fichier: r.fichier, regle: r.nom }, r.formule, acc);
  etat.enCours.pop();
  r.parAnnee = acc.parAnnee;
  r.unite ??= r.formule.unite;
  const t = { type, parAnnee: acc.parAnnee };
  etat.typees.set(r.nom, t);
  return t;
}

function attendre(lieu: Lieu, x: Expr, types: readonly TypeValeur[], quoi: string): void {
  if (!types.includes(x.type))
    refusRegle(lieu, `erreur de type : ${quoi} attend ${types.join(' ou ')}, trouvé ${x.type}`);
}

/** First unit among the operands: the display unit of sums, minima, conditions… */
const uniteDe = (xs: readonly Expr[]): string | undefined => xs.find((x) => x.unite)?.unite;

function typer(etat: Etat, lieu: Lieu, x: Expr, acc: { parAnnee: boolean }): TypeValeur {
  const t = typerNoeud(etat, lieu, x, acc);
  x.type = t;
  x.constant = estConstant(etat, x);
  x.libelle = libelleMecanisme(x);
  return t;
}

/** Children of a node (for the constant analysis). */
function enfants(x: Expr): readonly Expr[] {
  switch (x.k) {
    case 'arithmetique':
    case 'logique':
    case 'premier_defini':
      return x.args;
    case 'arrondi':
    case 'non':
    case 'defini':
    case 'total_annees':
      return [x.arg];
    case 'comparaison':
      return [x.a, x.b];
    case 'variations':
      return x.branches.flatMap((b) => (b.si ? [b.si, b.alors] : [b.alors]));
    case 'grille':
      return [x.selon, ...x.valeurs.map((v) => v.valeur)];
    case 'ajouter_mois':
      return [x.date, x.mois];
    case 'fonction':
      return Object.values(x.args);
    default:
      return [];
  }
}

function estConstant(etat: Etat, x: Expr): boolean {
  switch (x.k) {
    case 'constante':
    case 'parametre':
      return true;
    case 'entree':
    case 'annee':
    case 'annees_execution':
    case 'echeancier':
    case 'parametre_au':
    case 'periodes':
      return false;
    case 'dates_parametre':
      return true;
    case 'regle':
      return etat.portee.regles.get(x.nom)?.formule.constant === true;
    default:
      return enfants(x).every((y) => y.constant === true);
  }
}

function typerNoeud(etat: Etat, lieu: Lieu, x: Expr, acc: { parAnnee: boolean }): TypeValeur {
  const sous = (y: Expr) => typer(etat, lieu, y, acc);
  switch (x.k) {
    case 'constante':
      return typeof x.valeur === 'number'
        ? 'nombre'
        : typeof x.valeur === 'boolean'
          ? 'booleen'
          : 'texte';
    case 'entree': {
      const en = etat.portee.entrees.get(x.nom);
      if (!en) refusRegle(lieu, `entrée inconnue « entree.${x.nom} »`);
      if (en.type === 'euros') x.unite = '€';
      else if (en.unite) x.unite = en.unite;
      return TYPE_ENTREE[en.type];
    }
    case 'parametre': {
      const p = etat.portee.parametres.get(x.id);
      if (!p) refusRegle(lieu, `paramètre inconnu « parametre.${x.id} »`);
      x.unite = estMonetaire(p.unite) ? '€' : p.unite;
      return typeParametre(p);
    }
    case 'regle': {
      const r = etat.portee.regles.get(x.nom);
      if (!r) refusRegle(lieu, `règle inconnue « ${x.nom} »`);
      const t = typerRegle(etat, r);
      if (t.parAnnee) acc.parAnnee = true;
      x.unite = r.unite;
      return t.type;
    }
    case 'annee':
      acc.parAnnee = true;
      return CHAMPS_ANNEE[x.champ];
    default:
      return typerMecanisme(etat, lieu, x, acc, sous);
  }
}

function typerArithmetique(lieu: Lieu, x: Expr & { k: 'arithmetique' }): TypeValeur {
  const types = x.args.map((a) => a.type);
  const dates = types.filter((t) => t === 'date').length;
  x.unite = x.op === 'produit' && x.args.some((a) => a.unite === '€') ? '€' : uniteDe(x.args);
  for (const a of x.args) attendre(lieu, a, ['nombre', 'date'], x.op);
  switch (x.op) {
    case 'somme':
      if (dates > 1) refusRegle(lieu, 'erreur de type : somme de plusieurs dates');
      return dates === 1 ? 'date' : 'nombre';
    case 'difference':
      if (types[0] === 'nombre' && types[1] === 'date')
        refusRegle(lieu, "erreur de type : différence d'un nombre et d'une date");
      return dates === 1 ? 'date' : 'nombre';
    case 'produit':
    case 'quotient':
      if (dates > 0) refusRegle(lieu, `erreur de type : ${x.op} d'une date`);
      return 'nombre';
    default:
      if (dates > 0 && dates < types.length)
        refusRegle(lieu, `erreur de type : ${x.op} mêle des dates et des nombres`);
      return dates > 0 ? 'date' : 'nombre';
  }
}

function memeType(lieu: Lieu, xs: readonly Expr[], quoi: string): TypeValeur {
  const t = xs[0]?.type ?? 'nombre';
  for (const y of xs)
    if (y.type !== t) refusRegle(lieu, `erreur de type : ${quoi} mêle ${t} et ${y.type}`);
  return t;
}

function typerMecanisme(
  etat: Etat,
  lieu: Lieu,
  x: Expr,
  acc: { parAnnee: boolean },
  sous: (y: Expr) => TypeValeur,
): TypeValeur {
  switch (x.k) {
    case 'arithmetique':
      x.args.forEach(sous);
      return typerArithmetique(lieu, x);
    case 'arrondi':
      sous(x.arg);
      attendre(lieu, x.arg, ['nombre'], 'arrondi');
      x.unite = x.arg.unite;
      return 'nombre';
    case 'logique':
      x.args.forEach(sous);
      for (const a of x.args) attendre(lieu, a, ['booleen'], x.op);
      return 'booleen';
    case 'non':
      sous(x.arg);
      attendre(lieu, x.arg, ['booleen'], 'non');
      return 'booleen';
    case 'defini':
      sous(x.arg);
      return 'booleen';
    case 'comparaison':
      sous(x.a);
      sous(x.b);
      memeType(lieu, [x.a, x.b], x.op);
      if (x.op !== 'egal') attendre(lieu, x.a, ['nombre', 'date'], x.op);
      return 'booleen';
    default:
      return typerChoix(etat, lieu, x, acc, sous);
  }
}

function typerChoix(
  etat: Etat,
  lieu: Lieu,
  x: Expr,
  acc: { parAnnee: boolean },
  sous: (y: Expr) => TypeValeur,
): TypeValeur {
  switch (x.k) {
    case 'variations':
      for (const b of x.branches) {
        if (b.si) {
          sous(b.si);
          attendre(lieu, b.si, ['booleen'], 'la condition de « si »');
        }
        sous(b.alors);
      }
      x.unite = uniteDe(x.branches.map((b) => b.alors));
      return memeType(
        lieu,
        x.branches.map((b) => b.alors),
        'si/variations',
      );
    case 'premier_defini':
      x.args.forEach(sous);
      x.unite = uniteDe(x.args);
      return memeType(lieu, x.args, 'premier_defini');
    case 'grille':
      sous(x.selon);
      attendre(lieu, x.selon, ['nombre'], 'grille.selon');
      x.valeurs.forEach((v) => sous(v.valeur));
      x.unite = uniteDe(x.valeurs.map((v) => v.valeur));
      return memeType(
        lieu,
        x.valeurs.map((v) => v.valeur),
        'grille',
      );
    case 'ajouter_mois':
      sous(x.date);
      sous(x.mois);
      attendre(lieu, x.date, ['date'], 'ajouter_mois.date');
      attendre(lieu, x.mois, ['nombre'], 'ajouter_mois.mois');
      return 'date';
    default:
      return typerAlgorithmes(etat, lieu, x, acc, sous);
  }
}

function typerAlgorithmes(
  etat: Etat,
  lieu: Lieu,
  x: Expr,
  acc: { parAnnee: boolean },
  sous: (y: Expr) => TypeValeur,
): TypeValeur {
  switch (x.k) {
    case 'annees_execution': {
      sous(x.debut);
      sous(x.fin);
      attendre(lieu, x.debut, ['date'], 'annees_execution.debut');
      attendre(lieu, x.fin, ['date'], 'annees_execution.fin');
      // The amount is evaluated in each year: its year fields do not make this rule per-year.
      typer(etat, lieu, x.montant, { parAnnee: false });
      attendre(lieu, x.montant, ['nombre'], 'annees_execution.montant');
      x.unite = x.montant.unite;
      return 'annees';
    }
    case 'total_annees':
      sous(x.arg);
      attendre(lieu, x.arg, ['annees', 'echeancier'], 'total_annees');
      x.unite = x.arg.unite;
      return 'nombre';
    case 'echeancier':
      for (const [n, t] of Object.entries(PARAMETRES_ECHEANCIER)) {
        const p = x.params[n as keyof typeof PARAMETRES_ECHEANCIER];
        sous(p);
        attendre(lieu, p, [t], `echeancier.${n}`);
      }
      x.unite = '€';
      return 'echeancier';
    default:
      void acc;
      return typerEnregistre(etat, lieu, x, sous);
  }
}

function parametreConnu(etat: Etat, lieu: Lieu, id: string): Parametre {
  const p = etat.portee.parametres.get(id);
  if (!p) refusRegle(lieu, `paramètre inconnu « parametre.${id} »`);
  return p;
}

/** Mechanisms of src/moteur/mecanismes/ (registre.ts, periodes.ts) and dated parameters. */
function typerEnregistre(
  etat: Etat,
  lieu: Lieu,
  x: Expr,
  sous: (y: Expr) => TypeValeur,
): TypeValeur {
  switch (x.k) {
    case 'fonction': {
      const f = FONCTIONS[x.nom];
      if (!f) return refusRegle(lieu, `mécanisme inconnu « ${x.nom} »`);
      for (const [nom, t] of Object.entries(f.operandes)) {
        const a = x.args[nom] as Expr;
        sous(a);
        attendre(lieu, a, [t], `${x.nom}.${nom}`);
      }
      if (f.unite) x.unite = f.unite;
      return f.type;
    }
    case 'parametre_au': {
      const p = parametreConnu(etat, lieu, x.id);
      sous(x.date);
      attendre(lieu, x.date, ['date'], 'parametre_au.date');
      x.unite = estMonetaire(p.unite) ? '€' : p.unite;
      return typeParametre(p);
    }
    case 'dates_parametre':
      parametreConnu(etat, lieu, x.id);
      x.unite = 'dates';
      return 'liste';
    case 'periodes': {
      sous(x.debut);
      sous(x.fin);
      attendre(lieu, x.debut, ['date'], 'periodes.debut');
      attendre(lieu, x.fin, ['date'], 'periodes.fin');
      for (const c of x.coupures) {
        sous(c);
        attendre(lieu, c, ['date', 'liste'], 'periodes.coupures');
      }
      // The fields are evaluated in each period: their `annee.*` do not make this rule per-period.
      for (const c of Object.values(x.champs)) typer(etat, lieu, c, { parAnnee: false });
      return 'periodes';
    }
    default:
      return refusRegle(lieu, `mécanisme non typé « ${x.k} »`);
  }
}
