import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import {
  chargerParametres,
  chargerRegles,
  Droit,
  type Parametre,
  type PortVersionsArticles,
} from '../moteur/index.ts';
import { ErreurOpco } from '../partage/erreurs.ts';
import { casDroitSchema, evaluerCas, sortiesObtenues } from './cas-droit.ts';

/**
 * `opco droit diff`: what changes between two versions of the law — two git revisions or two
 * folders, each holding droit/parametres, droit/regles and tests/droit. Lists the parameters
 * and rules that differ, and the law test cases whose results change when evaluated with each
 * version's law data.
 */

/** The law files of one version, by path relative to its root (droit/…, tests/droit/…). */
export interface VersionDroit {
  libelle: string;
  fichiers: ReadonlyMap<string, string>;
}

const DOSSIERS = ['droit/parametres', 'droit/regles', 'tests/droit'];

function fichiersDossier(racine: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const d of DOSSIERS) {
    const dossier = path.join(racine, d);
    if (!existsSync(dossier)) continue;
    for (const f of readdirSync(dossier, { recursive: true, encoding: 'utf8' }))
      if (/\.ya?ml$/.test(f) && statSync(path.join(dossier, f)).isFile())
        m.set(`${d}/${f.split(path.sep).join('/')}`, readFileSync(path.join(dossier, f), 'utf8'));
  }
  return m;
}

function fichiersGit(depot: string, revision: string): Map<string, string> {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', depot, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const commit = git('rev-parse', '--verify', '--quiet', `${revision}^{commit}`).trim();
  const m = new Map<string, string>();
  for (const f of git('ls-tree', '-r', '--name-only', commit, '--', ...DOSSIERS).split('\n'))
    if (/\.ya?ml$/.test(f)) m.set(f, git('show', `${commit}:${f}`));
  return m;
}

/** A folder (holding droit/) or, failing that, a git revision of the repository. */
export function lireVersion(reference: string, depot: string): VersionDroit {
  if (existsSync(reference) && statSync(reference).isDirectory())
    return { libelle: reference, fichiers: fichiersDossier(reference) };
  try {
    return { libelle: reference, fichiers: fichiersGit(depot, reference) };
  } catch {
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: `« ${reference} » n'est ni un dossier ni une révision git de ${depot}`,
    });
  }
}

function droitDe(v: VersionDroit): Droit {
  const prefixe = 'droit/parametres/';
  const params = [...v.fichiers.keys()].filter(
    (f) => f.startsWith(prefixe) && f.endsWith('.yaml') && !f.endsWith('index.yaml'),
  );
  const parametres = chargerParametres({
    fichiers: () => params.map((f) => f.slice(prefixe.length)),
    lire: (f) => v.fichiers.get(prefixe + f) ?? '',
  });
  // The rules of every scheme folder with its dispositif.yaml (the wage and the contributions
  // are rules: their cases are evaluated with the version's rules).
  const pr = 'droit/regles/';
  const regles = [...v.fichiers.keys()].filter((f) => f.startsWith(pr) && f.endsWith('.yaml'));
  const dossiers = new Set(
    regles.filter((f) => f.endsWith('/dispositif.yaml')).map((f) => f.split('/')[2]),
  );
  const fichiers = regles
    .map((f) => f.slice(pr.length))
    .filter((f) => dossiers.has(f.split('/')[0]));
  const dispositifs = chargerRegles(
    { fichiers: () => fichiers, lire: (f) => v.fichiers.get(pr + f) ?? '' },
    parametres,
  );
  return new Droit(parametres, dispositifs);
}

// ——— Parameters ———

export interface ChangementValeur {
  depuis: string;
  avant: unknown;
  apres: unknown;
  /** The references of the dated value changed (not only its value). */
  references?: true;
}
export interface DiffParametre {
  id: string;
  nature: 'ajoute' | 'supprime' | 'modifie';
  valeurs: ChangementValeur[];
}

function comparerParametres(avant: Droit, apres: Droit): DiffParametre[] {
  const ids = [...new Set([...avant.parametres.keys(), ...apres.parametres.keys()])].sort();
  const r: DiffParametre[] = [];
  for (const id of ids) {
    const a = avant.parametres.get(id);
    const b = apres.parametres.get(id);
    if (!a || !b) {
      const p = (a ?? b) as Parametre;
      r.push({
        id,
        nature: a ? 'supprime' : 'ajoute',
        valeurs: p.valeurs.map((v) => ({
          depuis: v.depuis,
          avant: a ? v.valeur : undefined,
          apres: b ? v.valeur : undefined,
        })),
      });
      continue;
    }
    const dates = [...new Set([...a.valeurs, ...b.valeurs].map((v) => v.depuis))].sort();
    const valeurs: ChangementValeur[] = [];
    for (const d of dates) {
      const va = a.valeurs.find((v) => v.depuis === d);
      const vb = b.valeurs.find((v) => v.depuis === d);
      if (!isDeepStrictEqual(va?.valeur, vb?.valeur))
        valeurs.push({ depuis: d, avant: va?.valeur, apres: vb?.valeur });
      else if (!isDeepStrictEqual(va?.references, vb?.references))
        valeurs.push({ depuis: d, avant: va?.valeur, apres: vb?.valeur, references: true });
    }
    const autres = a.description !== b.description || a.convention !== b.convention;
    if (valeurs.length || autres) r.push({ id, nature: 'modifie', valeurs });
  }
  return r;
}

// ——— Rules (droit/regles), compared generically: per top-level key of each file ———

export interface DiffRegle {
  fichier: string;
  regle: string | null;
  nature: 'ajoute' | 'supprime' | 'modifie';
}

function comparerRegles(avant: VersionDroit, apres: VersionDroit): DiffRegle[] {
  const regles = (v: VersionDroit) =>
    new Map([...v.fichiers].filter(([f]) => f.startsWith('droit/regles/')));
  const a = regles(avant);
  const b = regles(apres);
  const r: DiffRegle[] = [];
  for (const f of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const ta = a.get(f);
    const tb = b.get(f);
    if (ta === undefined || tb === undefined) {
      r.push({ fichier: f, regle: null, nature: ta === undefined ? 'ajoute' : 'supprime' });
      continue;
    }
    const ya: unknown = parse(ta);
    const yb: unknown = parse(tb);
    if (isDeepStrictEqual(ya, yb)) continue;
    const objet = (x: unknown): x is Record<string, unknown> =>
      typeof x === 'object' && x !== null && !Array.isArray(x);
    if (!objet(ya) || !objet(yb)) {
      r.push({ fichier: f, regle: null, nature: 'modifie' });
      continue;
    }
    for (const k of [...new Set([...Object.keys(ya), ...Object.keys(yb)])].sort())
      if (!isDeepStrictEqual(ya[k], yb[k]))
        r.push({
          fichier: f,
          regle: k,
          nature: !(k in ya) ? 'ajoute' : !(k in yb) ? 'supprime' : 'modifie',
        });
  }
  return r;
}

// ——— Law test cases ———

export interface DiffCas {
  fichier: string;
  nom: string;
  /** Outputs (the case's paths) obtained with each version's law; null: case absent there. */
  avant: Record<string, unknown> | null;
  apres: Record<string, unknown> | null;
}

function casDe(v: VersionDroit): Map<string, { fichier: string; cas: unknown }> {
  const m = new Map<string, { fichier: string; cas: unknown }>();
  for (const [f, texte] of v.fichiers) {
    if (!f.startsWith('tests/droit/')) continue;
    const contenu: unknown = parse(texte);
    if (!Array.isArray(contenu)) continue;
    for (const c of contenu) {
      const nom = (c as { nom?: unknown }).nom;
      if (typeof nom === 'string') m.set(`${f} › ${nom}`, { fichier: f, cas: c });
    }
  }
  return m;
}

function evaluer(droit: Droit, versions: PortVersionsArticles, brut: unknown) {
  const c = casDroitSchema.safeParse(brut);
  if (!c.success) return { 'non évalué': 'format de cas inconnu' };
  try {
    return sortiesObtenues(evaluerCas(droit, versions, c.data), c.data);
  } catch (e) {
    return { 'non évalué': e instanceof Error ? e.message : String(e) };
  }
}

function comparerCas(
  avant: VersionDroit,
  apres: VersionDroit,
  droits: [Droit, Droit],
  versions: PortVersionsArticles,
): DiffCas[] {
  const ca = casDe(avant);
  const cb = casDe(apres);
  const r: DiffCas[] = [];
  for (const cle of [...new Set([...ca.keys(), ...cb.keys()])].sort()) {
    const a = ca.get(cle);
    const b = cb.get(cle);
    const fichier = (a ?? b)?.fichier ?? '';
    const nom = cle.slice(fichier.length + 3);
    // Same case, each version's law: its definition from the new version when it exists.
    const cas = (b ?? a)?.cas;
    const ra = a ? evaluer(droits[0], versions, cas) : null;
    const rb = b ? evaluer(droits[1], versions, cas) : null;
    if (!isDeepStrictEqual(ra, rb)) r.push({ fichier, nom, avant: ra, apres: rb });
  }
  return r;
}

export interface DiffDroit {
  avant: string;
  apres: string;
  parametres: DiffParametre[];
  regles: DiffRegle[];
  cas: DiffCas[];
}

export function comparerDroit(
  avant: VersionDroit,
  apres: VersionDroit,
  versions: PortVersionsArticles,
): DiffDroit {
  const droits: [Droit, Droit] = [droitDe(avant), droitDe(apres)];
  return {
    avant: avant.libelle,
    apres: apres.libelle,
    parametres: comparerParametres(...droits),
    regles: comparerRegles(avant, apres),
    cas: comparerCas(avant, apres, droits, versions),
  };
}

const montrer = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** French text report. */
export function formaterDiffDroit(d: DiffDroit): string {
  const l: string[] = [`Droit de ${d.avant} → ${d.apres}`, ''];
  l.push(`Paramètres qui diffèrent : ${d.parametres.length}`);
  for (const p of d.parametres) {
    l.push(
      `  ${p.id} (${p.nature === 'ajoute' ? 'ajouté' : p.nature === 'supprime' ? 'supprimé' : 'modifié'})`,
    );
    for (const v of p.valeurs)
      l.push(
        `    depuis le ${v.depuis} : ${montrer(v.avant)} → ${montrer(v.apres)}${v.references ? ' (références changées)' : ''}`,
      );
  }
  l.push('', `Règles qui diffèrent : ${d.regles.length}`);
  for (const r of d.regles)
    l.push(
      `  ${r.fichier}${r.regle ? ` › ${r.regle}` : ''} (${r.nature === 'ajoute' ? 'ajoutée' : r.nature === 'supprime' ? 'supprimée' : 'modifiée'})`,
    );
  l.push('', `Cas de test dont le résultat change : ${d.cas.length}`);
  for (const c of d.cas) {
    l.push(`  ${c.fichier} › ${c.nom}`);
    if (!c.avant || !c.apres) {
      l.push(`    ${c.avant ? 'supprimé' : 'ajouté'}`);
      continue;
    }
    for (const k of [...new Set([...Object.keys(c.avant), ...Object.keys(c.apres)])])
      if (!isDeepStrictEqual(c.avant[k], c.apres[k]))
        l.push(`    ${k} : ${montrer(c.avant[k])} → ${montrer(c.apres[k])}`);
  }
  return `${l.join('\n')}\n`;
}
