import { parseDocument } from 'yaml';
import type { Parametre } from '../parametres/types.ts';
import type { Dispositif, Entree, Regle, TypeEntree } from './ast.ts';
import { estObjet, lireExpr, lireReferenceJuridique, refusRegle, type Lieu } from './lecture.ts';
import { verifierRegles } from './verification.ts';

/**
 * Loads droit/regles/<dispositif>/*.yaml: `dispositif.yaml` declares the scheme (its inputs and
 * the date its parameters are read at), every other file holds rules. Pure and strict: an
 * unknown key or mechanism, an unknown name, a cycle or a type error is refused with the file
 * and the rule named (ERR_REGLE_INVALIDE).
 */
export interface LecteurRegles {
  /** Paths relative to droit/regles, with '/' separators, ending in .yaml. */
  fichiers(): readonly string[];
  lire(chemin: string): string;
}

const CLES_REGLE = ['description', 'references', 'unite', 'interne', 'formule', 'note'];
const CLES_DISPOSITIF = [
  'dispositif',
  'description',
  'date_des_parametres',
  'parametres_requis',
  'entrees',
];
const TYPES_ENTREE: readonly TypeEntree[] = ['date', 'euros', 'nombre', 'booleen', 'present'];

function analyser(fichier: string, source: string): unknown {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false });
  const err = doc.errors[0];
  if (err)
    refusRegle({ fichier, regle: '(fichier)' }, `YAML invalide : ${err.message.split('\n')[0]}`);
  return doc.toJS();
}

function cles(lieu: Lieu, o: Record<string, unknown>, permises: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!permises.includes(k))
      refusRegle(lieu, `clé inconnue « ${k} » (permises : ${permises.join(', ')})`);
}

function texte(lieu: Lieu, v: unknown, champ: string): string {
  if (typeof v !== 'string' || v.trim() === '') refusRegle(lieu, `« ${champ} » : texte attendu`);
  return v;
}

function booleen(lieu: Lieu, v: unknown, champ: string): boolean {
  if (typeof v !== 'boolean') refusRegle(lieu, `« ${champ} » : true ou false attendu`);
  return v;
}

function lireEntree(lieu: Lieu, nom: string, v: unknown): Entree {
  if (!estObjet(v)) refusRegle(lieu, `entrée ${nom} : objet {chemin, type, description} attendu`);
  cles(lieu, v, ['chemin', 'type', 'description', 'defaut', 'unite']);
  const type = v.type as TypeEntree;
  if (!TYPES_ENTREE.includes(type))
    refusRegle(lieu, `entrée ${nom} : type parmi ${TYPES_ENTREE.join(', ')} attendu`);
  const defaut = v.defaut;
  if (defaut !== undefined && typeof defaut !== 'number' && typeof defaut !== 'boolean')
    refusRegle(lieu, `entrée ${nom} : défaut nombre ou booléen attendu`);
  const chemin = texte(lieu, v.chemin, `${nom}.chemin`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(chemin))
    refusRegle(lieu, `entrée ${nom} : chemin d'identifiants séparés par des points attendu`);
  return {
    nom,
    chemin,
    type,
    description: texte(lieu, v.description, `${nom}.description`),
    ...(defaut !== undefined ? { defaut } : {}),
    ...(v.unite !== undefined ? { unite: texte(lieu, v.unite, `${nom}.unite`) } : {}),
  };
}

function lireDispositif(fichier: string, o: unknown) {
  const lieu = { fichier, regle: '(dispositif)' };
  if (!estObjet(o)) refusRegle(lieu, 'objet attendu');
  cles(lieu, o, CLES_DISPOSITIF);
  if (!estObjet(o.entrees)) refusRegle(lieu, '« entrees » : objet attendu');
  const entrees = new Map<string, Entree>();
  for (const [nom, v] of Object.entries(o.entrees)) entrees.set(nom, lireEntree(lieu, nom, v));
  const date = texte(lieu, o.date_des_parametres, 'date_des_parametres');
  if (entrees.get(date)?.type !== 'date')
    refusRegle(lieu, `date_des_parametres : « ${date} » n'est pas une entrée de type date`);
  const requis = o.parametres_requis ?? [];
  if (!Array.isArray(requis) || !requis.every((r) => typeof r === 'string'))
    refusRegle(lieu, '« parametres_requis » : liste d’identifiants attendue');
  return {
    nom: texte(lieu, o.dispositif, 'dispositif'),
    description: texte(lieu, o.description, 'description'),
    dateDesParametres: date,
    parametresRequis: requis as string[],
    entrees,
  };
}

function lireRegle(fichier: string, nom: string, v: unknown): Regle {
  const lieu = { fichier, regle: nom };
  if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(nom))
    refusRegle(lieu, 'nom de règle : ASCII minuscules, chiffres, _ et . seulement');
  if (!estObjet(v)) refusRegle(lieu, 'objet {description, references, formule} attendu');
  cles(lieu, v, CLES_REGLE);
  if (!Array.isArray(v.references) || v.references.length === 0)
    refusRegle(lieu, 'au moins une référence juridique est attendue');
  if (!('formule' in v)) refusRegle(lieu, 'formule absente');
  return {
    nom,
    fichier,
    description: texte(lieu, v.description, 'description'),
    ...(v.unite !== undefined ? { unite: texte(lieu, v.unite, 'unite') } : {}),
    ...(v.interne !== undefined ? { interne: booleen(lieu, v.interne, 'interne') } : {}),
    references: v.references.map((r) => lireReferenceJuridique(lieu, r)),
    formule: lireExpr(lieu, v.formule),
    parAnnee: false,
    indice: 0,
  };
}

/** Loads and checks every scheme the reader lists, against the loaded parameters. */
export function chargerRegles(
  lecteur: LecteurRegles,
  parametres: ReadonlyMap<string, Parametre>,
): Map<string, Dispositif> {
  const parDossier = new Map<string, string[]>();
  for (const f of [...lecteur.fichiers()].sort()) {
    const dossier = f.split('/')[0] ?? f;
    parDossier.set(dossier, [...(parDossier.get(dossier) ?? []), f]);
  }
  const dispositifs = new Map<string, Dispositif>();
  for (const [dossier, fichiers] of parDossier) {
    const d = chargerDispositif(dossier, fichiers, lecteur, parametres);
    dispositifs.set(d.nom, d);
  }
  return dispositifs;
}

function chargerDispositif(
  dossier: string,
  fichiers: readonly string[],
  lecteur: LecteurRegles,
  parametres: ReadonlyMap<string, Parametre>,
): Dispositif {
  const fDispositif = `${dossier}/dispositif.yaml`;
  if (!fichiers.includes(fDispositif))
    refusRegle({ fichier: fDispositif, regle: '(dispositif)' }, 'fichier dispositif.yaml absent');
  const entete = lireDispositif(fDispositif, analyser(fDispositif, lecteur.lire(fDispositif)));
  const regles = new Map<string, Regle>();
  for (const f of fichiers) {
    if (f === fDispositif) continue;
    const o = analyser(f, lecteur.lire(f));
    if (!estObjet(o)) refusRegle({ fichier: f, regle: '(fichier)' }, 'objet nom → règle attendu');
    for (const [nom, v] of Object.entries(o)) {
      const autre = regles.get(nom);
      if (autre) refusRegle({ fichier: f, regle: nom }, `règle déjà définie dans ${autre.fichier}`);
      regles.set(nom, { ...lireRegle(f, nom, v), indice: regles.size });
    }
  }
  for (const id of entete.parametresRequis)
    if (!parametres.has(id))
      refusRegle(
        { fichier: fDispositif, regle: '(dispositif)' },
        `paramètre requis inconnu « ${id} »`,
      );
  verifierRegles({ entrees: entete.entrees, parametres, regles });
  return { ...entete, regles };
}
