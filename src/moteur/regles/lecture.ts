import { ErreurOpco } from '../../partage/erreurs.ts';
import { FONCTIONS } from '../mecanismes/registre.ts';
import type { Reference } from '../parametres/types.ts';
import {
  CHAMPS_ANNEE,
  PARAMETRES_ECHEANCIER,
  type ChampAnnee,
  type Comparaison,
  type Expr,
  type OperationArithmetique,
  type ParametreEcheancier,
} from './ast.ts';

/**
 * Reads the formula of a rule (YAML already parsed) into the typed tree, mechanism by mechanism.
 * Types and units are set afterwards by verification.ts (placeholder 'nombre' here).
 */
export interface Lieu {
  fichier: string;
  regle: string;
}

export function refusRegle(lieu: Lieu, probleme: string): never {
  throw new ErreurOpco('ERR_REGLE_INVALIDE', { ...lieu, probleme });
}

type Objet = Record<string, unknown>;
export function estObjet(v: unknown): v is Objet {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ARITHMETIQUE: readonly OperationArithmetique[] = [
  'somme',
  'difference',
  'produit',
  'quotient',
  'minimum',
  'maximum',
];
const COMPARAISONS: readonly Comparaison[] = [
  'egal',
  'inferieur',
  'inferieur_ou_egal',
  'superieur',
  'superieur_ou_egal',
];
const AUTRES = [
  'plafond',
  'plancher',
  'arrondi',
  'toutes',
  'une_de',
  'non',
  'defini',
  'si',
  'variations',
  'premier_defini',
  'grille',
  'ajouter_mois',
  'annees_execution',
  'total_annees',
  'echeancier',
  'parametre_au',
  'dates_parametre',
  'periodes',
  ...Object.keys(FONCTIONS),
];
/** Every mechanism a formula may use (the loader refuses any other key). */
export const MECANISMES: readonly string[] = [...ARITHMETIQUE, ...COMPARAISONS, ...AUTRES];

type SansType<T> = T extends unknown ? Omit<T, 'type' | 'unite'> : never;
const e = (x: SansType<Expr>): Expr => ({ type: 'nombre', ...x }) as Expr;

function liste(lieu: Lieu, v: unknown, cle: string, min: number): unknown[] {
  if (!Array.isArray(v) || v.length < min)
    refusRegle(lieu, `« ${cle} » attend une liste d'au moins ${min} éléments`);
  return v;
}

function champs(lieu: Lieu, v: unknown, cle: string, noms: readonly string[]): Objet {
  if (!estObjet(v)) refusRegle(lieu, `« ${cle} » attend un objet {${noms.join(', ')}}`);
  for (const k of Object.keys(v))
    if (!noms.includes(k))
      refusRegle(lieu, `« ${cle} » : clé inconnue « ${k} » (permises : ${noms.join(', ')})`);
  for (const k of noms) if (!(k in v)) refusRegle(lieu, `« ${cle} » : « ${k} » manquant`);
  return v;
}

/** A string is a reference (entree.x, parametre.x, annee.x, a rule) or a quoted text literal. */
function lireReferenceTexte(lieu: Lieu, s: string): Expr {
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'"))
    return e({ k: 'constante', valeur: s.slice(1, -1) });
  if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(s))
    refusRegle(lieu, `référence « ${s} » : ASCII minuscules, chiffres, _ et . seulement`);
  if (s.startsWith('entree.')) return e({ k: 'entree', nom: s.slice(7) });
  if (s.startsWith('parametre.')) return e({ k: 'parametre', id: s.slice(10) });
  if (s.startsWith('annee.')) {
    const champ = s.slice(6);
    if (!(champ in CHAMPS_ANNEE))
      refusRegle(
        lieu,
        `« ${s} » : champ d'année inconnu (${Object.keys(CHAMPS_ANNEE).join(', ')})`,
      );
    return e({ k: 'annee', champ: champ as ChampAnnee });
  }
  return e({ k: 'regle', nom: s });
}

export function lireExpr(lieu: Lieu, v: unknown): Expr {
  if (typeof v === 'number' && Number.isFinite(v)) return e({ k: 'constante', valeur: v });
  if (typeof v === 'boolean') return e({ k: 'constante', valeur: v });
  if (typeof v === 'string') return lireReferenceTexte(lieu, v);
  if (!estObjet(v)) refusRegle(lieu, `formule attendue, trouvé ${JSON.stringify(v)}`);
  if ('si' in v) return lireSi(lieu, v);
  const cles = Object.keys(v);
  const cle = cles[0];
  if (cles.length !== 1 || cle === undefined)
    refusRegle(lieu, `un seul mécanisme par objet attendu, trouvé : ${cles.join(', ') || 'aucun'}`);
  if (!MECANISMES.includes(cle))
    refusRegle(lieu, `mécanisme inconnu « ${cle} » (connus : ${MECANISMES.join(', ')})`);
  return lireMecanisme(lieu, cle, v[cle]);
}

function lireSi(lieu: Lieu, v: Objet): Expr {
  for (const k of Object.keys(v))
    if (!['si', 'alors', 'sinon'].includes(k))
      refusRegle(lieu, `« si » : clé inconnue « ${k} » (permises : si, alors, sinon)`);
  if (!('alors' in v)) refusRegle(lieu, '« si » sans « alors »');
  const branches: { si: Expr | null; alors: Expr }[] = [
    { si: lireExpr(lieu, v.si), alors: lireExpr(lieu, v.alors) },
  ];
  if ('sinon' in v) branches.push({ si: null, alors: lireExpr(lieu, v.sinon) });
  return e({ k: 'variations', branches });
}

function lireVariations(lieu: Lieu, v: unknown): Expr {
  const branches = liste(lieu, v, 'variations', 1).map((b, i, toutes) => {
    if (estObjet(b) && 'sinon' in b && i === toutes.length - 1)
      return { si: null, alors: lireExpr(lieu, champs(lieu, b, 'sinon', ['sinon']).sinon) };
    const o = champs(lieu, b, 'variations', ['si', 'alors']);
    return { si: lireExpr(lieu, o.si), alors: lireExpr(lieu, o.alors) };
  });
  return e({ k: 'variations', branches });
}

function lireGrille(lieu: Lieu, v: unknown): Expr {
  const o = champs(lieu, v, 'grille', ['selon', 'valeurs']);
  if (!estObjet(o.valeurs)) refusRegle(lieu, '« grille.valeurs » attend un objet clé → formule');
  const valeurs = Object.entries(o.valeurs).map(([cle, x]) => {
    if (!/^-?\d+$/.test(cle))
      refusRegle(lieu, `« grille » : clé entière attendue, trouvé « ${cle} »`);
    return { cle: Number(cle), valeur: lireExpr(lieu, x) };
  });
  return e({ k: 'grille', selon: lireExpr(lieu, o.selon), valeurs });
}

function lireEcheancier(lieu: Lieu, v: unknown): Expr {
  const noms = Object.keys(PARAMETRES_ECHEANCIER) as ParametreEcheancier[];
  const o = champs(lieu, v, 'echeancier', noms);
  const params = {} as Record<ParametreEcheancier, Expr>;
  for (const n of noms) params[n] = lireExpr(lieu, o[n]);
  return e({ k: 'echeancier', params });
}

function lireMecanisme(lieu: Lieu, cle: string, v: unknown): Expr {
  const x = (y: unknown) => lireExpr(lieu, y);
  if ((ARITHMETIQUE as readonly string[]).includes(cle)) {
    const binaire = cle === 'difference' || cle === 'quotient';
    const args = liste(lieu, v, cle, binaire ? 2 : 1).map(x);
    if (binaire && args.length !== 2) refusRegle(lieu, `« ${cle} » attend exactement 2 termes`);
    return e({ k: 'arithmetique', op: cle as OperationArithmetique, args });
  }
  if ((COMPARAISONS as readonly string[]).includes(cle)) {
    const [a, b, ...reste] = liste(lieu, v, cle, 2);
    if (reste.length > 0) refusRegle(lieu, `« ${cle} » attend exactement 2 termes`);
    return e({ k: 'comparaison', op: cle as Comparaison, a: x(a), b: x(b) });
  }
  switch (cle) {
    case 'plafond':
    case 'plancher': {
      const o = champs(lieu, v, cle, ['valeur', cle]);
      return e({ k: 'arithmetique', op: cle, args: [x(o.valeur), x(o[cle])] });
    }
    case 'arrondi':
      return e({ k: 'arrondi', arg: x(v) });
    case 'toutes':
    case 'une_de':
      return e({ k: 'logique', op: cle, args: liste(lieu, v, cle, 1).map(x) });
    case 'non':
      return e({ k: 'non', arg: x(v) });
    case 'defini':
      return e({ k: 'defini', arg: x(v) });
    case 'variations':
      return lireVariations(lieu, v);
    case 'premier_defini':
      return e({ k: 'premier_defini', args: liste(lieu, v, cle, 1).map(x) });
    case 'grille':
      return lireGrille(lieu, v);
    case 'ajouter_mois': {
      const o = champs(lieu, v, cle, ['date', 'mois']);
      return e({ k: 'ajouter_mois', date: x(o.date), mois: x(o.mois) });
    }
    case 'annees_execution': {
      const o = champs(lieu, v, cle, ['debut', 'fin', 'montant']);
      return e({ k: 'annees_execution', debut: x(o.debut), fin: x(o.fin), montant: x(o.montant) });
    }
    case 'total_annees':
      return e({ k: 'total_annees', arg: x(v) });
    case 'echeancier':
      return lireEcheancier(lieu, v);
    default:
      return lireEnregistre(lieu, cle, v);
  }
}

/** `parametre.<id>` named by a mechanism (read at another date, or its dates of change). */
function idParametre(lieu: Lieu, v: unknown, cle: string): string {
  if (typeof v !== 'string' || !/^parametre\.[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(v))
    refusRegle(lieu, `« ${cle} » : « parametre.<identifiant> » attendu`);
  return v.slice('parametre.'.length);
}

/** Mechanisms of src/moteur/mecanismes/ (registre.ts, periodes.ts) and dated parameters. */
function lireEnregistre(lieu: Lieu, cle: string, v: unknown): Expr {
  const x = (y: unknown) => lireExpr(lieu, y);
  if (cle === 'parametre_au') {
    const o = champs(lieu, v, cle, ['parametre', 'date']);
    return e({ k: 'parametre_au', id: idParametre(lieu, o.parametre, cle), date: x(o.date) });
  }
  if (cle === 'dates_parametre') return e({ k: 'dates_parametre', id: idParametre(lieu, v, cle) });
  if (cle === 'periodes') {
    const o = champs(lieu, v, cle, ['debut', 'fin', 'coupures', 'champs', 'fusion']);
    if (!estObjet(o.champs)) refusRegle(lieu, '« periodes.champs » attend un objet nom → formule');
    const noms = Object.keys(o.champs);
    const fusion = liste(lieu, o.fusion, 'periodes.fusion', 1).map((f) => {
      if (typeof f !== 'string' || !noms.includes(f))
        refusRegle(lieu, `« periodes.fusion » : champ inconnu « ${String(f)} »`);
      return f;
    });
    const ch: Record<string, Expr> = {};
    for (const [k, y] of Object.entries(o.champs)) ch[k] = x(y);
    return e({
      k: 'periodes',
      debut: x(o.debut),
      fin: x(o.fin),
      coupures: liste(lieu, o.coupures, 'periodes.coupures', 0).map(x),
      champs: ch,
      fusion,
    });
  }
  const f = FONCTIONS[cle] as (typeof FONCTIONS)[string];
  const o = champs(lieu, v, cle, Object.keys(f.operandes));
  const args: Record<string, Expr> = {};
  for (const k of Object.keys(f.operandes)) args[k] = x(o[k]);
  return e({ k: 'fonction', nom: cle, args });
}

const CLES_REFERENCE = ['article', 'titre', 'url', 'id_legifrance'];
const URL_CODE_DU_TRAVAIL = 'https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050';

/** `D6332-78` (an article of the Code du travail) or {article, titre, url, id_legifrance?}. */
export function lireReferenceJuridique(lieu: Lieu, r: unknown): Reference {
  if (typeof r === 'string' && /^[LRD]\d{4}-\d+(-\d+)*$/.test(r))
    return { article: r, titre: `Code du travail, art. ${r}`, url: URL_CODE_DU_TRAVAIL };
  if (!estObjet(r))
    refusRegle(lieu, `référence : article (« D6332-78 ») ou objet {article, titre, url} attendu`);
  for (const k of Object.keys(r))
    if (!CLES_REFERENCE.includes(k)) refusRegle(lieu, `référence : clé inconnue « ${k} »`);
  const { article, titre, url, id_legifrance: id } = r;
  if (typeof article !== 'string' || typeof titre !== 'string' || typeof url !== 'string')
    refusRegle(lieu, 'référence : article, titre et url (textes) attendus');
  if (!/^https:\/\/\S+$/.test(url)) refusRegle(lieu, `référence : URL https attendue « ${url} »`);
  if (id !== undefined && (typeof id !== 'string' || !/^LEGIARTI\d{12}$/.test(id)))
    refusRegle(lieu, `référence : identifiant Légifrance invalide « ${String(id)} »`);
  return { article, titre, url, ...(typeof id === 'string' ? { idLegifrance: id } : {}) };
}
