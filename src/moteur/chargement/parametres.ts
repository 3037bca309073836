import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { estDateIso, jour } from '../dates.ts';
import type { Parametre, Reference, ValeurDatee, ValeurParametre } from '../parametres/types.ts';

/**
 * Reads the law files. The engine never touches the file system: an adapter (src/droit/) gives
 * it the list of files and their text.
 */
export interface LecteurDroit {
  /**
   * Paths relative to droit/parametres, with '/' separators, ending in .yaml. The rule files
   * (droit/regles) are listed too, as `../regles/<dispositif>/<fichier>.yaml`.
   */
  fichiers(): readonly string[];
  lire(chemin: string): string;
}

const CLES_PARAMETRE = new Set([
  'description',
  'unite',
  'convention',
  'justification',
  'valeurs',
  'derniere_verification',
]);
const CLES_VALEUR = new Set(['valeur', 'references', 'notes', 'date_jo']);
const CLES_REFERENCE = new Set(['article', 'code', 'titre', 'url', 'id_legifrance']);

function refus(fichier: string, chemin: string, probleme: string): never {
  throw new ErreurOpco('ERR_PARAMETRE_INVALIDE', {
    fichier,
    chemin: chemin || '(racine)',
    probleme,
  });
}

type Objet = Record<string, unknown>;
function estObjet(v: unknown): v is Objet {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function verifierCles(fichier: string, chemin: string, o: Objet, permises: Set<string>): void {
  for (const k of Object.keys(o))
    if (!permises.has(k))
      refus(
        fichier,
        chemin ? `${chemin}.${k}` : k,
        `clé inconnue « ${k} » (permises : ${[...permises].join(', ')})`,
      );
}

function texte(
  fichier: string,
  chemin: string,
  v: unknown,
  obligatoire = true,
): string | undefined {
  if (v === undefined && !obligatoire) return undefined;
  if (typeof v !== 'string' || v.trim() === '')
    refus(fichier, chemin, `texte non vide attendu, trouvé ${decrire(v)}`);
  return v;
}

function decrire(v: unknown): string {
  if (v === undefined) return 'rien (champ absent)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'une liste';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Which JS type a unit calls for. */
function typeAttendu(unite: string): 'nombre' | 'booleen' | 'texte' | 'liste' {
  if (unite === 'booleen') return 'booleen';
  if (unite === 'texte') return 'texte';
  if (unite.startsWith('liste')) return 'liste';
  return 'nombre';
}

function lireValeur(fichier: string, chemin: string, v: unknown, unite: string): ValeurParametre {
  if (v === null) return null;
  const attendu = typeAttendu(unite);
  const ok =
    (attendu === 'nombre' && typeof v === 'number' && Number.isFinite(v)) ||
    (attendu === 'booleen' && typeof v === 'boolean') ||
    (attendu === 'texte' && typeof v === 'string') ||
    (attendu === 'liste' &&
      Array.isArray(v) &&
      v.every((x) => typeof x === 'number' && Number.isFinite(x)));
  if (!ok)
    refus(
      fichier,
      chemin,
      `type incorrect pour l'unité « ${unite} » : ${attendu} attendu, trouvé ${decrire(v)}`,
    );
  return v as ValeurParametre;
}

function lireReference(fichier: string, chemin: string, r: unknown): Reference {
  if (!estObjet(r)) refus(fichier, chemin, `référence attendue (objet), trouvé ${decrire(r)}`);
  verifierCles(fichier, chemin, r, CLES_REFERENCE);
  const article = texte(fichier, `${chemin}.article`, r.article) as string;
  const titre = texte(fichier, `${chemin}.titre`, r.titre) as string;
  const url = texte(fichier, `${chemin}.url`, r.url) as string;
  if (!/^https:\/\/\S+$/.test(url))
    refus(fichier, `${chemin}.url`, `URL https attendue, trouvé « ${url} »`);
  // A text outside the Code du travail (a décret or arrêté of the Journal officiel) names its source.
  const code = texte(fichier, `${chemin}.code`, r.code, false);
  const id = texte(fichier, `${chemin}.id_legifrance`, r.id_legifrance, false);
  if (id !== undefined && !/^(LEGIARTI|KALIARTI|JORFTEXT|LEGITEXT)\d{12}$/.test(id))
    refus(fichier, `${chemin}.id_legifrance`, `identifiant Légifrance invalide « ${id} »`);
  return { article, titre, url, ...(code ? { code } : {}), ...(id ? { idLegifrance: id } : {}) };
}

function analyser(fichier: string, source: string): unknown {
  const lignes = new LineCounter();
  const doc: Document = parseDocument(source, {
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter: lignes,
  });
  const e = doc.errors[0];
  if (e) {
    const ligne = lignes.linePos(e.pos[0]).line;
    const cle = e.code === 'DUPLICATE_KEY' ? 'clé en double' : 'YAML invalide';
    refus(fichier, ligne ? `ligne ${ligne}` : '', `${cle} : ${e.message.split('\n')[0]}`);
  }
  // Date-like keys must stay strings: refuse any non-string key (e.g. 20250701).
  const racine = doc.contents;
  if (isMap(racine)) {
    const valeurs = racine.get('valeurs', true);
    if (isMap(valeurs))
      for (const p of valeurs.items)
        if (!isScalar(p.key) || typeof p.key.value !== 'string')
          refus(
            fichier,
            `valeurs.${String(isScalar(p.key) ? p.key.value : p.key)}`,
            'date ISO AAAA-MM-JJ attendue comme clé',
          );
  }
  return doc.toJS();
}

/** Parses and validates one parameter file (path relative to droit/parametres). */
export function lireParametre(fichier: string, source: string): Parametre {
  const o = analyser(fichier, source);
  if (!estObjet(o)) refus(fichier, '', 'un objet YAML est attendu');
  verifierCles(fichier, '', o, CLES_PARAMETRE);
  const description = texte(fichier, 'description', o.description) as string;
  const unite = texte(fichier, 'unite', o.unite) as string;
  if (o.convention !== undefined && typeof o.convention !== 'boolean')
    refus(fichier, 'convention', `booléen attendu, trouvé ${decrire(o.convention)}`);
  const convention = o.convention === true;
  const justification = texte(fichier, 'justification', o.justification, convention);
  if (!convention && justification !== undefined)
    refus(fichier, 'justification', 'une justification ne va qu’avec « convention: true »');
  const derniere = texte(fichier, 'derniere_verification', o.derniere_verification) as string;
  if (!estDateIso(derniere))
    refus(fichier, 'derniere_verification', `date ISO AAAA-MM-JJ attendue, trouvé « ${derniere} »`);
  if (!estObjet(o.valeurs) || Object.keys(o.valeurs).length === 0)
    refus(fichier, 'valeurs', 'au moins une valeur datée est attendue');
  const valeurs: ValeurDatee[] = [];
  for (const [date, brut] of Object.entries(o.valeurs)) {
    const chemin = `valeurs.${date}`;
    if (!estDateIso(date))
      refus(fichier, chemin, `date ISO AAAA-MM-JJ attendue, trouvé « ${date} »`);
    if (!estObjet(brut))
      refus(fichier, chemin, `objet {valeur, references} attendu, trouvé ${decrire(brut)}`);
    verifierCles(fichier, chemin, brut, CLES_VALEUR);
    if (!('valeur' in brut)) refus(fichier, `${chemin}.valeur`, 'valeur absente');
    const valeur = lireValeur(fichier, `${chemin}.valeur`, brut.valeur, unite);
    if (!Array.isArray(brut.references) || brut.references.length === 0)
      refus(fichier, `${chemin}.references`, 'au moins une référence juridique est attendue');
    const references = brut.references.map((r, i) =>
      lireReference(fichier, `${chemin}.references[${i}]`, r),
    );
    const notes = texte(fichier, `${chemin}.notes`, brut.notes, false);
    valeurs.push({
      depuis: date,
      depuisJour: jour(date),
      valeur,
      references,
      ...(notes ? { notes } : {}),
    });
  }
  valeurs.sort((a, b) => a.depuisJour - b.depuisJour);
  if (valeurs[0]?.valeur === null)
    refus(fichier, `valeurs.${valeurs[0].depuis}`, 'la première valeur ne peut pas être null');
  const id = fichier
    .replace(/\.yaml$/, '')
    .split('/')
    .join('.');
  if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(id))
    refus(fichier, '', `identifiant « ${id} » : ASCII en minuscules, chiffres et _ seulement`);
  return {
    id,
    fichier,
    description,
    unite,
    convention,
    ...(justification ? { justification } : {}),
    derniereVerification: derniere,
    valeurs,
  };
}

/** Loads every parameter file given by the reader; refuses the first invalid one. */
export function chargerParametres(lecteur: LecteurDroit): Map<string, Parametre> {
  const params = new Map<string, Parametre>();
  for (const f of [...lecteur.fichiers()].sort()) {
    if (f.startsWith('../')) continue;
    const p = lireParametre(f, lecteur.lire(f));
    params.set(p.id, p);
  }
  return params;
}
