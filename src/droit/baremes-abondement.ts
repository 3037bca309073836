import { lireParametre } from '../moteur/chargement/parametres.ts';
import { jour } from '../moteur/dates.ts';
import { Droit, type Parametre, type Reference } from '../moteur/index.ts';
import { ErreurOpco, estErreurOpco } from '../partage/erreurs.ts';

/**
 * Per-OPCO CPF co-funding (abondement) barèmes. No OPCO publishes its rate and cap as figures
 * (rule book §H: the board's « modalités et priorités », L6323-4 II 3°, L6332-17 2°), so none
 * is loaded from droit/: an OPCO administrator enters them, each field a dated parameter file
 * (the format of droit/parametres, as JSON, with the board decision as reference), validated
 * by the same loader, stored as versions (table bareme_version, dispositif `abondement_cpf`).
 */
export const DISPOSITIF_ABONDEMENT = 'abondement_cpf';
const UNITES: Record<string, string> = {
  opco: 'texte',
  libelle: 'texte',
  taux: 'ratio',
  plafond: 'EUR',
};

const refus = (champ: string, probleme: string): never => {
  throw new ErreurOpco('ERR_VALIDATION', { detail: `${champ} : ${probleme}`, champ });
};

/** Checks an abondement barème's fields and returns its parameters (a bad field is named). */
export function validerBaremeAbondement(
  bareme: string,
  champs: Record<string, unknown>,
): Parametre[] {
  for (const requis of ['opco', 'libelle', 'taux', 'plafond'])
    if (!(requis in champs)) refus(`body.champs.${requis}`, 'champ obligatoire');
  const out: Parametre[] = [];
  for (const [champ, contenu] of Object.entries(champs)) {
    const unite = UNITES[champ];
    if (unite === undefined)
      return refus(
        `body.champs.${champ}`,
        `champ inconnu (permis : ${Object.keys(UNITES).join(', ')})`,
      );
    let p: Parametre;
    try {
      p = lireParametre(
        `${DISPOSITIF_ABONDEMENT}/baremes/${bareme}/${champ}.yaml`,
        JSON.stringify(contenu),
      );
    } catch (e) {
      if (estErreurOpco(e) && e.code === 'ERR_PARAMETRE_INVALIDE')
        return refus(
          `body.champs.${champ}.${String(e.info.chemin ?? '')}`,
          String(e.info.probleme ?? e.message),
        );
      throw e;
    }
    if (p.unite !== unite) refus(`body.champs.${champ}.unite`, `unité « ${unite} » attendue`);
    if (champ === 'taux')
      for (const v of p.valeurs)
        if (typeof v.valeur !== 'number' || v.valeur < 0 || v.valeur > 1)
          refus(`body.champs.taux.valeurs.${v.depuis}.valeur`, 'taux de 0 à 1 attendu');
    out.push(p);
  }
  return out;
}

/** The law with the edited abondement barèmes (latest version of each). */
export function droitAvecBaremesAbondement(
  base: Droit,
  versions: readonly { bareme: string; contenu: string }[],
): Droit {
  if (versions.length === 0) return base;
  const parametres = new Map(base.parametres);
  for (const v of versions)
    for (const p of validerBaremeAbondement(
      v.bareme,
      JSON.parse(v.contenu) as Record<string, unknown>,
    ))
      parametres.set(p.id, p);
  return new Droit(parametres, base.dispositifs);
}

export interface BaremeAbondementResolu {
  id: string;
  opco: string;
  libelle: string;
  taux: number;
  plafond: number | null;
  /** Latest date among the values applied. */
  depuis: string;
  references: (Reference & { depuis: string })[];
}

/** The barème in force at `date`, or null when it has no value then (not in force). */
export function resoudreBaremeAbondement(
  droit: Droit,
  id: string,
  date: string,
): BaremeAbondementResolu | null {
  const j = jour(date);
  const references: BaremeAbondementResolu['references'] = [];
  let depuis = '';
  const lire = (champ: string) => {
    const cle = `${DISPOSITIF_ABONDEMENT}.baremes.${id}.${champ}`;
    if (!droit.parametres.has(cle)) return undefined;
    const t = droit.trouver(cle, j);
    if (!t) return undefined;
    for (const r of t.valeur.references) references.push({ ...r, depuis: t.valeur.depuis });
    if (t.valeur.depuis > depuis) depuis = t.valeur.depuis;
    return t.valeur.valeur;
  };
  const opco = lire('opco');
  const libelle = lire('libelle');
  const taux = lire('taux');
  const plafond = lire('plafond');
  if (typeof opco !== 'string' || typeof taux !== 'number') return null;
  return {
    id,
    opco,
    libelle: typeof libelle === 'string' ? libelle : id,
    taux,
    plafond: typeof plafond === 'number' ? plafond : null,
    depuis,
    references,
  };
}
